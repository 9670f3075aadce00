#include "sim/plan/delimited_values.hpp"

#include <charconv>
#include <cmath>

namespace ringpool::sim::plan {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<double> parse_decimal(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::expected<std::vector<double>, CsvValueError> read_first_column(
    std::string_view text, const std::function<std::optional<double>(std::string_view)>& parse) {
  std::vector<double> values;
  int line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{} : text.substr(end + 1);
    ++line_number;
    line = trim(line);
    if (line.empty() || line.front() == '#') continue;
    std::string_view field = trim(line.substr(0, line.find(',')));
    if (field.size() >= 2 && field.front() == '"' && field.back() == '"') field = field.substr(1, field.size() - 2);
    if (auto value = parse(field)) {
      values.push_back(*value);
    } else if (line_number != 1) {
      return std::unexpected(CsvValueError{line_number, std::string(field.substr(0, 60))});
    }
  }
  return values;
}

}  // namespace ringpool::sim::plan
