#include "sim/plan/study_json.hpp"

#include "sim/plan/json_fields.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace ringpool::sim::plan {

namespace {

using namespace json_fields;

KnobValue knob_from_json(const Json& value, std::string_view path) {
  if (value.is_boolean()) return KnobValue{value.get<bool>()};
  if (value.is_number_integer()) return KnobValue{value.get<std::int64_t>()};
  if (value.is_number_float()) return KnobValue{value.get<double>()};
  if (value.is_string()) return KnobValue{value.get<std::string>()};
  throw Malformed{fmt::format("{}: expected a number, boolean or string", path)};
}

Json targets_json(const Targets& targets) {
  Json json = Json::object();
  for (const TargetDefinition& target : target_definitions()) json[std::string(target.key)] = optional_number(targets.*target.limit);
  return json;
}

}  // namespace

Json point_description_json(const PointDescription& point) {
  Json json = Json::object();
  Json knobs = Json::array();
  for (const auto& [name, value] : point.knobs) knobs.push_back(Json{{"name", name}, {"value", knob_json(value)}});
  json["knobs"] = knobs;
  json["max_pool_size"] = point.max_pool_size;
  json["lifetime_seconds"] = point.lifetime_seconds;
  json["allow_overflow"] = point.allow_overflow;
  json["fill_immediately"] = point.fill_immediately;
  json["trackable_numbers"] = point.trackable_numbers;
  json["holding_seconds"] = point.holding_seconds;
  json["lease_grace_seconds"] = point.lease_grace_seconds;
  json["reuse_quarantine_seconds"] = point.reuse_quarantine_seconds;
  json["mean_visits_per_second"] = point.mean_visits_per_second;
  json["peak_visits_per_second"] = point.peak_visits_per_second;
  json["offered_load_erlangs"] = optional_number(point.offered_load_erlangs);
  json["peak_offered_load_erlangs"] = point.peak_offered_load_erlangs;
  json["erlang_b_overflow"] = point.erlang_b_overflow;
  json["littles_law_leased"] = point.littles_law_leased;
  json["rule_of_thumb_numbers"] = point.rule_of_thumb_numbers;
  json["erlang_b_numbers_for_target"] =
      point.erlang_b_numbers_for_target ? Json(*point.erlang_b_numbers_for_target) : Json(nullptr);
  json["erlang_b_caveats"] = point.erlang_b_caveats;
  return json;
}

namespace {

std::vector<std::string> strings_from_json(const Json& object, std::string_view key, const std::string& path) {
  std::vector<std::string> out;
  for (const Json& value : get_array(object, key, path)) {
    if (!value.is_string()) throw Malformed{fmt::format("{}: expected strings", sub(path, key))};
    out.push_back(value.get<std::string>());
  }
  return out;
}

PointDescription point_from_json(const Json& json, const std::string& path) {
  PointDescription point;
  std::size_t index = 0;
  for (const Json& knob : get_array(json, "knobs", path)) {
    const std::string knob_path = fmt::format("{}.knobs[{}]", path, index++);
    point.knobs.emplace_back(get_string(knob, "name", knob_path), knob_from_json(field(knob, "value", knob_path), knob_path));
  }
  point.max_pool_size = get_integer(json, "max_pool_size", path);
  point.lifetime_seconds = get_integer(json, "lifetime_seconds", path);
  point.allow_overflow = get_bool(json, "allow_overflow", path);
  point.fill_immediately = get_bool(json, "fill_immediately", path);
  point.trackable_numbers = get_integer(json, "trackable_numbers", path);
  point.holding_seconds = get_integer(json, "holding_seconds", path);
  point.lease_grace_seconds = get_integer(json, "lease_grace_seconds", path);
  point.reuse_quarantine_seconds = get_integer(json, "reuse_quarantine_seconds", path);
  point.mean_visits_per_second = get_number(json, "mean_visits_per_second", path);
  point.peak_visits_per_second = get_number(json, "peak_visits_per_second", path);
  point.offered_load_erlangs = get_optional_number(json, "offered_load_erlangs", path);
  point.peak_offered_load_erlangs = get_number(json, "peak_offered_load_erlangs", path);
  point.erlang_b_overflow = get_number(json, "erlang_b_overflow", path);
  point.littles_law_leased = get_number(json, "littles_law_leased", path);
  point.rule_of_thumb_numbers = get_number(json, "rule_of_thumb_numbers", path);
  if (!field(json, "erlang_b_numbers_for_target", path).is_null())
    point.erlang_b_numbers_for_target = get_integer(json, "erlang_b_numbers_for_target", path);
  point.erlang_b_caveats = strings_from_json(json, "erlang_b_caveats", path);
  return point;
}

void read_description_texts(const Json& json, const std::string& path, StudyDescription& study) {
  study.title = get_string(json, "title", path);
  study.description = get_string(json, "description", path);
  study.source = get_string(json, "source", path);
  study.plan_digest = get_string(json, "plan_digest", path);
  study.traffic = get_string(json, "traffic", path);
  study.calls = get_string(json, "calls", path);
  study.pool = get_string(json, "pool", path);
  study.policy = get_string(json, "policy", path);
  study.currency = get_string(json, "currency", path);
}

StudyDescription description_from_json(const Json& json) {
  const std::string path = "description";
  StudyDescription study;
  read_description_texts(json, path, study);
  study.seed = get_unsigned(json, "seed", path);
  study.replications = static_cast<int>(get_integer(json, "replications", path));
  study.start = get_integer(json, "start_ms", path);
  study.length = get_integer(json, "length_ms", path);
  study.warm_up = get_integer(json, "warm_up_ms", path);
  study.bucket = get_integer(json, "bucket_ms", path);
  study.poisson = get_bool(json, "poisson", path);
  study.cost_per_number_per_month = get_number(json, "cost_per_number_per_month", path);
  const Json& targets = field(json, "targets", path);
  for (const TargetDefinition& target : target_definitions())
    study.targets.*target.limit = get_optional_number(targets, target.key, path + ".targets");
  study.knob_names = strings_from_json(json, "knob_names", path);
  study.paired = get_bool(json, "paired", path);
  std::size_t index = 0;
  for (const Json& point : get_array(json, "points", path))
    study.points.push_back(point_from_json(point, fmt::format("{}.points[{}]", path, index++)));
  study.resolved_plan = field(json, "resolved_plan", path);
  if (study.replications < 1) throw Malformed{path + ".replications: expected at least 1"};
  return study;
}

RunRecord run_from_json(const Json& json, const std::string& path) {
  RunRecord run;
  const std::int64_t point = get_integer(json, "point", path);
  const std::int64_t replication = get_integer(json, "replication", path);
  if (point < 0 || replication < 0) throw Malformed{path + ": point and replication must be >= 0"};
  run.point = static_cast<std::size_t>(point);
  run.replication = static_cast<int>(replication);
  const Json& metrics = field(json, "metrics", path);
  const std::string metrics_path = path + ".metrics";
  for (const RunField& f : run_fields()) {
    if (const auto* integer = std::get_if<std::int64_t RunMetrics::*>(&f.member)) {
      run.metrics.*(*integer) = get_integer(metrics, f.name, metrics_path);
    } else {
      run.metrics.*std::get<double RunMetrics::*>(f.member) = get_number(metrics, f.name, metrics_path);
    }
  }
  for (const RunSeriesField& series : run_series_fields()) run.metrics.*series.member = get_numbers(json, series.name, path);
  return run;
}

}  // namespace

Json knob_json(const KnobValue& value) {
  return std::visit([](const auto& v) { return Json(v); }, value.value);
}

Json description_json(const StudyDescription& study) {
  Json json = Json::object();
  json["title"] = study.title;
  json["description"] = study.description;
  json["source"] = study.source;
  json["plan_digest"] = study.plan_digest;
  json["seed"] = study.seed;
  json["replications"] = study.replications;
  json["start_ms"] = study.start;
  json["length_ms"] = study.length;
  json["warm_up_ms"] = study.warm_up;
  json["bucket_ms"] = study.bucket;
  json["traffic"] = study.traffic;
  json["calls"] = study.calls;
  json["pool"] = study.pool;
  json["policy"] = study.policy;
  json["poisson"] = study.poisson;
  json["cost_per_number_per_month"] = study.cost_per_number_per_month;
  json["currency"] = study.currency;
  json["targets"] = targets_json(study.targets);
  json["knob_names"] = study.knob_names;
  json["paired"] = study.paired;
  Json points = Json::array();
  for (const PointDescription& point : study.points) points.push_back(point_description_json(point));
  json["points"] = points;
  json["resolved_plan"] = study.resolved_plan;
  return json;
}

Json run_json(const RunRecord& run) {
  Json metrics = Json::object();
  for (const RunField& f : run_fields())
    std::visit([&](auto member) { metrics[std::string(f.name)] = run.metrics.*member; }, f.member);
  Json json = Json::object();
  json["point"] = run.point;
  json["replication"] = run.replication;
  json["metrics"] = metrics;
  for (const RunSeriesField& series : run_series_fields()) json[std::string(series.name)] = run.metrics.*series.member;
  return json;
}

std::string render_shard_file(const ShardFile& file) {
  Json json = Json::object();
  json["schema"] = kShardSchema;
  json["shard"] = file.shard.index;
  json["shards"] = file.shard.count;
  json["description"] = description_json(file.description);
  Json runs = Json::array();
  for (const RunRecord& run : file.runs) runs.push_back(run_json(run));
  json["runs"] = runs;
  return json.dump() + "\n";
}

std::expected<ShardFile, std::string> parse_shard_file(std::string_view text) {
  Json json = Json::parse(text, nullptr, false);
  if (json.is_discarded()) return std::unexpected("not JSON");
  try {
    if (get_string(json, "schema", "file") != kShardSchema)
      return std::unexpected(fmt::format("schema is not \"{}\" (a shard of another ringpool version?)", kShardSchema));
    ShardFile file;
    file.shard.index = static_cast<int>(get_integer(json, "shard", "file"));
    file.shard.count = static_cast<int>(get_integer(json, "shards", "file"));
    if (file.shard.count < 1 || file.shard.index < 1 || file.shard.index > file.shard.count)
      return std::unexpected("shard and shards must satisfy 1 <= shard <= shards");
    file.description = description_from_json(field(json, "description", "file"));
    std::size_t index = 0;
    for (const Json& run : get_array(json, "runs", "file"))
      file.runs.push_back(run_from_json(run, fmt::format("runs[{}]", index++)));
    return file;
  } catch (const Malformed& malformed) {
    return std::unexpected(malformed.message);
  }
}

namespace {

// The description as merge compares it: without the plan's file name (content decides).
std::string content_of(const StudyDescription& description) {
  Json json = description_json(description);
  json.erase("source");
  json["resolved_plan"].erase("source");
  return json.dump();
}

std::expected<void, std::string> check_shard_set(const std::vector<ShardFile>& shards) {
  const ShardFile& first = shards.front();
  const std::string reference = content_of(first.description);
  std::set<int> seen;
  for (const ShardFile& shard : shards) {
    if (shard.shard.count != first.shard.count)
      return std::unexpected(fmt::format("shard {}/{} is of a split into {}, not {}", shard.shard.index, shard.shard.count,
                                         shard.shard.count, first.shard.count));
    if (content_of(shard.description) != reference)
      return std::unexpected(fmt::format("shard {}/{} ran another plan, seed or replications (digest {} vs {})",
                                         shard.shard.index, shard.shard.count, shard.description.plan_digest,
                                         first.description.plan_digest));
    if (!seen.insert(shard.shard.index).second)
      return std::unexpected(fmt::format("shard {}/{} is given twice", shard.shard.index, shard.shard.count));
  }
  for (int k = 1; k <= first.shard.count; ++k)
    if (!seen.contains(k)) return std::unexpected(fmt::format("shard {}/{} is missing", k, first.shard.count));
  return {};
}

}  // namespace

std::expected<std::pair<StudyDescription, std::vector<RunRecord>>, std::string> merge_shards(std::vector<ShardFile> shards) {
  if (shards.empty()) return std::unexpected("no shard files");
  if (auto checked = check_shard_set(shards); !checked) return std::unexpected(checked.error());
  std::sort(shards.begin(), shards.end(), [](const ShardFile& a, const ShardFile& b) { return a.shard.index < b.shard.index; });
  StudyDescription description = shards.front().description;
  const std::size_t run_count = description.run_count();
  std::vector<RunRecord> runs;
  std::vector<bool> present(run_count, false);
  for (ShardFile& shard : shards) {
    const std::vector<std::size_t> expected = shard_runs(run_count, shard.shard);
    if (shard.runs.size() != expected.size())
      return std::unexpected(fmt::format("shard {}/{} holds {} runs, not {}", shard.shard.index, shard.shard.count,
                                         shard.runs.size(), expected.size()));
    for (RunRecord& run : shard.runs) {
      const std::size_t index = run.point * static_cast<std::size_t>(description.replications) +
                                static_cast<std::size_t>(run.replication);
      if (run.point >= description.points.size() || run.replication >= description.replications || present[index])
        return std::unexpected(fmt::format("shard {}/{}: run (point {}, replication {}) is out of range or repeated",
                                           shard.shard.index, shard.shard.count, run.point, run.replication));
      present[index] = true;
      runs.push_back(std::move(run));
    }
  }
  return std::pair{std::move(description), std::move(runs)};
}

std::pair<StudyDescription, std::vector<RunRecord>> normalised(const StudyDescription& description,
                                                               const std::vector<RunRecord>& runs) {
  auto parsed = parse_shard_file(render_shard_file(ShardFile{Shard{1, 1}, description, runs}));
  if (!parsed) throw std::logic_error("normalised: the shard format does not read back: " + parsed.error());
  return {std::move(parsed->description), std::move(parsed->runs)};
}

}  // namespace ringpool::sim::plan
