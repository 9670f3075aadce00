// Capacity-planner throughput on one core (issue 9 goal: >= 20 M simulated visits/s for a
// 1,000-number pool): one replication of a plan through sim::plan::simulate_run, i.e. traffic
// generation, the reference Engine's allocation, attribution bookkeeping and metrics.
//
// Usage: ringpool_bench_simulate [visits]   (default 20,000,000 per round, 3 rounds)
// Prints: textbook_visits_per_second=<median> calls_visits_per_second=<median> overflow=<rate>
//   textbook: M/D/c/c with c = 1000 at 950 erlangs (leases of 60 s), no calls — the model
//             bench/simpy_textbook.py runs in SimPy for the side-by-side ratio;
//   calls:    the same pool with 5 % of visitors calling (log-normal delays, attribution).
#include "bench/bench_support.hpp"
#include "sim/plan/plan_parser.hpp"
#include "sim/plan/run_simulation.hpp"

#include <fmt/format.h>

#include <cstdio>

using namespace ringpool;

namespace {

sim::plan::Plan make_plan(std::int64_t visits, bool calls) {
  constexpr double kVisitsPerSecond = 950.0 / 60.0;
  const double seconds = static_cast<double>(visits) / kVisitsPerSecond;
  std::string text = fmt::format(R"(
[horizon]
seconds = {:.0f}
warm_up_seconds = 120
[pool]
max_pool_size = 1001
lifetime_seconds = 60
fill_immediately = true
[traffic]
visits_per_second = {}
)",
                                 seconds, kVisitsPerSecond);
  if (calls)
    text += "[calls]\ncall_share = 0.05\ndelay = \"lognormal\"\nmedian_delay_seconds = 60\nsigma = 1.0\n";
  auto plan = sim::plan::parse_plan(text, "bench", [](std::string_view) { return std::expected<std::string, std::string>(""); });
  if (!plan) throw std::runtime_error(plan.error().describe());
  return std::move(*plan);
}

struct Measured {
  double visits_per_second;
  double overflow;
};

Measured measure(std::int64_t visits, bool calls) {
  const sim::plan::Plan plan = make_plan(visits, calls);
  std::vector<double> rates;
  double overflow = 0;
  for (int round = 0; round < 3; ++round) {
    const double start = bench::thread_cpu_seconds();
    const sim::plan::RunMetrics metrics =
        sim::plan::simulate_run(plan, plan.points[0], sim::Rng(static_cast<std::uint64_t>(round + 1)));
    const double elapsed = bench::thread_cpu_seconds() - start;
    rates.push_back(static_cast<double>(metrics.visits) / elapsed);
    overflow = static_cast<double>(metrics.overflow_answers) / static_cast<double>(metrics.visits);
  }
  return {bench::median(rates), overflow};
}

}  // namespace

int main(int argc, char** argv) {
  const std::int64_t visits = bench::count_argument(argc, argv, 20'000'000);
  const Measured textbook = measure(visits, false);
  const Measured with_calls = measure(visits, true);
  std::printf("textbook_visits_per_second=%.0f calls_visits_per_second=%.0f overflow=%.5f\n", textbook.visits_per_second,
              with_calls.visits_per_second, textbook.overflow);
  return 0;
}
