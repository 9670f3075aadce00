#include "load/latency_histogram.hpp"

#include <boost/histogram.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ringpool::load {

namespace {

namespace bh = boost::histogram;
using Axis = bh::axis::regular<double, bh::axis::transform::log>;
using Storage = bh::dense_storage<std::uint64_t>;
using Histogram = bh::histogram<std::tuple<Axis>, Storage>;

constexpr double kLowestMicroseconds = 1.0;
constexpr double kHighestMicroseconds = 1e8;  // 100 s

unsigned bucket_count(LatencyHistogram::Resolution resolution) {
  return resolution == LatencyHistogram::Resolution::Fine ? 2000U : 200U;
}

const char* resolution_name(LatencyHistogram::Resolution resolution) {
  return resolution == LatencyHistogram::Resolution::Fine ? "fine" : "coarse";
}

}  // namespace

// Invariant: count == the sum of every bucket (underflow and overflow included); min/max are
// the extreme samples (meaningless while count == 0).
struct LatencyHistogram::Impl {
  explicit Impl(Resolution chosen)
      : resolution(chosen),
        histogram(bh::make_histogram_with(Storage(), Axis(bucket_count(chosen), kLowestMicroseconds, kHighestMicroseconds))) {}

  Resolution resolution;
  Histogram histogram;
  std::uint64_t count = 0;
  std::uint64_t sum_ns = 0;
  std::int64_t min_ns = std::numeric_limits<std::int64_t>::max();
  std::int64_t max_ns = 0;

  const Axis& axis() const { return histogram.axis(); }
};

LatencyHistogram::LatencyHistogram(Resolution resolution) : impl_(std::make_unique<Impl>(resolution)) {}
LatencyHistogram::~LatencyHistogram() = default;
LatencyHistogram::LatencyHistogram(const LatencyHistogram& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
LatencyHistogram& LatencyHistogram::operator=(const LatencyHistogram& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
LatencyHistogram::LatencyHistogram(LatencyHistogram&&) noexcept = default;
LatencyHistogram& LatencyHistogram::operator=(LatencyHistogram&&) noexcept = default;

void LatencyHistogram::record(std::chrono::nanoseconds latency) {
  const std::int64_t ns = std::max<std::int64_t>(0, latency.count());
  impl_->histogram(static_cast<double>(ns) / 1000.0);
  ++impl_->count;
  impl_->sum_ns += static_cast<std::uint64_t>(ns);
  impl_->min_ns = std::min(impl_->min_ns, ns);
  impl_->max_ns = std::max(impl_->max_ns, ns);
}

bool LatencyHistogram::merge(const LatencyHistogram& other) {
  if (other.impl_->resolution != impl_->resolution) return false;
  if (other.impl_->count == 0) return true;
  impl_->histogram += other.impl_->histogram;
  impl_->count += other.impl_->count;
  impl_->sum_ns += other.impl_->sum_ns;
  impl_->min_ns = std::min(impl_->min_ns, other.impl_->min_ns);
  impl_->max_ns = std::max(impl_->max_ns, other.impl_->max_ns);
  return true;
}

LatencyHistogram::Resolution LatencyHistogram::resolution() const { return impl_->resolution; }
std::uint64_t LatencyHistogram::count() const { return impl_->count; }
double LatencyHistogram::min_ms() const { return impl_->count == 0 ? 0.0 : static_cast<double>(impl_->min_ns) / 1e6; }
double LatencyHistogram::max_ms() const { return impl_->count == 0 ? 0.0 : static_cast<double>(impl_->max_ns) / 1e6; }
double LatencyHistogram::mean_ms() const {
  return impl_->count == 0 ? 0.0 : static_cast<double>(impl_->sum_ns) / static_cast<double>(impl_->count) / 1e6;
}

double LatencyHistogram::quantile_ms(double q) const {
  if (impl_->count == 0) return 0.0;
  const double clamped = std::clamp(q, 0.0, 1.0);
  const auto rank = std::max<std::uint64_t>(
      1, static_cast<std::uint64_t>(std::ceil(clamped * static_cast<double>(impl_->count))));
  if (rank == impl_->count) return max_ms();  // the largest sample is known exactly
  if (rank == 1) return min_ms();
  std::uint64_t seen = 0;
  double middle_us = kHighestMicroseconds;
  for (auto&& bucket : bh::indexed(impl_->histogram, bh::coverage::all)) {
    seen += static_cast<std::uint64_t>(*bucket);
    if (seen < rank) continue;
    const int index = bucket.index();
    const int last = static_cast<int>(impl_->axis().size());
    if (index < 0) middle_us = kLowestMicroseconds;
    else if (index >= last) middle_us = kHighestMicroseconds;
    else middle_us = std::sqrt(bucket.bin().lower() * bucket.bin().upper());
    break;
  }
  const double ms = middle_us / 1000.0;
  return std::clamp(ms, min_ms(), max_ms());
}

nlohmann::json LatencyHistogram::to_json() const {
  nlohmann::json buckets = nlohmann::json::array();
  for (auto&& bucket : bh::indexed(impl_->histogram, bh::coverage::all))
    if (*bucket != 0) buckets.push_back({bucket.index(), static_cast<std::uint64_t>(*bucket)});
  nlohmann::ordered_json out;
  out["resolution"] = resolution_name(impl_->resolution);
  out["count"] = impl_->count;
  out["sum_ns"] = impl_->sum_ns;
  out["min_ns"] = impl_->count == 0 ? 0 : impl_->min_ns;
  out["max_ns"] = impl_->max_ns;
  out["buckets"] = std::move(buckets);
  return nlohmann::json(out);
}

std::expected<LatencyHistogram, std::string> LatencyHistogram::from_json(const nlohmann::json& value) {
  try {
    const std::string name = value.at("resolution").get<std::string>();
    if (name != "fine" && name != "coarse") return std::unexpected("histogram resolution must be \"fine\" or \"coarse\"");
    LatencyHistogram out(name == "fine" ? Resolution::Fine : Resolution::Coarse);
    Impl& impl = *out.impl_;
    const int last = static_cast<int>(impl.axis().size());
    std::uint64_t total = 0;
    for (const auto& bucket : value.at("buckets")) {
      const int index = bucket.at(0).get<int>();
      const auto count = bucket.at(1).get<std::uint64_t>();
      if (index < -1 || index > last) return std::unexpected("histogram bucket index out of range");
      impl.histogram.at(index) += count;
      total += count;
    }
    impl.count = value.at("count").get<std::uint64_t>();
    if (total != impl.count) return std::unexpected("histogram buckets do not add up to its count");
    impl.sum_ns = value.at("sum_ns").get<std::uint64_t>();
    impl.min_ns = impl.count == 0 ? std::numeric_limits<std::int64_t>::max() : value.at("min_ns").get<std::int64_t>();
    impl.max_ns = value.at("max_ns").get<std::int64_t>();
    return out;
  } catch (const nlohmann::json::exception& error) {
    return std::unexpected(std::string("malformed histogram: ") + error.what());
  }
}

bool operator==(const LatencyHistogram& a, const LatencyHistogram& b) {
  const auto& x = *a.impl_;
  const auto& y = *b.impl_;
  return x.resolution == y.resolution && x.count == y.count && x.sum_ns == y.sum_ns &&
         (x.count == 0 || (x.min_ns == y.min_ns && x.max_ns == y.max_ns)) && x.histogram == y.histogram;
}

}  // namespace ringpool::load
