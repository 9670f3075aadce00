// Comparing a secret (the control token) with what a client sent, in time that does not depend on
// where they first differ, so that timing cannot reveal how much of a guess was right (issue 22).
// Only the length may show.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace ringpool::api {

inline bool secrets_equal(std::string_view secret, std::string_view given) {
  unsigned difference = secret.size() == given.size() ? 0U : 1U;
  const std::size_t length = std::max(secret.size(), given.size());
  for (std::size_t i = 0; i < length; ++i) {
    const auto a = static_cast<unsigned char>(i < secret.size() ? secret[i] : 0);
    const auto b = static_cast<unsigned char>(i < given.size() ? given[i] : 0);
    difference |= static_cast<unsigned>(a ^ b);
  }
  // Read once through volatile so that the loop cannot be cut short by the optimiser.
  const volatile unsigned result = difference;
  return result == 0;
}

}  // namespace ringpool::api
