#include "conformance/capabilities.hpp"

#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>

#include <array>

namespace ringpool::conformance {

namespace {

constexpr std::array<CapabilityInfo, 10> kCapabilities = {{
    {capability::kClock, "reading the virtual clock (T-1, T-4)",
     "the target has no GET /_control/clock (T-4): start ringpool with `serve --control` and pass --control-token"},
    {capability::kClockAdvance, "every time-dependent check: lease ends and reuse, autoscaling ticks, local fill delays",
     "the target has no POST /_control/clock/advance (T-4), so time cannot be moved"},
    {capability::kReset, "resetting the world and seed through the control API (T-2, T-4)",
     "the target has no POST /_control/reset (T-4)"},
    {capability::kBulkEnablement, "enabling and disabling the Bulk API at run time (B-8, A-11)",
     "the target has no POST /_control/bulk (T-4), so Bulk cannot be enabled at run time"},
    {capability::kInspect, "white-box checks of what a pool holds: its numbers, leases and autoscaling state",
     "the target has no GET /_control/ring_pools/<id> (T-4), so pool internals are not visible"},
    {capability::kWorld, "scenarios that bring their own ringpool world file (pool types, policy knobs, declared pools)",
     "the target cannot load ringpool world files (a ringpool server with POST /_control/reset can)"},
    {capability::kFaultInjection, "service failures (M-7a, A-5) through a ringpool world's [faults]",
     "the target has no fault injection (a ringpool world with [faults], loaded through reset)"},
    {capability::kBulk, "the Bulk API on a bulk-enabled advertiser (B-*)",
     "no bulk-enabled advertiser is described ([bulk] in --target-file)"},
    {capability::kSecondNetwork, "isolation between networks (M-6)", "no second network is described ([second] in --target-file)"},
    {capability::kTagNetwork, "tag destinations and generated pool ids (M-9, M-15)",
     "no tag-destination network is described ([tags] in --target-file)"},
}};

// The path constants are the api layer's own (wire_paths.hpp), so the two cannot disagree.
const std::array<ControlEndpoint, 5>& endpoint_table() {
  static const std::array<ControlEndpoint, 5> table = {{
      {capability::kClock, "GET", api::wire::kControlClockPath, false},
      {capability::kClockAdvance, "POST", api::wire::kControlClockAdvancePath, false},
      {capability::kReset, "POST", api::wire::kControlResetPath, false},
      {capability::kBulkEnablement, "POST", api::wire::kControlBulkPath, false},
      {capability::kInspect, "GET", api::wire::kControlRingPoolsPrefix, true},
  }};
  return table;
}

}  // namespace

std::span<const CapabilityInfo> known_capabilities() { return kCapabilities; }

const CapabilityInfo* find_capability(std::string_view name) {
  for (const CapabilityInfo& info : kCapabilities)
    if (info.name == name) return &info;
  return nullptr;
}

bool is_known_capability(std::string_view name) { return find_capability(name) != nullptr; }

std::string capability_names() {
  std::string out;
  for (const CapabilityInfo& info : kCapabilities) out += (out.empty() ? "" : ", ") + std::string(info.name);
  return out;
}

std::string capability_name_problem(std::string_view name) {
  if (is_known_capability(name)) return {};
  if (name == "control")
    return "'control' was split, one capability per control endpoint: clock, clock-advance, reset, bulk-enablement, "
           "inspect";
  if (name == "white-box") return "'white-box' is now 'inspect' (GET /_control/ring_pools/<id>)";
  return fmt::format("unknown capability '{}' (expected one of: {})", name, capability_names());
}

std::span<const ControlEndpoint> control_endpoints() { return endpoint_table(); }

const ControlEndpoint* control_endpoint_of(std::string_view method, std::string_view path) {
  if (const auto query = path.find('?'); query != std::string_view::npos) path = path.substr(0, query);
  for (const ControlEndpoint& endpoint : endpoint_table()) {
    if (endpoint.method != method) continue;
    if (endpoint.prefix ? path.starts_with(endpoint.path) && path.size() > endpoint.path.size() : path == endpoint.path)
      return &endpoint;
  }
  return nullptr;
}

void Capabilities::lose(std::string_view name, std::string why) {
  if (auto it = present.find(name); it != present.end()) present.erase(it);
  absent.insert_or_assign(std::string(name), std::move(why));
}

std::string Capabilities::skip_reason(std::string_view name) const {
  const CapabilityInfo* info = find_capability(name);
  const std::string hint = info != nullptr ? std::string(info->missing) : "unknown capability";
  auto it = absent.find(name);
  if (it == absent.end() || it->second.empty()) return fmt::format("needs '{}': {}", name, hint);
  return fmt::format("needs '{}': {} ({})", name, hint, it->second);
}

}  // namespace ringpool::conformance
