// A conformance *target*: something that answers the three RingPool APIs (and perhaps the control
// API). The runner only ever talks to this interface, so the same scenario runs against the
// in-process reference or a vendor's live server.
#pragma once

#include "reference/api/http_types.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance {

// Which API a request goes to; a live vendor may serve each from its own host.
enum class ApiKind { Management, Allocation, Bulk, Control };
const char* api_name(ApiKind api);  // "management", "allocation", "bulk", "control"

// One request's fate: a response, or the reason none arrived (timeout, refused, dropped).
struct Exchange {
  std::optional<api::Response> response;
  std::string transport_error;
};

class Target {
 public:
  virtual ~Target() = default;
  // "reference" or the base URL(s), for reports.
  virtual std::string describe() const = 0;
  // The base URL a request to `api` goes to ("reference:" in process), for reports.
  virtual std::string base_url(ApiKind api) const = 0;
  // Prepares a scenario. The reference builds a fresh world (the default one, or `world_toml`)
  // seeded with `seed`. A live target loads `world_toml` through the control API's reset when
  // given, and otherwise keeps whatever it has. The error says why the world could not be set.
  virtual std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                          const std::optional<std::string>& world_toml) = 0;
  virtual Exchange send(ApiKind api, const api::Request& request) = 0;
  // Capabilities the target has by construction, beyond what probing its control API finds (the
  // in-process reference loads world files itself, so it has "world" and "fault-injection").
  virtual std::vector<std::string_view> built_in_capabilities() const { return {}; }
  // True when every begin_scenario starts from a fresh world whatever came before (the in-process
  // targets): nothing a scenario leaves behind reaches the next, so the runner neither deletes
  // the pools a scenario made nor restores the default world after a scenario's own.
  virtual bool begins_afresh() const { return false; }
};

}  // namespace ringpool::conformance
