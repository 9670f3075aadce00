// The stylesheet inlined into the HTML report (kept apart from the document code). It contains
// no '<', '>' or '&', so it survives XML text escaping inside <style> unchanged.
#pragma once

#include <string_view>

namespace ringpool::reports {

std::string_view html_report_stylesheet();

}  // namespace ringpool::reports
