#include "reports/simulation_json.hpp"

#include "sim/core/time.hpp"
#include "sim/plan/study_json.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::reports {

// Named, not anonymous: a unity build puts every reports/ file in one translation unit.
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
  Json targets = Json::object();
  for (const TargetDefinition& target : target_definitions())
    targets[std::string(target.key)] = optional_number(study.targets.*target.limit);
  plan["targets"] = targets;
  plan["sweep"] = Json{{"knobs", study.knob_names}, {"paired", study.paired}};
  plan["resolved"] = study.resolved_plan;
  return plan;
}

Json target_json(const TargetCheck& check) {
  return Json{{"target", check.target}, {"metric", check.metric},   {"limit", check.limit},
              {"mean", check.mean},     {"ci95_low", check.low},     {"upper", check.upper},
              {"met", check.met},       {"met_at_mean", check.met_at_mean}, {"straddles", check.straddles()}};
}

Json point_json(const StudyResult& result, std::size_t index) {
  const PointResult& measured = result.points[index];
  Json out = Json::object();
  out["index"] = index;
  out["knobs"] = knobs_json(result.description.points[index]);
  const Json description = point_description_json(result.description.points[index]);
  for (auto it = description.begin(); it != description.end(); ++it)
    if (it.key() != "knobs") out[it.key()] = it.value();
  out["meets_targets"] = measured.meets_targets;
  out["verdict"] = measured.verdict;
  Json targets = Json::array();
  for (const TargetCheck& check : measured.targets) targets.push_back(target_json(check));
  out["targets"] = targets;
  Json metrics = Json::object();
  const auto& definitions = metric_definitions();
  for (std::size_t m = 0; m < definitions.size(); ++m) {
    const Summary& summary = measured.metrics[m];
    metrics[std::string(definitions[m].name)] =
        Json{{"mean", summary.mean},
             {"stderr", optional_number(summary.stderr_value)},
             {"ci95_low", optional_number(summary.ci95_low)},
             {"ci95_high", optional_number(summary.ci95_high)},
             {"interval", method_name(summary.method)}};
  }
  out["metrics"] = metrics;
  out["series"] = Json{{"held_mean", measured.held_series},
                       {"leased_mean", measured.leased_series},
                       {"held_peak", measured.held_peak_series},
                       {"leased_peak", measured.leased_peak_series}};
  return out;
}

Json recommendation_json(const StudyResult& result) {
  const Recommendation& recommendation = result.recommendation;
  Json out = Json::object();
  out["point"] = recommendation.point ? Json(*recommendation.point) : Json(nullptr);
  out["knobs"] = recommendation.point ? knobs_json(result.description.points[*recommendation.point]) : Json(nullptr);
  out["explanation"] = recommendation.explanation;
  out["binding_targets"] = recommendation.binding;
  Json cheaper = Json::array();
  for (const CheaperPoint& point : recommendation.cheaper)
    cheaper.push_back(Json{{"point", point.point}, {"knobs", knobs_json(result.description.points[point.point])},
                           {"reason", point.reason}});
  out["cheaper_points"] = cheaper;
  out["warnings"] = recommendation.warnings;
  return out;
}

Json stability_json(const StudyResult& result) {
  if (result.stability.empty()) return Json(nullptr);
  Json seeds = Json::array(), recommended = Json::array();
  std::size_t agreeing = 0;
  for (const SeedOutcome& outcome : result.stability) {
    seeds.push_back(outcome.seed);
    recommended.push_back(outcome.point ? Json(*outcome.point) : Json(nullptr));
    agreeing += outcome.point == result.recommendation.point ? 1 : 0;
  }
  return Json{{"seeds", seeds}, {"recommended", recommended}, {"agreeing", agreeing}};
}

}  // namespace simulation_json_detail


std::string render_simulation_json(const sim::plan::StudyResult& result) {
  using namespace simulation_json_detail;
  Json out = Json::object();
  out["schema"] = kSimulationSchema;
  out["plan"] = plan_json(result.description);
  Json metrics = Json::array();
  for (const MetricDefinition& definition : metric_definitions())
    metrics.push_back(Json{{"name", definition.name},
                           {"meaning", definition.meaning},
                           {"kind", definition.kind == MetricKind::Rate ? "rate" : "amount"}});
  out["metrics"] = metrics;
  Json points = Json::array();
  for (std::size_t i = 0; i < result.points.size(); ++i) points.push_back(point_json(result, i));
  out["points"] = points;
  out["recommendation"] = recommendation_json(result);
  out["stability"] = stability_json(result);
  return out.dump(2) + "\n";
}

}  // namespace ringpool::reports
