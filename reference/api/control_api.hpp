// The control API (spec T-4): clock, reset, run-time Bulk enablement and pool inspection. Only
// served when the server runs with --control, and then only with the right X-Control-Token.
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/api/wire_paths.hpp"
#include "reference/domain/reference_model.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace ringpool::api {

inline constexpr std::string_view kControlPrefix = wire::kControlPrefix;

// T-4's endpoints. A server may serve any subset of them (`ringpool serve --control-endpoints`);
// the others answer 404 as if the control API did not have them.
enum class ControlEndpoint : std::uint8_t {
  Clock,         // GET /_control/clock
  ClockAdvance,  // POST /_control/clock/advance
  Reset,         // POST /_control/reset
  Bulk,          // POST /_control/bulk
  RingPools,     // GET /_control/ring_pools/<id>
};
inline constexpr std::array kControlEndpoints = {ControlEndpoint::Clock, ControlEndpoint::ClockAdvance,
                                                 ControlEndpoint::Reset, ControlEndpoint::Bulk,
                                                 ControlEndpoint::RingPools};
// "clock", "clock-advance", "reset", "bulk-enablement", "inspect": the names the conformance
// runner gives these endpoints as capabilities (conformance/capabilities.hpp).
std::string_view control_endpoint_name(ControlEndpoint endpoint);
std::optional<ControlEndpoint> parse_control_endpoint(std::string_view name);
// The endpoint a path under /_control/ addresses, whatever the method; nullopt for none.
std::optional<ControlEndpoint> control_endpoint_of(std::string_view path);

// A set of control endpoints; all of them by default.
class ControlEndpointSet {
 public:
  static ControlEndpointSet none() { return ControlEndpointSet(0); }
  ControlEndpointSet() = default;
  bool contains(ControlEndpoint endpoint) const { return (bits_ & bit(endpoint)) != 0; }
  void insert(ControlEndpoint endpoint) { bits_ |= bit(endpoint); }
  bool empty() const { return bits_ == 0; }
  friend bool operator==(const ControlEndpointSet&, const ControlEndpointSet&) = default;

 private:
  explicit ControlEndpointSet(unsigned bits) : bits_(bits) {}
  static unsigned bit(ControlEndpoint endpoint) { return 1u << static_cast<unsigned>(endpoint); }
  unsigned bits_ = (1u << kControlEndpoints.size()) - 1;
};

// `model` may be replaced (reset); `prepare_world`, when given, is applied to the world a reset
// loads before the model starts. Authentication is the caller's job. With `stopwatch_ms` (a
// monotonic clock in milliseconds), an advance comes in pieces (Response::next_piece), each
// running the events due for at most kAdvanceSliceMs, so that the service's lock is never held
// longer (issue 22: 3.2e9 s over 100k pools held the server for 22.6 s); the body, the clock
// after the advance, is the last piece. A reset between pieces ends the advance there.
inline constexpr double kAdvanceSliceMs = 50.0;
Response handle_control(std::unique_ptr<domain::ReferenceModel>& model, const Request& request,
                        const std::function<void(domain::World&)>& prepare_world = {},
                        const std::function<double()>& stopwatch_ms = {});

// GET /_control/ring_pools/<id> body: numbers, leases, overflow number, autoscaling state.
nlohmann::ordered_json describe_pool(domain::ReferenceModel& model, const domain::RingPool& pool);

}  // namespace ringpool::api
