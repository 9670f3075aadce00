// A latency histogram with logarithmic buckets (Boost.Histogram underneath): constant relative
// precision from 1 µs to 100 s, exact merging (shards, seconds of a timeline), percentiles.
// Boost.Histogram stays inside latency_histogram.cpp; this header is cheap to include.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>

namespace ringpool::load {

class LatencyHistogram {
 public:
  // Fine: 2000 buckets, each 0.93 % wide (for a run's percentiles); Coarse: 200 buckets, each
  // 9.6 % wide (for each second of a timeline, where a run of an hour keeps thousands).
  enum class Resolution { Fine, Coarse };

  explicit LatencyHistogram(Resolution resolution = Resolution::Fine);
  ~LatencyHistogram();
  LatencyHistogram(const LatencyHistogram& other);
  LatencyHistogram& operator=(const LatencyHistogram& other);
  LatencyHistogram(LatencyHistogram&&) noexcept;
  LatencyHistogram& operator=(LatencyHistogram&&) noexcept;

  void record(std::chrono::nanoseconds latency);
  // Adds `other`'s samples; both must have the same resolution (false, and nothing changes, if not).
  bool merge(const LatencyHistogram& other);

  Resolution resolution() const;
  std::uint64_t count() const;
  // The latency below which a fraction `q` (0..1) of samples fall: the geometric middle of the
  // bucket holding the ceil(q * count)-th smallest sample, clamped to [min, max] (the smallest
  // and largest samples are exact). 0 when empty.
  double quantile_ms(double q) const;
  double min_ms() const;
  double max_ms() const;
  double mean_ms() const;

  // {"resolution","count","sum_ns","min_ns","max_ns","buckets":[[index,count],...]} with only
  // non-empty buckets (-1 is below 1 µs, `bucket_count` at or above 100 s).
  nlohmann::json to_json() const;
  static std::expected<LatencyHistogram, std::string> from_json(const nlohmann::json& value);

  friend bool operator==(const LatencyHistogram& a, const LatencyHistogram& b);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ringpool::load
