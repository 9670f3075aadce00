// NANP phone numbers (spec C-2): parsed leniently from the documented input forms, stored as a
// 10-digit integer, printed as 10 digits or NPA-NXX-XXXX.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringpool::domain {

// A 10-digit NANP number, e.g. 8881112222. Value type; 0 is never a valid number.
struct PhoneNumber {
  std::uint64_t digits = 0;

  std::uint32_t npa() const { return static_cast<std::uint32_t>(digits / 10'000'000); }
  std::string str() const;        // "8881112222"
  std::string formatted() const;  // "888-111-2222"

  friend auto operator<=>(const PhoneNumber&, const PhoneNumber&) = default;
};

// Accepts 8881112222, 888-111-2222, (888) 111-2222, 888.111.2222, +1 888 111 2222,
// 1-888-111-2222. The NPA's first digit must be 2-9. nullopt for anything else.
std::optional<PhoneNumber> parse_phone_number(std::string_view text);

// True when `text` is an NPA as the spec accepts it in tn_prefix and whitelists: [2-9][0-9][0-9].
bool is_npa(std::string_view text);

bool is_toll_free_npa(std::uint32_t npa);

}  // namespace ringpool::domain
