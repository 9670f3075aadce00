// Domain allocations per second on one core (issue 3 goal: >= 20 M/s): the Engine alone, no API.
// A 10,000-number pool (bench_support.hpp); before every allocation the virtual clock advances
// kStepMs, running the scheduler's due events, so leases end continuously (about 5,000 active).
//
// Usage: ringpool_bench_domain [allocations]   (default 20,000,000, measured in 5 rounds)
// Prints one line: allocations_per_second=<median of the rounds, per CPU second of this thread>
// active_leases=<n> overflow=<n>
#include "bench/bench_support.hpp"
#include "reference/domain/reference_model.hpp"

#include <algorithm>
#include <cstdio>

using namespace ringpool;

int main(int argc, char** argv) {
  const std::int64_t total = bench::count_argument(argc, argv, 20'000'000);
  constexpr int kRounds = 5;

  domain::ReferenceModel model(bench::pool_world());
  domain::RingPool& pool = *model.world().find_pool(bench::kPoolId);
  domain::Engine& engine = model.engine();
  sim::Instant now = model.now();
  std::int64_t overflow = 0;  // must stay 0: the pool is sized never to run out

  const auto allocate = [&](std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) {
      now += bench::kStepMs;
      model.advance_to(now);
      auto allocation = engine.allocate(pool, domain::LeaseDetails{});
      if (!allocation || allocation->overflow) ++overflow;
    }
  };

  // Warm-up, one untimed round: leases are ending at every step from the first timed one, and
  // caches and the CPU are warm.
  allocate(std::max(2 * bench::kLeaseMs / bench::kStepMs, total / kRounds));
  std::vector<double> rates;
  for (int round = 0; round < kRounds; ++round) {
    const std::int64_t count = total / kRounds;
    const double start = bench::thread_cpu_seconds();
    allocate(count);
    rates.push_back(static_cast<double>(count) / (bench::thread_cpu_seconds() - start));
  }
  std::printf("allocations_per_second=%.0f active_leases=%zu overflow=%lld\n", bench::median(rates),
              pool.numbers.leased(), static_cast<long long>(overflow));
  return overflow == 0 ? 0 : 1;
}
