#include "reports/load_html_report.hpp"

namespace ringpool::reports {

// Placeholder until the shared chart module (reports/svg_chart) lands in main; see the report.
std::string render_load_html(const load::LoadResult&) { return "<!DOCTYPE html><html><body>pending</body></html>\n"; }

}  // namespace ringpool::reports
