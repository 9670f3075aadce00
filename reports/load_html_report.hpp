// The HTML page of a `ringpool load` run: one self-contained file (no scripts, no network) with
// the summary, latency over time, the latency distribution, errors and violations with evidence.
#pragma once

#include "load/load_result.hpp"

#include <string>

namespace ringpool::reports {

std::string render_load_html(const load::LoadResult& result);

}  // namespace ringpool::reports
