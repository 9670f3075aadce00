#include "reports/simulation_csv.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

namespace ringpool::reports {

namespace simulation_csv_detail {

using namespace ringpool::sim::plan;

// RFC 4180: quote a field only when it holds a comma, quote, CR or LF; double inner quotes.
std::string field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string number(double value) { return fmt::format("{}", value); }
std::string optional(const std::optional<double>& value) { return value ? number(*value) : std::string(); }

void row(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    out += fields[i];
  }
  out += "\r\n";
}

std::vector<std::string> knob_header(const StudyDescription& study) {
  std::vector<std::string> names;
  for (const std::string& name : study.knob_names) names.push_back(field(name));
  return names;
}

std::vector<std::string> knob_values(const PointDescription& point) {
  std::vector<std::string> values;
  for (const auto& [name, value] : point.knobs) values.push_back(field(value.text()));
  return values;
}


std::string render_simulation_runs_csv_impl(const StudyResult& result) {
  std::string out;
  std::vector<std::string> header = {"point", "replication"};
  for (std::string& name : knob_header(result.description)) header.push_back(std::move(name));
  for (const RunField& run_field : run_fields()) header.emplace_back(run_field.name);
  row(out, header);
  for (const RunRecord& run : result.runs) {
    std::vector<std::string> fields = {fmt::format("{}", run.point), fmt::format("{}", run.replication)};
    for (std::string& value : knob_values(result.description.points[run.point])) fields.push_back(std::move(value));
    for (const RunField& run_field : run_fields())
      std::visit([&](auto member) { fields.push_back(fmt::format("{}", run.metrics.*member)); }, run_field.member);
    row(out, fields);
  }
  return out;
}

std::string render_simulation_points_csv_impl(const StudyResult& result) {
  std::string out;
  std::vector<std::string> header = {"point"};
  for (std::string& name : knob_header(result.description)) header.push_back(std::move(name));
  for (const char* name : {"max_pool_size", "lifetime_seconds", "trackable_numbers", "holding_seconds", "mean_visits_per_second",
                           "peak_visits_per_second", "offered_load_erlangs", "peak_offered_load_erlangs",
                           "erlang_b_overflow", "littles_law_leased", "rule_of_thumb_numbers"})
    header.emplace_back(name);
  for (const MetricDefinition& definition : metric_definitions())
    for (const char* part : {"mean", "stderr", "ci95_low", "ci95_high"})
      header.push_back(fmt::format("{}_{}", definition.name, part));
  header.emplace_back("meets_targets");
  header.emplace_back("recommended");
  row(out, header);
  for (std::size_t i = 0; i < result.points.size(); ++i) {
    const PointDescription& point = result.description.points[i];
    const PointResult& measured = result.points[i];
    std::vector<std::string> fields = {fmt::format("{}", i)};
    for (std::string& value : knob_values(point)) fields.push_back(std::move(value));
    for (std::string value : {fmt::format("{}", point.max_pool_size), fmt::format("{}", point.lifetime_seconds),
                              fmt::format("{}", point.trackable_numbers), fmt::format("{}", point.holding_seconds),
                              number(point.mean_visits_per_second),
                              number(point.peak_visits_per_second), optional(point.offered_load_erlangs),
                              number(point.peak_offered_load_erlangs), number(point.erlang_b_overflow),
                              number(point.littles_law_leased), number(point.rule_of_thumb_numbers)})
      fields.push_back(std::move(value));
    for (const Summary& summary : measured.metrics)
      for (std::string value : {number(summary.mean), optional(summary.stderr_value), optional(summary.ci95_low),
                                optional(summary.ci95_high)})
        fields.push_back(std::move(value));
    fields.emplace_back(measured.meets_targets ? "true" : "false");
    fields.emplace_back(result.recommendation.point == i ? "true" : "false");
    row(out, fields);
  }
  return out;
}

}  // namespace simulation_csv_detail

std::string render_simulation_runs_csv(const sim::plan::StudyResult& result) {
  return simulation_csv_detail::render_simulation_runs_csv_impl(result);
}

std::string render_simulation_points_csv(const sim::plan::StudyResult& result) {
  return simulation_csv_detail::render_simulation_points_csv_impl(result);
}

}  // namespace ringpool::reports
