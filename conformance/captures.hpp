// What a step keeps from an answer for later steps: values it captures into named lists
// (`capture`, `capture_rows`), and the pools it creates or finds, recorded under their alias.
#pragma once

#include "conformance/request_builder.hpp"
#include "conformance/response_view.hpp"
#include "conformance/scenario.hpp"
#include "conformance/scenario_state.hpp"

namespace ringpool::conformance {

// Appends each captured value to its list (a list that got nothing still exists, so a later
// ${list} says "nothing was captured" instead of "not defined").
void capture_values(const Step& step, const ResponseView& view, ScenarioState& state);

// Records the pool a 2xx create_pool, use_pool or update_pool answered with (its name, legacy id
// and key, network and campaign); a created pool is also queued for clean-up.
void remember_pool(const Step& step, const ResponseView& view, const RequestBuilder& builder, ScenarioState& state);

}  // namespace ringpool::conformance
