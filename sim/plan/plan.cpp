#include "sim/plan/plan.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::sim::plan {

std::string KnobValue::text() const {
  return std::visit(
      [](const auto& v) -> std::string {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::string>) {
          return v;
        } else if constexpr (std::is_same_v<T, double>) {
          return fmt::format("{:g}", v);
        } else {
          return fmt::format("{}", v);
        }
      },
      value);
}

std::optional<double> KnobValue::number() const {
  if (const auto* v = std::get_if<std::int64_t>(&value)) return static_cast<double>(*v);
  if (const auto* v = std::get_if<double>(&value)) return *v;
  if (const auto* v = std::get_if<bool>(&value)) return *v ? 1.0 : 0.0;
  return std::nullopt;
}

bool Traffic::homogeneous() const {
  if (replaying() || !bursts.empty()) return false;
  const auto ones = [](const auto& values) { return std::all_of(values.begin(), values.end(), [](double v) { return v == 1.0; }); };
  return ones(hour_of_day) && ones(day_of_week);
}

}  // namespace ringpool::sim::plan
