// What a target can do beyond the three APIs, by name: each optional control endpoint of T-4 is
// one capability, the rest come from the target description or from being a ringpool server.
// Scenarios name the capabilities they use; a target without one gets the scenario skipped, with
// the reason. The vendor's view of each is in conformance/VENDORS.md.
#pragma once

#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace ringpool::conformance {

namespace capability {
inline constexpr std::string_view kClock = "clock";                      // GET /_control/clock
inline constexpr std::string_view kClockAdvance = "clock-advance";       // POST /_control/clock/advance
inline constexpr std::string_view kReset = "reset";                      // POST /_control/reset
inline constexpr std::string_view kBulkEnablement = "bulk-enablement";   // POST /_control/bulk
inline constexpr std::string_view kInspect = "inspect";                  // GET /_control/ring_pools/<id>
inline constexpr std::string_view kWorld = "world";                      // loads ringpool world files (reset)
inline constexpr std::string_view kFaultInjection = "fault-injection";  // a ringpool world's [faults]
inline constexpr std::string_view kBulk = "bulk";                        // [bulk] in the target description
inline constexpr std::string_view kSecondNetwork = "second-network";     // [second]
inline constexpr std::string_view kTagNetwork = "tag-network";           // [tags]
}  // namespace capability

struct CapabilityInfo {
  std::string_view name;
  std::string_view unlocks;  // what it lets the suite check
  std::string_view missing;  // why a scenario that needs it cannot run without it
};

// Every capability, in a stable order (the order of VENDORS.md).
std::span<const CapabilityInfo> known_capabilities();
const CapabilityInfo* find_capability(std::string_view name);
bool is_known_capability(std::string_view name);
// "clock, clock-advance, ..." for messages.
std::string capability_names();
// "" for a known name; else what is wrong, naming the replacement of a former name ("control" was
// split into the endpoint capabilities, "white-box" is "inspect").
std::string capability_name_problem(std::string_view name);

// A control endpoint (T-4); each is its own capability.
struct ControlEndpoint {
  std::string_view capability;
  std::string_view method;
  std::string_view path;  // full path; for `prefix` endpoints an id follows
  bool prefix = false;
};

std::span<const ControlEndpoint> control_endpoints();
// The endpoint that `method path` (query ignored, placeholders allowed after a prefix) addresses,
// or null for anything else (an unknown control path is no capability: a scenario may test that
// it is refused).
const ControlEndpoint* control_endpoint_of(std::string_view method, std::string_view path);

// What a run may use: the capabilities present, and for the known ones that are not, why (the
// probe's answer, the target file's word, or a control endpoint that answered 404 during the
// run). Skip reasons quote it.
struct Capabilities {
  std::set<std::string, std::less<>> present;
  std::map<std::string, std::string, std::less<>> absent;  // name -> why

  bool has(std::string_view name) const { return present.find(name) != present.end(); }
  // Moves `name` to absent (a control endpoint answered 404/501 during the run).
  void lose(std::string_view name, std::string why);
  // "needs 'inspect': <why it is absent>; <what would provide it>"
  std::string skip_reason(std::string_view name) const;
};

}  // namespace ringpool::conformance
