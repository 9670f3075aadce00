// Shared by the benchmark programs (issue 3): a wall-clock stopwatch, the median of repeated
// rounds, and the world the allocation benchmarks run against. Not part of the test suite.
#pragma once

#include "reference/world_file/world_toml.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::bench {

// One network with 12,000 toll-free numbers and one declared Custom pool (id 1) of 10,000 numbers
// filled at once (the overflow number and 9,999 trackable ones), leases of 60 s.
inline constexpr std::string_view kPoolWorld = R"(
[[network]]
id = 1
host = "bench.ringpool.test"
tokens = ["bench-token"]
data_dictionary = ["m1", "m2"]
inventory = [
  { kind = "toll_free", first = "800-555-0000", count = 6000 },
  { kind = "toll_free", first = "888-555-0000", count = 6000 },
]

[[network.advertiser]]
id_from_network = "adv"
campaigns = ["camp"]

[[ring_pool]]
network = 1
advertiser = "adv"
campaign = "camp"
id_from_network = "bench"
max_pool_size = 10000
fill_immediately = true
lifetime_seconds = 60
)";
inline constexpr std::int64_t kPoolId = 1;
inline constexpr std::int64_t kLeaseMs = 60'000;
// Advancing the virtual clock this much per allocation keeps about kLeaseMs / kStepMs = 5,000
// leases active: leases end continuously and the pool is never exhausted.
inline constexpr std::int64_t kStepMs = 12;

inline domain::World pool_world() {
  auto world = world_file::load_world(kPoolWorld, "bench", 1);
  if (!world) throw std::runtime_error(world.error().describe());
  return std::move(*world);
}

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the calling thread, in seconds. Throughput "on one core" is measured against it, so
// that other processes on a shared machine do not count against the figure.
inline double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

inline double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const std::size_t middle = values.size() / 2;
  return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
}

// The nearest-rank percentile (0 < p <= 100).
inline double percentile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(values.size()) + 0.999999);
  return values[std::clamp<std::size_t>(rank, 1, values.size()) - 1];
}

// The first command-line argument as a positive count, else `fallback`.
inline std::int64_t count_argument(int argc, char** argv, std::int64_t fallback) {
  if (argc < 2) return fallback;
  const long long value = std::atoll(argv[1]);
  return value > 0 ? value : fallback;
}

}  // namespace ringpool::bench
