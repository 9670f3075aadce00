// Finding out what a target can do before a run: each optional control endpoint (T-4) is probed
// on its own with a request that cannot change the target's state; the target description adds
// what it declares (present or absent) and the networks it describes. The in-process reference is
// probed through the same requests as a live server. How each endpoint is probed, and what counts
// as present, is documented for vendors in conformance/VENDORS.md.
#pragma once

#include "conformance/capabilities.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"

#include <string>

namespace ringpool::conformance {

// The probe request of a control endpoint (with `control_token` in X-Control-Token): GET clock;
// POST clock/advance {"seconds": 0}; POST reset and POST bulk with a body T-4 forbids (a present
// endpoint refuses it with 400 and changes nothing); GET ring_pools/0 (no pool has id 0).
api::Request probe_request(const ControlEndpoint& endpoint, const std::string& control_token);

// Why an answer to a probe says the endpoint is absent, or "" when it is present: no answer, 404
// (except, for the pool view, a JSON RecordNotFound error: the endpoint may be there and pool 0
// not; probe_capabilities settles that), 405, 501, 401/403 (the control token was refused), 5xx.
std::string probe_verdict(const ControlEndpoint& endpoint, const api::Request& request, const Exchange& exchange);

Capabilities probe_capabilities(Target& target, const TargetDescription& description, const std::string& control_token);

}  // namespace ringpool::conformance
