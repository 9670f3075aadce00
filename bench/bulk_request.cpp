// Server processing time of one 1000-row Bulk request (issue 3 goal: <= 2 ms): POST
// /api/2013-07-01/bulk.json through api::Service::handle, against the default world's bulk-served
// declared pool "bulk-demo" (5 numbers: each request gets 4 leases, then overflow answers). The
// virtual clock advances past the lease lifetime before each request, so every request sees the
// same pool state.
//
// Usage: ringpool_bench_bulk [requests]   (default 300)
// Prints one line: median_ms=<..> p90_ms=<..> (wall time per request) cpu_median_ms=<.. CPU time,
// which other load on the machine does not inflate> rows=<rows answered> body_bytes=<..>
#include "bench/bench_support.hpp"
#include "reference/api/bulk_api.hpp"
#include "reference/api/service.hpp"

#include <cstdio>
#include <memory>

using namespace ringpool;

int main(int argc, char** argv) {
  const std::int64_t total = bench::count_argument(argc, argv, 300);
  constexpr int kRows = 1000;

  domain::World world = world_file::load_default_world(1);
  const domain::RingPool& pool = *world.find_pool(world.networks.at(1).pools_by_id_from_network.at("bulk-demo"));
  const sim::Duration step = (pool.settings.lifetime_seconds + 1) * sim::kMillisecondsPerSecond;
  std::string body = R"({"requests":[)";
  for (int row = 0; row < kRows; ++row) {
    if (row > 0) body += ',';
    body += R"({"api_suffix":")" + std::to_string(pool.id) + "/allocate_number.json?ring_pool_key=" + pool.api_key +
            "&m1=visitor-" + std::to_string(row) + R"(&m2=landing","request_id":"r-)" + std::to_string(row) + "\"}";
  }
  body += "]}";

  auto clock = std::make_shared<sim::Instant>(world.epoch);
  api::ServiceOptions options;
  options.time_source = [clock, step] { return *clock += step; };
  const auto epoch = bench::Clock::now();
  options.stopwatch_ms = [epoch] { return bench::seconds_since(epoch) * 1000.0; };  // as `serve` does
  api::Service service(std::move(world), options);

  const api::Request request = api::make_request("POST", std::string(api::kBulkPath), body,
                                                 api::Headers{{"Content-Type", "application/json"}});
  std::vector<double> times_ms, cpu_times_ms;
  std::size_t rows = 0, body_bytes = 0;
  for (std::int64_t i = -10; i < total; ++i) {  // the first 10 are warm-up
    const auto start = bench::Clock::now();
    const double cpu_start = bench::thread_cpu_seconds();
    const api::Response response = service.handle(request);
    const double cpu_ms = (bench::thread_cpu_seconds() - cpu_start) * 1000.0;
    const double elapsed_ms = bench::seconds_since(start) * 1000.0;
    if (response.status != 200) {
      std::fprintf(stderr, "bulk request failed: %d %s\n", response.status, response.body.c_str());
      return 1;
    }
    if (i >= 0) {
      times_ms.push_back(elapsed_ms);
      cpu_times_ms.push_back(cpu_ms);
    }
    body_bytes = response.body.size();
    rows = 0;
    for (std::size_t at = response.body.find("promo_number\""); at != std::string::npos;
         at = response.body.find("promo_number\"", at + 1))
      ++rows;
  }
  std::printf("median_ms=%.3f p90_ms=%.3f cpu_median_ms=%.3f rows=%zu body_bytes=%zu\n", bench::median(times_ms),
              bench::percentile(times_ms, 90), bench::median(cpu_times_ms), rows, body_bytes);
  return rows == kRows ? 0 : 1;
}
