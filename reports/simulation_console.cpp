#include "reports/simulation_console.hpp"

#include "reports/simulation_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

namespace ringpool::reports {

// Named, not anonymous: a unity build puts every reports/ file in one translation unit.
namespace simulation_console_detail {

using namespace ringpool::sim::plan;
using simulation_text::amount;
using simulation_text::count_of;
using simulation_text::featured_point;
using simulation_text::holding_time;
using simulation_text::knobs_compact;
using simulation_text::metric;
using simulation_text::money;
using simulation_text::percent;
using simulation_text::rule_of_thumb_gap;
using simulation_text::stability;

constexpr std::size_t kRowsShown = 60;  // more points: the first ones and the recommended one
constexpr std::size_t kCheaperShown = 5;
constexpr std::size_t kWarningsShown = 3;

std::string table(const StudyResult& result) {
  const StudyDescription& study = result.description;
  std::vector<std::size_t> rows;
  for (std::size_t i = 0; i < result.points.size() && i < kRowsShown; ++i) rows.push_back(i);
  if (const auto chosen = result.recommendation.point; chosen && *chosen >= kRowsShown) rows.push_back(*chosen);
  std::size_t width = 5;
  for (std::size_t i : rows) width = std::max(width, knobs_compact(study.points[i]).size());
  std::string out = fmt::format("{:<{}}  {:>9} {:>10} {:>10} {:>10} {:>9} {:>12}  {}\n", "point", width, "trackable",
                                "overflow", "Erlang-B", "misattr.", "held", "cost/month", "targets");
  for (std::size_t i : rows) {
    const bool recommended = result.recommendation.point == i;
    const std::string verdict = study.has_targets() ? (result.points[i].meets_targets ? "met" : "missed") : "-";
    out += fmt::format("{:<{}}  {:>9} {:>10} {:>10} {:>10} {:>9.1f} {:>12.2f}  {}{}\n", knobs_compact(study.points[i]), width,
                       study.points[i].trackable_numbers, percent(metric(result, i, "overflow_rate").mean),
                       percent(study.points[i].erlang_b_overflow), percent(metric(result, i, "misattributed_share").mean),
                       metric(result, i, "held_mean").mean, metric(result, i, "cost_per_month").mean, verdict,
                       recommended ? "  <- recommended" : "");
  }
  if (result.points.size() > rows.size())
    out += fmt::format("... and {} more (see the report)\n", count_of(static_cast<std::int64_t>(result.points.size() - rows.size()),
                                                                     "point", "points"));
  return out;
}

std::string cross_checks(const StudyResult& result) {
  const StudyDescription& study = result.description;
  const std::size_t featured = featured_point(result);
  const PointDescription& point = study.points[featured];
  std::string out = fmt::format("Rule of thumb (peak visits/hour x lifetime hours): {:.1f} numbers", point.rule_of_thumb_numbers);
  if (point.erlang_b_numbers_for_target && study.targets.overflow_rate_max)
    out += fmt::format("; Erlang-B at the peak load of {:.1f} erlangs (holding time {}) for overflow <= {}: {} trackable numbers",
                       point.peak_offered_load_erlangs, holding_time(result, featured), percent(*study.targets.overflow_rate_max),
                       *point.erlang_b_numbers_for_target);
  out += ".\n";
  if (const std::string gap = rule_of_thumb_gap(result, featured); !gap.empty()) out += gap + "\n";
  return out;
}

std::string recommendation(const StudyResult& result) {
  const StudyDescription& study = result.description;
  std::string out;
  if (const auto chosen = result.recommendation.point) {
    out += fmt::format("Recommended: {} ({} trackable numbers; overflow {}, misattributed {}; leased peak {}).\n",
                       knobs_compact(study.points[*chosen]), study.points[*chosen].trackable_numbers,
                       percent(metric(result, *chosen, "overflow_rate").mean),
                       percent(metric(result, *chosen, "misattributed_share").mean),
                       amount(metric(result, *chosen, "leased_peak").mean));
  } else {
    out += "No recommendation.\n";
  }
  out += result.recommendation.explanation + "\n";
  const auto& cheaper = result.recommendation.cheaper;
  if (!cheaper.empty()) out += "Why not a cheaper point:\n";
  for (std::size_t i = 0; i < cheaper.size() && i < kCheaperShown; ++i)
    out += fmt::format("  {} ({}): {}\n", knobs_compact(study.points[cheaper[i].point]),
                       money(metric(result, cheaper[i].point, "cost_per_month").mean, study.currency), cheaper[i].reason);
  if (cheaper.size() > kCheaperShown)
    out += fmt::format("  ... and {} (see the report)\n",
                       count_of(static_cast<std::int64_t>(cheaper.size() - kCheaperShown), "more", "more"));
  const auto& warnings = result.recommendation.warnings;
  for (std::size_t i = 0; i < warnings.size() && i < kWarningsShown; ++i) out += fmt::format("Warning: {}\n", warnings[i]);
  if (warnings.size() > kWarningsShown)
    out += fmt::format("Warning: {} could qualify with more replications too (see the report)\n",
                       count_of(static_cast<std::int64_t>(warnings.size() - kWarningsShown), "more cheaper point", "more cheaper points"));
  if (const std::string text = stability(result); !text.empty()) out += text + "\n";
  return out;
}

}  // namespace simulation_console_detail


std::string render_simulation_header(const sim::plan::StudyDescription& description, int jobs, const std::string& shard_text,
                                     std::size_t shard_runs) {
  using namespace simulation_console_detail;
  return fmt::format("ringpool simulate: {} — {} x {} = {}{}, seed {}, {}\n", description.title,
                     count_of(static_cast<std::int64_t>(description.points.size()), "point", "points"),
                     count_of(description.replications, "replication", "replications"),
                     count_of(static_cast<std::int64_t>(description.run_count()), "run", "runs"),
                     shard_text.empty() ? "" : fmt::format(" (shard {}: {})", shard_text,
                                                           count_of(static_cast<std::int64_t>(shard_runs), "run", "runs")),
                     description.seed, count_of(jobs, "thread", "threads"));
}

std::string render_simulation_headline(const sim::plan::StudyResult& result) {
  using namespace simulation_console_detail;
  const auto chosen = result.recommendation.point;
  if (!chosen)
    return result.description.has_targets() ? "no point meets every target" : "no recommendation: the plan sets no targets";
  std::string text = fmt::format("{}: {} a month, overflow {}", knobs_compact(result.description.points[*chosen]),
                                 money(metric(result, *chosen, "cost_per_month").mean, result.description.currency),
                                 percent(metric(result, *chosen, "overflow_rate").mean));
  if (result.description.calls != "no calls")
    text += fmt::format(", misattributed {}", percent(metric(result, *chosen, "misattributed_share").mean));
  return text;
}

std::string render_simulation_console(const sim::plan::StudyResult& result) {
  using namespace simulation_console_detail;
  if (result.points.empty()) return "The plan has no sweep points.\n";
  return table(result) + "\n" + cross_checks(result) + recommendation(result);
}

std::string render_simulation_console_brief(const sim::plan::StudyResult& result) {
  using namespace simulation_console_detail;
  std::string out = result.recommendation.explanation + "\n";
  for (const std::string& warning : result.recommendation.warnings) out += fmt::format("Warning: {}\n", warning);
  return out;
}

}  // namespace ringpool::reports
