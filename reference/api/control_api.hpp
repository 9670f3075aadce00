// The control API (spec T-4): clock, reset, run-time Bulk enablement and pool inspection. Only
// served when the server runs with --control, and then only with the right X-Control-Token.
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/api/wire_paths.hpp"
#include "reference/domain/reference_model.hpp"

#include <nlohmann/json.hpp>

#include <memory>
#include <string_view>

namespace ringpool::api {

inline constexpr std::string_view kControlPrefix = wire::kControlPrefix;

// `model` may be replaced (reset). Authentication is the caller's job.
Response handle_control(std::unique_ptr<domain::ReferenceModel>& model, const Request& request);

// GET /_control/ring_pools/<id> body: numbers, leases, overflow number, autoscaling state.
nlohmann::ordered_json describe_pool(domain::ReferenceModel& model, const domain::RingPool& pool);

}  // namespace ringpool::api
