// recommend(): the cheapest point that meets every target at its 95 % upper bound (without a
// price, the one holding the fewest numbers), why each cheaper point does not qualify, and the
// cheaper points whose interval straddles a target (more replications could change the choice).
// A plan without targets gets no recommendation: "cheapest" alone would pick the smallest pool.
#include "sim/plan/study.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

namespace ringpool::sim::plan {

namespace {

std::string point_text(const StudyDescription& description, std::size_t point) {
  std::string text;
  for (const auto& [name, value] : description.points[point].knobs)
    text += fmt::format("{}{} = {}", text.empty() ? "" : ", ", name, value.text());
  return text.empty() ? std::string("the plan as written") : text;
}

// What "cheaper" compares: mean cost per month, then mean numbers held, then the sweep order.
struct Price {
  double cost = 0;
  double held = 0;
  std::size_t index = 0;
  bool operator<(const Price& other) const {
    if (cost != other.cost) return cost < other.cost;
    if (held != other.held) return held < other.held;
    return index < other.index;
  }
};

Price price_of(const std::vector<PointResult>& points, std::size_t point) {
  return Price{points[point].metrics[metric_index("cost_per_month")].mean, points[point].metrics[metric_index("held_mean")].mean,
               point};
}

// When no point qualifies: the targets no point meets, or all of them when each is met somewhere.
std::vector<std::string> binding_targets(const StudyDescription& description, const std::vector<PointResult>& points) {
  std::vector<std::string> unmet_everywhere, all;
  for (const TargetDefinition& target : target_definitions()) {
    if (!(description.targets.*target.limit)) continue;
    all.emplace_back(target.key);
    const bool met_somewhere = std::any_of(points.begin(), points.end(), [&](const PointResult& point) {
      return std::any_of(point.targets.begin(), point.targets.end(),
                         [&](const TargetCheck& check) { return check.target == target.key && check.met; });
    });
    if (!met_somewhere) unmet_everywhere.emplace_back(target.key);
  }
  return unmet_everywhere.empty() ? all : unmet_everywhere;
}

// Cheaper points that miss only by intervals straddling their limits: more replications could
// make them qualify, and the recommendation would then change.
std::vector<std::string> straddle_warnings(const StudyDescription& description, const std::vector<PointResult>& points,
                                           const std::vector<std::size_t>& candidates) {
  std::vector<std::string> warnings;
  for (std::size_t point : candidates) {
    const auto& checks = points[point].targets;
    const bool close = std::all_of(checks.begin(), checks.end(),
                                   [](const TargetCheck& c) { return c.met || (c.straddles() && c.met_at_mean); });
    if (!close || points[point].meets_targets) continue;
    warnings.push_back(fmt::format("{} is cheaper and could qualify with more replications (--replications): {}",
                                   point_text(description, point), points[point].verdict));
  }
  return warnings;
}

}  // namespace

Recommendation recommend(const StudyDescription& description, const std::vector<PointResult>& points) {
  Recommendation recommendation;
  if (!description.has_targets()) {
    recommendation.explanation =
        "The plan sets no [targets], so no point is recommended (the cheapest point would simply be the smallest pool): "
        "add overflow_rate_max, and misattributed_share_max if calls matter, to [targets].";
    return recommendation;
  }
  std::vector<std::size_t> by_price(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) by_price[i] = i;
  std::sort(by_price.begin(), by_price.end(),
            [&](std::size_t a, std::size_t b) { return price_of(points, a) < price_of(points, b); });
  const auto chosen = std::find_if(by_price.begin(), by_price.end(), [&](std::size_t i) { return points[i].meets_targets; });
  const std::vector<std::size_t> cheaper(by_price.begin(), chosen);
  recommendation.warnings = straddle_warnings(description, points, cheaper);
  if (chosen == by_price.end()) {
    recommendation.binding = binding_targets(description, points);
    recommendation.explanation = fmt::format("No point meets every target at the 95% upper bound; {} binds{}.",
                                             fmt::join(recommendation.binding, " and "),
                                             recommendation.binding.size() > 1 ? " together" : "");
    return recommendation;
  }
  recommendation.point = *chosen;
  for (auto it = cheaper.rbegin(); it != cheaper.rend(); ++it) recommendation.cheaper.push_back({*it, points[*it].verdict});
  const PointResult& best = points[*chosen];
  const std::size_t qualifying = static_cast<std::size_t>(
      std::count_if(points.begin(), points.end(), [](const PointResult& point) { return point.meets_targets; }));
  recommendation.explanation =
      fmt::format("{}: {:.1f} numbers held on average, {:.2f} {} per month — the cheapest of the {} point{} that meet every "
                  "target at the 95% upper bound; {}.",
                  point_text(description, *chosen), best.metrics[metric_index("held_mean")].mean,
                  best.metrics[metric_index("cost_per_month")].mean, description.currency, qualifying,
                  qualifying == 1 ? "" : "s",
                  cheaper.empty() ? std::string("no point is cheaper")
                                  : fmt::format("{} cheaper point{} miss{} a target", cheaper.size(),
                                                cheaper.size() == 1 ? "" : "s", cheaper.size() == 1 ? "es" : ""));
  return recommendation;
}

}  // namespace ringpool::sim::plan
