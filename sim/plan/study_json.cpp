#include "sim/plan/study_json.hpp"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

namespace ringpool::sim::plan {

namespace {

using Json = nlohmann::ordered_json;

// Reading: every access goes through these, so a malformed file gives a path and an expectation.
struct Malformed {
  std::string message;
};

const Json& field(const Json& object, std::string_view key, std::string_view path) {
  if (!object.is_object()) throw Malformed{fmt::format("{}: expected an object", path)};
  auto it = object.find(key);
  if (it == object.end()) throw Malformed{fmt::format("{}: missing \"{}\"", path, key)};
  return *it;
}
std::string sub(std::string_view path, std::string_view key) { return fmt::format("{}.{}", path, key); }

std::int64_t get_integer(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_number_integer()) throw Malformed{fmt::format("{}: expected an integer", sub(path, key))};
  return value.get<std::int64_t>();
}
std::uint64_t get_unsigned(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_number_unsigned()) throw Malformed{fmt::format("{}: expected an unsigned integer", sub(path, key))};
  return value.get<std::uint64_t>();
}
double get_number(const Json& value, std::string_view path) {
  if (!value.is_number()) throw Malformed{fmt::format("{}: expected a number", path)};
  return value.get<double>();
}
double get_number(const Json& object, std::string_view key, std::string_view path) {
  return get_number(field(object, key, path), sub(path, key));
}
std::optional<double> get_optional_number(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (value.is_null()) return std::nullopt;
  return get_number(value, sub(path, key));
}
std::string get_string(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_string()) throw Malformed{fmt::format("{}: expected a string", sub(path, key))};
  return value.get<std::string>();
}
bool get_bool(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_boolean()) throw Malformed{fmt::format("{}: expected true or false", sub(path, key))};
  return value.get<bool>();
}
const Json& get_array(const Json& object, std::string_view key, std::string_view path) {
  const Json& value = field(object, key, path);
  if (!value.is_array()) throw Malformed{fmt::format("{}: expected an array", sub(path, key))};
  return value;
}

Json optional_number(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

KnobValue knob_from_json(const Json& value, std::string_view path) {
  if (value.is_boolean()) return KnobValue{value.get<bool>()};
  if (value.is_number_integer()) return KnobValue{value.get<std::int64_t>()};
  if (value.is_number_float()) return KnobValue{value.get<double>()};
  if (value.is_string()) return KnobValue{value.get<std::string>()};
  throw Malformed{fmt::format("{}: expected a number, boolean or string", path)};
}

Json targets_json(const Targets& targets) {
  Json json = Json::object();
  json["overflow_rate_max"] = optional_number(targets.overflow_rate_max);
  json["misattributed_share_max"] = optional_number(targets.misattributed_share_max);
  json["unattributed_share_max"] = optional_number(targets.unattributed_share_max);
  json["no_number_rate_max"] = optional_number(targets.no_number_rate_max);
  return json;
}

Json point_json(const PointDescription& point) {
  Json json = Json::object();
  Json knobs = Json::array();
  for (const auto& [name, value] : point.knobs) knobs.push_back(Json{{"name", name}, {"value", knob_json(value)}});
  json["knobs"] = knobs;
  json["max_pool_size"] = point.max_pool_size;
  json["lifetime_seconds"] = point.lifetime_seconds;
  json["allow_overflow"] = point.allow_overflow;
  json["trackable_numbers"] = point.trackable_numbers;
  json["mean_visits_per_second"] = point.mean_visits_per_second;
  json["peak_visits_per_second"] = point.peak_visits_per_second;
  json["offered_load_erlangs"] = optional_number(point.offered_load_erlangs);
  json["peak_offered_load_erlangs"] = point.peak_offered_load_erlangs;
  json["erlang_b_overflow"] = point.erlang_b_overflow;
  json["littles_law_leased"] = point.littles_law_leased;
  json["rule_of_thumb_numbers"] = point.rule_of_thumb_numbers;
  json["erlang_b_numbers_for_target"] =
      point.erlang_b_numbers_for_target ? Json(*point.erlang_b_numbers_for_target) : Json(nullptr);
  return json;
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
  point.trackable_numbers = get_integer(json, "trackable_numbers", path);
  point.mean_visits_per_second = get_number(json, "mean_visits_per_second", path);
  point.peak_visits_per_second = get_number(json, "peak_visits_per_second", path);
  point.offered_load_erlangs = get_optional_number(json, "offered_load_erlangs", path);
  point.peak_offered_load_erlangs = get_number(json, "peak_offered_load_erlangs", path);
  point.erlang_b_overflow = get_number(json, "erlang_b_overflow", path);
  point.littles_law_leased = get_number(json, "littles_law_leased", path);
  point.rule_of_thumb_numbers = get_number(json, "rule_of_thumb_numbers", path);
  if (!field(json, "erlang_b_numbers_for_target", path).is_null())
    point.erlang_b_numbers_for_target = get_integer(json, "erlang_b_numbers_for_target", path);
  return point;
}

StudyDescription description_from_json(const Json& json) {
  const std::string path = "description";
  StudyDescription study;
  study.title = get_string(json, "title", path);
  study.description = get_string(json, "description", path);
  study.source = get_string(json, "source", path);
  study.plan_digest = get_string(json, "plan_digest", path);
  study.seed = get_unsigned(json, "seed", path);
  study.replications = static_cast<int>(get_integer(json, "replications", path));
  study.start = get_integer(json, "start_ms", path);
  study.length = get_integer(json, "length_ms", path);
  study.warm_up = get_integer(json, "warm_up_ms", path);
  study.bucket = get_integer(json, "bucket_ms", path);
  study.traffic = get_string(json, "traffic", path);
  study.calls = get_string(json, "calls", path);
  study.pool = get_string(json, "pool", path);
  study.policy = get_string(json, "policy", path);
  study.poisson = get_bool(json, "poisson", path);
  study.cost_per_number_per_month = get_number(json, "cost_per_number_per_month", path);
  study.currency = get_string(json, "currency", path);
  const Json& targets = field(json, "targets", path);
  study.targets.overflow_rate_max = get_optional_number(targets, "overflow_rate_max", path + ".targets");
  study.targets.misattributed_share_max = get_optional_number(targets, "misattributed_share_max", path + ".targets");
  study.targets.unattributed_share_max = get_optional_number(targets, "unattributed_share_max", path + ".targets");
  study.targets.no_number_rate_max = get_optional_number(targets, "no_number_rate_max", path + ".targets");
  for (const Json& name : get_array(json, "knob_names", path)) {
    if (!name.is_string()) throw Malformed{path + ".knob_names: expected strings"};
    study.knob_names.push_back(name.get<std::string>());
  }
  study.paired = get_bool(json, "paired", path);
  std::size_t index = 0;
  for (const Json& point : get_array(json, "points", path))
    study.points.push_back(point_from_json(point, fmt::format("{}.points[{}]", path, index++)));
  if (study.replications < 1) throw Malformed{path + ".replications: expected at least 1"};
  return study;
}

std::vector<double> numbers_from_json(const Json& json, std::string_view key, const std::string& path) {
  std::vector<double> values;
  for (const Json& value : get_array(json, key, path)) values.push_back(get_number(value, sub(path, key)));
  return values;
}

RunRecord run_from_json(const Json& json, const std::string& path) {
  RunRecord run;
  const std::int64_t point = get_integer(json, "point", path);
  const std::int64_t replication = get_integer(json, "replication", path);
  if (point < 0 || replication < 0) throw Malformed{path + ": point and replication must be >= 0"};
  run.point = static_cast<std::size_t>(point);
  run.replication = static_cast<int>(replication);
  const Json& m = field(json, "metrics", path);
  const std::string mp = path + ".metrics";
  RunMetrics& metrics = run.metrics;
  metrics.visits = get_integer(m, "visits", mp);
  metrics.overflow_answers = get_integer(m, "overflow_answers", mp);
  metrics.no_number_answers = get_integer(m, "no_number_answers", mp);
  metrics.held_mean = get_number(m, "held_mean", mp);
  metrics.held_peak = get_integer(m, "held_peak", mp);
  metrics.leased_mean = get_number(m, "leased_mean", mp);
  metrics.leased_peak = get_integer(m, "leased_peak", mp);
  metrics.number_months = get_number(m, "number_months", mp);
  metrics.growth_steps = get_integer(m, "growth_steps", mp);
  metrics.shrink_steps = get_integer(m, "shrink_steps", mp);
  metrics.calls = get_integer(m, "calls", mp);
  metrics.calls_attributed = get_integer(m, "calls_attributed", mp);
  metrics.calls_misattributed = get_integer(m, "calls_misattributed", mp);
  metrics.calls_unattributed_overflow = get_integer(m, "calls_unattributed_overflow", mp);
  metrics.calls_unattributed_window = get_integer(m, "calls_unattributed_window", mp);
  metrics.calls_unattributed_no_number = get_integer(m, "calls_unattributed_no_number", mp);
  metrics.held_series = numbers_from_json(json, "held_series", path);
  metrics.leased_series = numbers_from_json(json, "leased_series", path);
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
  for (const PointDescription& point : study.points) points.push_back(point_json(point));
  json["points"] = points;
  return json;
}

Json run_json(const RunRecord& run) {
  const RunMetrics& m = run.metrics;
  Json metrics = Json::object();
  metrics["visits"] = m.visits;
  metrics["overflow_answers"] = m.overflow_answers;
  metrics["no_number_answers"] = m.no_number_answers;
  metrics["held_mean"] = m.held_mean;
  metrics["held_peak"] = m.held_peak;
  metrics["leased_mean"] = m.leased_mean;
  metrics["leased_peak"] = m.leased_peak;
  metrics["number_months"] = m.number_months;
  metrics["growth_steps"] = m.growth_steps;
  metrics["shrink_steps"] = m.shrink_steps;
  metrics["calls"] = m.calls;
  metrics["calls_attributed"] = m.calls_attributed;
  metrics["calls_misattributed"] = m.calls_misattributed;
  metrics["calls_unattributed_overflow"] = m.calls_unattributed_overflow;
  metrics["calls_unattributed_window"] = m.calls_unattributed_window;
  metrics["calls_unattributed_no_number"] = m.calls_unattributed_no_number;
  Json json = Json::object();
  json["point"] = run.point;
  json["replication"] = run.replication;
  json["metrics"] = metrics;
  json["held_series"] = m.held_series;
  json["leased_series"] = m.leased_series;
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
      return std::unexpected(fmt::format("schema is not \"{}\"", kShardSchema));
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

std::expected<std::pair<StudyDescription, std::vector<RunRecord>>, std::string> merge_shards(std::vector<ShardFile> shards) {
  if (shards.empty()) return std::unexpected("no shard files");
  const ShardFile& first = shards.front();
  const std::string reference = description_json(first.description).dump();
  std::set<int> seen;
  for (const ShardFile& shard : shards) {
    if (shard.shard.count != first.shard.count)
      return std::unexpected(fmt::format("shard {}/{} is of a split into {}, not {}", shard.shard.index, shard.shard.count,
                                         shard.shard.count, first.shard.count));
    if (description_json(shard.description).dump() != reference)
      return std::unexpected(fmt::format("shard {}/{} ran another plan, seed or replications (digest {} vs {})",
                                         shard.shard.index, shard.shard.count, shard.description.plan_digest,
                                         first.description.plan_digest));
    if (!seen.insert(shard.shard.index).second)
      return std::unexpected(fmt::format("shard {}/{} is given twice", shard.shard.index, shard.shard.count));
  }
  for (int k = 1; k <= first.shard.count; ++k)
    if (!seen.contains(k)) return std::unexpected(fmt::format("shard {}/{} is missing", k, first.shard.count));
  StudyDescription description = first.description;
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
