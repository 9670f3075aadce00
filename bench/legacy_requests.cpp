// In-process legacy allocations per second (issue 3 goal: >= 1 M/s): GET allocate_number.json as
// an api::Request through api::Service::handle to the response body, on the 10,000-number pool
// of bench_support.hpp. The service's time source advances the virtual clock kStepMs per request
// (as `serve --clock wall` does with real time), so leases end continuously.
//
// Usage: ringpool_bench_legacy [requests]   (default 3,000,000, measured in 5 rounds)
// Prints one line: requests_per_second=<median of the rounds, per CPU second of this thread>
// body_bytes=<of the last answer> failures=<non-200 or overflow answers; must be 0>
#include "bench/bench_support.hpp"
#include "reference/api/service.hpp"

#include <algorithm>
#include <cstdio>
#include <memory>

using namespace ringpool;

int main(int argc, char** argv) {
  const std::int64_t total = bench::count_argument(argc, argv, 3'000'000);
  constexpr int kRounds = 5;

  domain::World world = bench::pool_world();
  auto clock = std::make_shared<sim::Instant>(world.epoch);
  api::ServiceOptions options;
  options.time_source = [clock] { return *clock += bench::kStepMs; };
  api::Service service(std::move(world), options);

  // A few visitors with different parameters, as a page's traffic would send them.
  const std::string prefix = "/api/2015-12-09/ring_pools/" + std::to_string(bench::kPoolId) +
                             "/allocate_number.json?ring_pool_key=" +
                             service.world().find_pool(bench::kPoolId)->api_key + "&m1=visitor-";
  std::vector<api::Request> requests;
  for (int visitor = 0; visitor < 16; ++visitor)
    requests.push_back(api::make_request("GET", prefix + std::to_string(visitor) + "&m2=landing"));

  std::size_t failures = 0, body_bytes = 0;
  const auto run = [&](std::int64_t count) {
    for (std::int64_t i = 0; i < count; ++i) {
      const api::Response response = service.handle(requests[static_cast<std::size_t>(i) % requests.size()]);
      if (response.status != 200 || response.body.ends_with("\"overflow\":true}")) ++failures;
      body_bytes = response.body.size();
    }
  };

  // Warm-up, one untimed round: leases end from the first timed request, caches are warm.
  run(std::max(2 * bench::kLeaseMs / bench::kStepMs, total / kRounds));
  std::vector<double> rates;
  for (int round = 0; round < kRounds; ++round) {
    const std::int64_t count = total / kRounds;
    const double start = bench::thread_cpu_seconds();
    run(count);
    rates.push_back(static_cast<double>(count) / (bench::thread_cpu_seconds() - start));
  }
  std::printf("requests_per_second=%.0f body_bytes=%zu failures=%zu\n", bench::median(rates), body_bytes, failures);
  return failures == 0 ? 0 : 1;
}
