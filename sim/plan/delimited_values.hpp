// The small CSV files a plan names (replayed visit times, empirical call delays): one value per
// line in the first column. A first line that does not parse is a header; blank lines and lines
// starting with '#' are skipped; a field may be quoted.
#pragma once

#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::sim::plan {

struct CsvValueError {
  int line = 0;       // 1-based
  std::string field;  // what was found
};

// Each line's first field through `parse`; the first line that parse rejects, unless it is line 1.
std::expected<std::vector<double>, CsvValueError> read_first_column(
    std::string_view text, const std::function<std::optional<double>(std::string_view)>& parse);

// A finite decimal number ("12", "0.5", "1e3"); nullopt for anything else.
std::optional<double> parse_decimal(std::string_view text);

}  // namespace ringpool::sim::plan
