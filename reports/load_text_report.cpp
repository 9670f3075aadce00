#include "reports/load_text_report.hpp"

#include <fmt/format.h>

namespace ringpool::reports {

namespace {

std::string grouped(std::uint64_t value) {
  std::string digits = std::to_string(value);
  for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), ",");
  return digits;
}



constexpr std::size_t kViolationsShown = 3;  // the rest are in load.json and load.html

}  // namespace

std::string render_load_summary(const load::LoadResult& result, const std::vector<std::string>& failed_gates) {
  const load::LoadSettings& settings = result.settings;
  std::string out;
  const std::string loop = settings.loop == "open" ? fmt::format("open loop at {:g} req/s", settings.rate) : "closed loop";
  out += fmt::format("ringpool load: {}, {} over {} connections, {:g} s (+{:g} s warm-up), mix {}, target clock {}{}",
                     settings.target, loop, settings.connections, settings.duration_seconds, settings.warmup_seconds,
                     settings.mix, settings.clock,
                     settings.clock_speed > 0 ? fmt::format(" (driven x{:g})", settings.clock_speed) : std::string());
  if (settings.shards.size() > 1) out += fmt::format(", {} shards merged", settings.shards.size());
  out += "\n";
  out += fmt::format("  requests    {} in {:.1f} s = {:.0f} req/s; errors {} ({:.3f} %)", grouped(result.requests),
                     result.measured_seconds, result.requests_per_second(), grouped(result.errors),
                     100.0 * result.error_rate());
  if (result.not_sent > 0) out += fmt::format("; {} due but never sent (the target fell behind)", grouped(result.not_sent));
  out += "\n";
  out += fmt::format("  connections {}: the slowest waited {:.1f} ms for its first answer{}\n", settings.connections,
                     result.first_answer_wait_max_ms,
                     result.connections_never_answered > 0
                         ? fmt::format("; {} NEVER got an answer", result.connections_never_answered)
                         : std::string());
  const load::LatencyHistogram& latency = result.latency;
  out += fmt::format("  latency     p50 {:.3f}  p90 {:.3f}  p99 {:.3f}  p99.9 {:.3f}  p99.99 {:.3f}  max {:.3f} ms{}\n",
                     latency.quantile_ms(0.5), latency.quantile_ms(0.9), latency.quantile_ms(0.99),
                     latency.quantile_ms(0.999), latency.quantile_ms(0.9999), latency.max_ms(),
                     settings.loop == "open" ? " (from when each request was due)" : "");
  if (!result.requests_by_kind.empty()) {
    out += "  by kind    ";
    for (const auto& [kind, count] : result.requests_by_kind) {
      const auto histogram = result.latency_by_kind.find(kind);
      out += fmt::format(" {} {} (p99 {:.3f} ms)", kind, grouped(count),
                         histogram == result.latency_by_kind.end() ? 0.0 : histogram->second.quantile_ms(0.99));
    }
    out += "\n";
  }
  for (const auto& [name, count] : result.errors_by_class) out += fmt::format("  error       {} x {}\n", name, grouped(count));
  const load::InvariantTally& tally = result.invariants;
  out += fmt::format(
      "  invariants  {} allocations judged ({} profile): {} leases, {} overflow answers, {} numbers reused after their "
      "lease ended, {} answers in a pool's first lease time, {} bulk rows; {} pools cross-checked with the control API{}\n",
      grouped(tally.allocations_judged), settings.profile.empty() ? "vendor" : settings.profile, grouped(tally.leases_opened),
      grouped(tally.overflow_answers), grouped(tally.reused_after_lease_end), grouped(tally.answers_in_first_lease_time),
      grouped(tally.bulk_rows_checked), tally.pools_cross_checked,
      tally.unjudged_csv > 0
          ? fmt::format(" ({} answers whose overflow flag this profile does not believe: judged by the pool-wide rules)",
                        grouped(tally.unjudged_csv))
          : std::string());
  for (const std::string& leftover : result.leftover_pools) out += fmt::format("  LEFT ON THE SERVER  {}\n", leftover);
  if (result.violation_count == 0) {
    out += "  violations  none\n";
  } else {
    std::string by_clause;
    for (const auto& [clause, count] : tally.violations_by_clause) by_clause += fmt::format(" {} x{}", clause, count);
    out += fmt::format("  VIOLATIONS  {}:{}\n", grouped(result.violation_count), by_clause);
    for (std::size_t shown = 0; shown < result.violations.size() && shown < kViolationsShown; ++shown) {
      const load::Violation& violation = result.violations[shown];
      out += fmt::format("    {}: {}\n", violation.clause, violation.what);
      for (std::size_t i = 0; i < violation.evidence.size(); ++i) {
        const load::Evidence& evidence = violation.evidence[i];
        out += fmt::format("      answer {}: {} sent at {:.1f} ms, answered at {:.1f} ms (target time {}) -> {} {}\n", i + 1,
                           evidence.request, evidence.sent_ms, evidence.received_ms, load::describe_target_time(evidence.server_time),
                           evidence.status == 0 ? std::string("no answer:") : std::to_string(evidence.status),
                           evidence.answer);
      }
    }
    if (result.violation_count > kViolationsShown)
      out += fmt::format("    ({} more; evidence of the first {} in load.json and load.html)\n",
                         grouped(result.violation_count - kViolationsShown), result.violations.size());
  }
  for (const std::string& gate : failed_gates) out += fmt::format("  GATE FAILED {}\n", gate);
  return out;
}

std::string render_load_progress(const load::Progress& progress) {
  return fmt::format("[{:5.1f}/{:.1f} s{}] {:.0f} req/s  p99 {:.3f} ms  errors {}  violations {}", progress.elapsed_seconds,
                     progress.total_seconds, progress.warming_up ? " warm-up" : "", progress.requests_last_second,
                     progress.p99_ms, progress.errors, progress.violations);
}

}  // namespace ringpool::reports
