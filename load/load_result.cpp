#include "load/load_result.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace ringpool::load {

namespace {

using ordered_json = nlohmann::ordered_json;

constexpr const char* kSchema = "ringpool-load-report/1";

ordered_json percentiles_json(const LatencyHistogram& histogram) {
  ordered_json out;
  out["count"] = histogram.count();
  out["p50_ms"] = histogram.quantile_ms(0.50);
  out["p90_ms"] = histogram.quantile_ms(0.90);
  out["p99_ms"] = histogram.quantile_ms(0.99);
  out["p99_9_ms"] = histogram.quantile_ms(0.999);
  out["p99_99_ms"] = histogram.quantile_ms(0.9999);
  out["max_ms"] = histogram.max_ms();
  out["mean_ms"] = histogram.mean_ms();
  return out;
}

ordered_json bounds_json(const ServerTimeBounds& bounds) { return ordered_json::array({bounds.earliest_ms, bounds.latest_ms}); }

ordered_json evidence_json(const Evidence& evidence) {
  ordered_json out;
  out["request"] = evidence.request;
  out["status"] = evidence.status;
  out["answer"] = evidence.answer;
  out["sent_ms"] = evidence.sent_ms;
  out["received_ms"] = evidence.received_ms;
  out["target_time_ms"] = bounds_json(evidence.server_time);
  return out;
}

Evidence evidence_from(const nlohmann::json& value) {
  Evidence out;
  out.request = value.at("request").get<std::string>();
  out.status = value.at("status").get<int>();
  out.answer = value.at("answer").get<std::string>();
  out.sent_ms = value.at("sent_ms").get<double>();
  out.received_ms = value.at("received_ms").get<double>();
  out.server_time = {value.at("target_time_ms").at(0).get<std::int64_t>(), value.at("target_time_ms").at(1).get<std::int64_t>()};
  return out;
}

LatencyHistogram histogram_from(const nlohmann::json& value) {
  auto parsed = LatencyHistogram::from_json(value);
  if (!parsed) throw std::runtime_error(parsed.error());
  return std::move(*parsed);
}

}  // namespace

double LoadResult::requests_per_second() const {
  return measured_seconds > 0 ? static_cast<double>(requests) / measured_seconds : 0.0;
}

double LoadResult::error_rate() const {
  return requests == 0 ? 0.0 : static_cast<double>(errors) / static_cast<double>(requests);
}

std::expected<void, std::string> merge_into(LoadResult& total, const LoadResult& shard) {
  if (total.settings.shards.empty()) {
    total = shard;
    return {};
  }
  for (const std::string& name : shard.settings.shards)
    if (std::find(total.settings.shards.begin(), total.settings.shards.end(), name) != total.settings.shards.end())
      return std::unexpected(fmt::format("shard {} appears twice", name));
  if (shard.settings.target != total.settings.target)
    return std::unexpected(fmt::format("shards ran against different targets ({} and {})", total.settings.target,
                                       shard.settings.target));
  total.settings.shards.insert(total.settings.shards.end(), shard.settings.shards.begin(), shard.settings.shards.end());
  total.settings.rate += shard.settings.rate;
  total.settings.connections += shard.settings.connections;
  total.settings.pools += shard.settings.pools;
  // Shards run side by side: the window is the longest one, and counts add.
  total.measured_seconds = std::max(total.measured_seconds, shard.measured_seconds);
  total.requests += shard.requests;
  total.errors += shard.errors;
  total.not_sent += shard.not_sent;
  total.first_answer_wait_max_ms = std::max(total.first_answer_wait_max_ms, shard.first_answer_wait_max_ms);
  total.connections_never_answered += shard.connections_never_answered;
  total.latency.merge(shard.latency);
  for (const auto& [kind, histogram] : shard.latency_by_kind) {
    auto [it, fresh] = total.latency_by_kind.try_emplace(kind, histogram);
    if (!fresh) it->second.merge(histogram);
  }
  for (const auto& [kind, count] : shard.requests_by_kind) total.requests_by_kind[kind] += count;
  for (const auto& [name, count] : shard.errors_by_class) total.errors_by_class[name] += count;
  if (total.timeline.size() < shard.timeline.size()) total.timeline.resize(shard.timeline.size());
  for (std::size_t i = 0; i < shard.timeline.size(); ++i) {
    total.timeline[i].requests += shard.timeline[i].requests;
    total.timeline[i].errors += shard.timeline[i].errors;
    total.timeline[i].latency.merge(shard.timeline[i].latency);
  }
  InvariantTally& tally = total.invariants;
  const InvariantTally& more = shard.invariants;
  tally.allocations_judged += more.allocations_judged;
  tally.leases_opened += more.leases_opened;
  tally.overflow_answers += more.overflow_answers;
  tally.reused_after_lease_end += more.reused_after_lease_end;
  tally.unjudged_csv += more.unjudged_csv;
  tally.bulk_rows_checked += more.bulk_rows_checked;
  tally.pools_cross_checked += more.pools_cross_checked;
  tally.answers_in_first_lease_time += more.answers_in_first_lease_time;
  for (const auto& [clause, count] : more.violations_by_clause) tally.violations_by_clause[clause] += count;
  total.violation_count += shard.violation_count;
  total.violations.insert(total.violations.end(), shard.violations.begin(), shard.violations.end());
  total.leftover_pools.insert(total.leftover_pools.end(), shard.leftover_pools.begin(), shard.leftover_pools.end());
  return {};
}

namespace {

ordered_json settings_json(const LoadSettings& settings) {
  ordered_json s;
  s["target"] = settings.target;
  s["loop"] = settings.loop;
  s["rate"] = settings.rate;
  s["connections"] = settings.connections;
  s["duration_seconds"] = settings.duration_seconds;
  s["warmup_seconds"] = settings.warmup_seconds;
  s["mix"] = settings.mix;
  s["bulk_rows"] = settings.bulk_rows;
  s["pools"] = settings.pools;
  s["pool_size"] = settings.pool_size;
  s["lifetime_seconds"] = settings.lifetime_seconds;
  s["clock_speed"] = settings.clock_speed;
  s["clock"] = settings.clock;
  s["profile"] = settings.profile;
  s["seed"] = settings.seed;
  s["run_id"] = settings.run_id;
  s["shards"] = settings.shards;
  return s;
}

ordered_json summary_json(const LoadResult& result) {
  ordered_json summary;
  summary["measured_seconds"] = result.measured_seconds;
  summary["requests"] = result.requests;
  summary["errors"] = result.errors;
  summary["not_sent"] = result.not_sent;
  summary["first_answer_wait_max_ms"] = result.first_answer_wait_max_ms;
  summary["connections_never_answered"] = result.connections_never_answered;
  summary["requests_per_second"] = result.requests_per_second();
  summary["error_rate"] = result.error_rate();
  summary["latency"] = percentiles_json(result.latency);
  summary["violations"] = result.violation_count;
  return summary;
}

ordered_json invariants_json(const LoadResult& result) {
  ordered_json invariants;
  const InvariantTally& tally = result.invariants;
  invariants["allocations_judged"] = tally.allocations_judged;
  invariants["leases_opened"] = tally.leases_opened;
  invariants["overflow_answers"] = tally.overflow_answers;
  invariants["reused_after_lease_end"] = tally.reused_after_lease_end;
  invariants["unjudged_csv"] = tally.unjudged_csv;
  invariants["bulk_rows_checked"] = tally.bulk_rows_checked;
  invariants["pools_cross_checked"] = tally.pools_cross_checked;
  invariants["answers_in_first_lease_time"] = tally.answers_in_first_lease_time;
  invariants["violations_by_clause"] = tally.violations_by_clause;
  ordered_json violations = ordered_json::array();
  for (const Violation& violation : result.violations) {
    ordered_json entry;
    entry["clause"] = violation.clause;
    entry["what"] = violation.what;
    ordered_json evidence = ordered_json::array();
    for (const Evidence& item : violation.evidence) evidence.push_back(evidence_json(item));
    entry["evidence"] = std::move(evidence);
    violations.push_back(std::move(entry));
  }
  invariants["violations"] = std::move(violations);
  return invariants;
}

ordered_json timeline_json(const std::vector<TimelineSecond>& seconds) {
  ordered_json timeline = ordered_json::array();
  for (const TimelineSecond& second : seconds) {
    ordered_json entry;
    entry["requests"] = second.requests;
    entry["errors"] = second.errors;
    entry["p50_ms"] = second.latency.quantile_ms(0.5);
    entry["p99_ms"] = second.latency.quantile_ms(0.99);
    entry["max_ms"] = second.latency.max_ms();
    entry["histogram"] = second.latency.to_json();
    timeline.push_back(std::move(entry));
  }
  return timeline;
}

}  // namespace

std::string render_load_json(const LoadResult& result) {
  ordered_json doc;
  doc["schema"] = kSchema;
  doc["settings"] = settings_json(result.settings);
  doc["summary"] = summary_json(result);
  ordered_json kinds = ordered_json::object();
  for (const auto& [kind, count] : result.requests_by_kind) {
    ordered_json entry;
    entry["requests"] = count;
    if (auto it = result.latency_by_kind.find(kind); it != result.latency_by_kind.end())
      entry["latency"] = percentiles_json(it->second);
    kinds[kind] = std::move(entry);
  }
  doc["by_kind"] = std::move(kinds);
  doc["errors_by_class"] = result.errors_by_class;
  doc["invariants"] = invariants_json(result);
  doc["leftover_pools"] = result.leftover_pools;
  doc["timeline"] = timeline_json(result.timeline);
  // Exact histograms, for `ringpool load merge`.
  ordered_json histograms;
  histograms["all"] = result.latency.to_json();
  for (const auto& [kind, histogram] : result.latency_by_kind) histograms[kind] = histogram.to_json();
  doc["histograms"] = std::move(histograms);
  // Strings from the target (answers quoted as evidence) may be any bytes: replace, never throw.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::expected<LoadResult, std::string> parse_load_json(std::string_view text) {
  const auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) return std::unexpected("not a JSON object");
  if (doc.value("schema", "") != kSchema)
    return std::unexpected(fmt::format("schema is not \"{}\" (is this a `ringpool load` report?)", kSchema));
  try {
    LoadResult out;
    const auto& s = doc.at("settings");
    LoadSettings& settings = out.settings;
    settings.target = s.at("target").get<std::string>();
    settings.loop = s.at("loop").get<std::string>();
    settings.rate = s.at("rate").get<double>();
    settings.connections = s.at("connections").get<int>();
    settings.duration_seconds = s.at("duration_seconds").get<double>();
    settings.warmup_seconds = s.at("warmup_seconds").get<double>();
    settings.mix = s.at("mix").get<std::string>();
    settings.bulk_rows = s.at("bulk_rows").get<int>();
    settings.pools = s.at("pools").get<int>();
    settings.pool_size = s.at("pool_size").get<int>();
    settings.lifetime_seconds = s.at("lifetime_seconds").get<int>();
    settings.clock_speed = s.at("clock_speed").get<double>();
    settings.clock = s.at("clock").get<std::string>();
    settings.profile = s.value("profile", "vendor");  // absent before the judge had profiles
    settings.seed = s.at("seed").get<std::uint64_t>();
    settings.run_id = s.at("run_id").get<std::string>();
    settings.shards = s.at("shards").get<std::vector<std::string>>();
    const auto& summary = doc.at("summary");
    out.measured_seconds = summary.at("measured_seconds").get<double>();
    out.requests = summary.at("requests").get<std::uint64_t>();
    out.errors = summary.at("errors").get<std::uint64_t>();
    out.not_sent = summary.at("not_sent").get<std::uint64_t>();
    out.first_answer_wait_max_ms = summary.at("first_answer_wait_max_ms").get<double>();
    out.connections_never_answered = summary.at("connections_never_answered").get<std::uint64_t>();
    out.violation_count = summary.at("violations").get<std::uint64_t>();
    for (const auto& [kind, entry] : doc.at("by_kind").items()) out.requests_by_kind[kind] = entry.at("requests").get<std::uint64_t>();
    out.errors_by_class = doc.at("errors_by_class").get<std::map<std::string, std::uint64_t>>();
    const auto& invariants = doc.at("invariants");
    InvariantTally& tally = out.invariants;
    tally.allocations_judged = invariants.at("allocations_judged").get<std::uint64_t>();
    tally.leases_opened = invariants.at("leases_opened").get<std::uint64_t>();
    tally.overflow_answers = invariants.at("overflow_answers").get<std::uint64_t>();
    tally.reused_after_lease_end = invariants.at("reused_after_lease_end").get<std::uint64_t>();
    tally.unjudged_csv = invariants.at("unjudged_csv").get<std::uint64_t>();
    tally.bulk_rows_checked = invariants.at("bulk_rows_checked").get<std::uint64_t>();
    tally.pools_cross_checked = invariants.at("pools_cross_checked").get<std::uint64_t>();
    tally.answers_in_first_lease_time = invariants.value("answers_in_first_lease_time", std::uint64_t{0});
    tally.violations_by_clause = invariants.at("violations_by_clause").get<std::map<std::string, std::uint64_t>>();
    for (const auto& entry : invariants.at("violations")) {
      Violation violation;
      violation.clause = entry.at("clause").get<std::string>();
      violation.what = entry.at("what").get<std::string>();
      for (const auto& item : entry.at("evidence")) violation.evidence.push_back(evidence_from(item));
      out.violations.push_back(std::move(violation));
    }
    if (doc.contains("leftover_pools")) out.leftover_pools = doc.at("leftover_pools").get<std::vector<std::string>>();
    for (const auto& entry : doc.at("timeline")) {
      TimelineSecond second;
      second.requests = entry.at("requests").get<std::uint64_t>();
      second.errors = entry.at("errors").get<std::uint64_t>();
      second.latency = histogram_from(entry.at("histogram"));
      out.timeline.push_back(std::move(second));
    }
    for (const auto& [name, value] : doc.at("histograms").items()) {
      if (name == "all") out.latency = histogram_from(value);
      else out.latency_by_kind.emplace(name, histogram_from(value));
    }
    return out;
  } catch (const std::exception& error) {
    return std::unexpected(fmt::format("malformed load report: {}", error.what()));
  }
}

std::vector<std::string> failed_gates(const LoadResult& result, const LoadGates& gates) {
  std::vector<std::string> failed;
  const double p99 = result.latency.quantile_ms(0.99);
  if (gates.max_p99_ms && p99 > *gates.max_p99_ms)
    failed.push_back(fmt::format("p99 latency {:.3f} ms > --max-p99-ms {:g}", p99, *gates.max_p99_ms));
  if (gates.max_error_rate && result.error_rate() > *gates.max_error_rate)
    failed.push_back(fmt::format("error rate {:.4f} > --max-error-rate {:g}", result.error_rate(), *gates.max_error_rate));
  return failed;
}

}  // namespace ringpool::load
