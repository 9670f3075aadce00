#include "reports/simulation_json.hpp"

#include "sim/core/time.hpp"
#include "sim/plan/study_json.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::reports {

namespace simulation_json_detail {

using Json = nlohmann::ordered_json;
using namespace ringpool::sim::plan;

Json optional_number(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }

Json knobs_json(const PointDescription& point) {
  Json knobs = Json::object();
  for (const auto& [name, value] : point.knobs) knobs[name] = knob_json(value);
  return knobs;
}

Json plan_json(const StudyDescription& study) {
  Json plan = Json::object();
  plan["title"] = study.title;
  plan["description"] = study.description;
  plan["source"] = study.source;
  plan["plan_digest"] = study.plan_digest;
  plan["seed"] = study.seed;
  plan["replications"] = study.replications;
  plan["horizon"] = Json{{"start", sim::format_iso8601(study.start)},
                         {"length_seconds", static_cast<double>(study.length) / 1000.0},
                         {"warm_up_seconds", static_cast<double>(study.warm_up) / 1000.0},
                         {"bucket_seconds", static_cast<double>(study.bucket) / 1000.0}};
  plan["pool"] = study.pool;
  plan["policy"] = study.policy;
  plan["traffic"] = study.traffic;
  plan["poisson"] = study.poisson;
  plan["calls"] = study.calls;
  plan["cost"] = Json{{"per_number_per_month", study.cost_per_number_per_month}, {"currency", study.currency}};
  plan["targets"] = Json{{"overflow_rate_max", optional_number(study.targets.overflow_rate_max)},
                         {"misattributed_share_max", optional_number(study.targets.misattributed_share_max)},
                         {"unattributed_share_max", optional_number(study.targets.unattributed_share_max)},
                         {"no_number_rate_max", optional_number(study.targets.no_number_rate_max)}};
  plan["sweep"] = Json{{"knobs", study.knob_names}, {"paired", study.paired}};
  return plan;
}

Json point_json(const StudyResult& result, std::size_t index) {
  const PointDescription& point = result.description.points[index];
  const PointResult& measured = result.points[index];
  Json out = Json::object();
  out["index"] = index;
  out["knobs"] = knobs_json(point);
  out["max_pool_size"] = point.max_pool_size;
  out["lifetime_seconds"] = point.lifetime_seconds;
  out["allow_overflow"] = point.allow_overflow;
  out["trackable_numbers"] = point.trackable_numbers;
  out["mean_visits_per_second"] = point.mean_visits_per_second;
  out["peak_visits_per_second"] = point.peak_visits_per_second;
  out["offered_load_erlangs"] = optional_number(point.offered_load_erlangs);
  out["peak_offered_load_erlangs"] = point.peak_offered_load_erlangs;
  out["erlang_b_overflow"] = point.erlang_b_overflow;
  out["littles_law_leased"] = point.littles_law_leased;
  out["rule_of_thumb_numbers"] = point.rule_of_thumb_numbers;
  out["erlang_b_numbers_for_target"] =
      point.erlang_b_numbers_for_target ? Json(*point.erlang_b_numbers_for_target) : Json(nullptr);
  out["meets_targets"] = measured.meets_targets;
  Json targets = Json::array();
  for (const TargetCheck& check : measured.targets)
    targets.push_back(Json{{"target", check.target}, {"metric", check.metric}, {"limit", check.limit},
                           {"upper", check.upper}, {"met", check.met}});
  out["targets"] = targets;
  Json metrics = Json::object();
  const auto& definitions = metric_definitions();
  for (std::size_t m = 0; m < definitions.size(); ++m) {
    const Summary& summary = measured.metrics[m];
    metrics[std::string(definitions[m].name)] = Json{{"mean", summary.mean},
                                                     {"stderr", optional_number(summary.stderr_value)},
                                                     {"ci95_low", optional_number(summary.ci95_low)},
                                                     {"ci95_high", optional_number(summary.ci95_high)}};
  }
  out["metrics"] = metrics;
  out["series"] = Json{{"held_mean", measured.held_series}, {"leased_mean", measured.leased_series}};
  return out;
}


std::string render_simulation_json_impl(const StudyResult& result) {
  Json out = Json::object();
  out["schema"] = kSimulationSchema;
  out["plan"] = plan_json(result.description);
  Json metrics = Json::array();
  for (const MetricDefinition& definition : metric_definitions())
    metrics.push_back(Json{{"name", definition.name}, {"meaning", definition.meaning}});
  out["metrics"] = metrics;
  Json points = Json::array();
  for (std::size_t i = 0; i < result.points.size(); ++i) points.push_back(point_json(result, i));
  out["points"] = points;
  const Recommendation& recommendation = result.recommendation;
  Json recommended = Json::object();
  recommended["point"] = recommendation.point ? Json(*recommendation.point) : Json(nullptr);
  recommended["knobs"] = recommendation.point ? knobs_json(result.description.points[*recommendation.point]) : Json(nullptr);
  recommended["explanation"] = recommendation.explanation;
  recommended["binding_targets"] = recommendation.binding;
  out["recommendation"] = recommended;
  return out.dump(2) + "\n";
}

}  // namespace simulation_json_detail

std::string render_simulation_json(const sim::plan::StudyResult& result) {
  return simulation_json_detail::render_simulation_json_impl(result);
}

}  // namespace ringpool::reports
