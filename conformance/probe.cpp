#include "conformance/probe.hpp"

#include "conformance/response_view.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace ringpool::conformance {

namespace {

bool is_ringpool_server(const Exchange& exchange) {
  if (!exchange.response) return false;
  auto server = exchange.response->headers.find("Server");
  return server != exchange.response->headers.end() && server->second.starts_with("ringpool/");
}

}  // namespace

api::Request probe_request(const ControlEndpoint& endpoint, const std::string& control_token) {
  api::Headers headers{{"X-Control-Token", control_token}};
  if (endpoint.capability == capability::kClock) return api::make_request("GET", std::string(endpoint.path), {}, headers);
  if (endpoint.capability == capability::kInspect)
    return api::make_request("GET", std::string(endpoint.path) + "0", {}, headers);
  headers.emplace("Content-Type", "application/json");
  // Advancing by 0 runs nothing that was not already due (T-1); the other bodies are invalid:
  // reset's seed is not a number, bulk's enabled is not a boolean (T-4), so they are refused.
  std::string body = endpoint.capability == capability::kClockAdvance ? R"({"seconds":0})"
                     : endpoint.capability == capability::kReset      ? R"({"seed":"not-a-seed","world":0})"
                                                                      : R"({"enabled":"not-a-boolean"})";
  return api::make_request(std::string(endpoint.method), std::string(endpoint.path), std::move(body), headers);
}

std::string probe_verdict(const ControlEndpoint& endpoint, const api::Request& request, const Exchange& exchange) {
  const std::string what = fmt::format("{} {}", request.method, request.path());
  if (!exchange.response) return fmt::format("{}: no answer ({})", what, exchange.transport_error);
  const int status = exchange.response->status;
  if (status == 404 && endpoint.capability == capability::kInspect) {
    // The endpoint exists and says pool 0 does not: a JSON error of class RecordNotFound.
    const ResponseView view(*exchange.response, "json");
    if (view.error().error_class == "RecordNotFound") return {};
  }
  if (status == 401 || status == 403)
    return fmt::format("{} answered {}: the control token was refused (give --control-token or RINGPOOL_CONTROL_TOKEN)",
                       what, status);
  if (status == 404 || status == 405 || status == 501 || status >= 500) return fmt::format("{} answered {}", what, status);
  return {};
}

Capabilities probe_capabilities(Target& target, const TargetDescription& description, const std::string& control_token) {
  Capabilities out;
  const auto declared = [&](std::string_view name) -> const bool* {
    auto it = description.capabilities.find(name);
    return it == description.capabilities.end() ? nullptr : &it->second;
  };
  const auto settle = [&](std::string_view name, bool present, std::string why) {
    if (present) out.present.emplace(name);
    else out.absent.emplace(std::string(name), std::move(why));
  };

  bool ringpool_server = false;
  bool inspect_unconfirmed = false;  // pool 0 answered 404 RecordNotFound (see below)
  for (const ControlEndpoint& endpoint : control_endpoints()) {
    if (const bool* said = declared(endpoint.capability)) {
      settle(endpoint.capability, *said, "the target description says so");
      continue;
    }
    const api::Request request = probe_request(endpoint, control_token);
    const Exchange exchange = target.send(ApiKind::Control, request);
    ringpool_server = ringpool_server || is_ringpool_server(exchange);
    std::string why = probe_verdict(endpoint, request, exchange);
    const bool present = why.empty();
    inspect_unconfirmed = inspect_unconfirmed || (present && endpoint.capability == capability::kInspect &&
                                                  exchange.response && exchange.response->status == 404);
    settle(endpoint.capability, present, std::move(why));
  }
  // A 404 RecordNotFound for pool 0 is what the pool view says of a pool that does not exist, but
  // also what some servers say of any unknown path. Only a pool that exists could tell; so it
  // counts as present when the server has some other control endpoint (and the run drops it if it
  // then answers 404 for a pool a scenario created), and as absent when it has none.
  if (inspect_unconfirmed && !out.has(capability::kClock) && !out.has(capability::kClockAdvance) &&
      !out.has(capability::kReset) && !out.has(capability::kBulkEnablement)) {
    out.lose(capability::kInspect,
             "GET /_control/ring_pools/0 answered 404, as every other control endpoint did: no control API");
  }

  const auto built_in = target.built_in_capabilities();
  for (std::string_view name : {capability::kWorld, capability::kFaultInjection}) {
    if (const bool* said = declared(name)) {
      settle(name, *said, "the target description says so");
    } else if (std::find(built_in.begin(), built_in.end(), name) != built_in.end()) {
      settle(name, true, {});
    } else if (!out.has(capability::kReset)) {
      settle(name, false, "it needs POST /_control/reset, which the target lacks");
    } else {
      // A ringpool server loads ringpool world files through reset; another server may say so.
      settle(name, ringpool_server,
             "the target is not a ringpool server (no 'Server: ringpool/...' header); list it in the target file's "
             "capabilities if it loads ringpool world files");
    }
  }

  const std::pair<std::string_view, const char*> networks[] = {
      {capability::kBulk, "bulk"}, {capability::kSecondNetwork, "second"}, {capability::kTagNetwork, "tags"}};
  for (const auto& [name, table] : networks) {
    if (const bool* said = declared(name)) settle(name, *said && description.context(table) != nullptr,
                                                  *said ? fmt::format("the target description has no [{}] table", table)
                                                        : "the target description says so");
    else settle(name, description.context(table) != nullptr, fmt::format("the target description has no [{}] table", table));
  }
  return out;
}

}  // namespace ringpool::conformance
