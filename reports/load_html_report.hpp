// The HTML page of a `ringpool load` run: one self-contained file (no scripts, no network) with
// the summary, latency over time, the latency distribution, errors and violations with evidence.
#pragma once

#include "load/load_result.hpp"

#include <string>
#include <vector>

namespace ringpool::reports {

// `failed_gates` as load::failed_gates() returned them (shown in the verdict and the summary).
std::string render_load_html(const load::LoadResult& result, const std::vector<std::string>& failed_gates = {});

}  // namespace ringpool::reports
