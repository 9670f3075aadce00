// A live target with every API at `url` (a loopback server of the test), as `--target URL` makes.
#pragma once

#include "conformance/http_target.hpp"

#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

namespace ringpool::testing {

inline std::unique_ptr<conformance::HttpTarget> http_target_at(const std::string& url, const std::string& control_token,
                                                               double timeout_seconds = 10) {
  auto target = conformance::HttpTarget::create({url, url, url, url}, timeout_seconds, control_token);
  BOOST_REQUIRE_MESSAGE(target.has_value(), (target.has_value() ? std::string() : target.error()));
  return std::move(*target);
}

}  // namespace ringpool::testing
