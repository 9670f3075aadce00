// Judging one step: its checks (the default "must succeed" check, then each tier the profile
// checks), and the exchange kept for the report when one of them did not pass.
#pragma once

#include "conformance/expectation_checker.hpp"
#include "conformance/results.hpp"
#include "conformance/scenario.hpp"
#include "conformance/target.hpp"

#include <vector>

namespace ringpool::conformance {

// Appends the step's checks to `out`. `context` carries the step title, placeholders and lists;
// its level and clause are set per tier here. A step that sends a request and states no status
// in any tier must answer 2xx ([doc] level), unless it says expect_success = false.
void judge_step(const Step& step, const CheckSubject& subject, Profile profile, CheckContext context,
                std::vector<CheckResult>& out);

// When a check from `first_check` on did not pass, records the exchange in `result` and points
// those checks at it. `base_url` prefixes the request target in the record; with `deterministic`
// the processing-time header (a wall-time measurement) is recorded as 0.
void attach_exchange(ScenarioResult& result, std::size_t first_check, ApiKind api, const api::Request& request,
                     const Exchange& exchange, const std::string& base_url, bool deterministic);

}  // namespace ringpool::conformance
