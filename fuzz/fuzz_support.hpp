// What the fuzz targets share: a reference Service with the control API on, the pools each run
// may use, and the properties every answer to client input must have (issue 12: no 5xx, a body
// that parses in its declared format, a failed request changes nothing).
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/api/service.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::fuzz {

// The control token the harness serves; the dictionaries name it so the control API is fuzzed too.
inline constexpr std::string_view kControlToken = "fuzz-control";

// A pool the harness created, so that fuzzed allocations can name a real id and key.
struct KnownPool {
  std::string id;
  std::string api_key;
};

// One long-lived Service per fuzzing process (loading a world per input would cost most of the
// time); it is reset to the default world every `kInputsPerWorld` inputs so that state stays
// small, and right away whenever an input has grown it past a bound.
class Harness {
 public:
  static Harness& instance();

  // Call at the start of each input.
  void begin_input();
  api::Service& service() { return *service_; }
  const std::vector<KnownPool>& pools() const { return pools_; }

  // Serves `request` and checks the properties; aborts (a libFuzzer crash) on a violation.
  api::Response handle_checked(const api::Request& request);

 private:
  Harness();
  void load_world();
  // Hashes of what the control and management APIs show: the pools' autoscaling record apart.
  struct Digest {
    std::uint64_t state = 0;
    std::uint64_t autoscaling = 0;
  };
  Digest state_digest();

  std::unique_ptr<api::Service> service_;
  std::vector<KnownPool> pools_;
  std::uint64_t inputs_ = 0;
  std::optional<Digest> digest_;  // the state's digest, while known to be current
};

// Aborts with a message naming the violated property and the request; libFuzzer saves the input.
[[noreturn]] void violation(std::string_view property, const api::Request& request, const api::Response& response);

// Whether `response.body` parses in the format its content type declares (JSON: strict UTF-8
// JSON; XML: well-formed XML 1.0; CSV and text: UTF-8).
bool body_parses_as_declared(const api::Response& response);

}  // namespace ringpool::fuzz
