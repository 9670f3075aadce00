// Results of shards combine exactly (`ringpool load merge`), the JSON report reads back the
// same, CI gates fire on p99 and error rate, and the traffic mix parses and picks as told.
#include "load/load_result.hpp"
#include "load/mix_fit.hpp"
#include "load/traffic_mix.hpp"
#include "conformance/target_description.hpp"

#include <boost/test/unit_test.hpp>

using namespace ringpool::load;
using namespace std::chrono_literals;

namespace {

LoadResult shard(const std::string& name, int requests, std::chrono::microseconds latency, int errors = 0) {
  LoadResult result;
  result.settings.target = "http://127.0.0.1:8080";
  result.settings.loop = "open";
  result.settings.rate = 100;
  result.settings.connections = 4;
  result.settings.shards = {name};
  result.measured_seconds = 2;
  result.timeline.resize(2);
  for (int i = 0; i < requests; ++i) {
    const auto value = latency + std::chrono::microseconds(i);
    result.latency.record(value);
    result.latency_by_kind.try_emplace("json").first->second.record(value);
    result.timeline[static_cast<std::size_t>(i % 2)].latency.record(value);
    ++result.timeline[static_cast<std::size_t>(i % 2)].requests;
  }
  result.requests = static_cast<std::uint64_t>(requests);
  result.requests_by_kind["json"] = result.requests;
  result.errors = static_cast<std::uint64_t>(errors);
  if (errors > 0) result.errors_by_class["503 ServiceUnavailable"] = static_cast<std::uint64_t>(errors);
  result.invariants.leases_opened = static_cast<std::uint64_t>(requests);
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(load_result)

BOOST_AUTO_TEST_CASE(shards_merge_exactly) {
  const LoadResult a = shard("1/2", 300, 200us);
  LoadResult b = shard("2/2", 500, 900us, 5);
  b.violation_count = 1;
  b.invariants.violations_by_clause["P-1"] = 1;
  b.violations.push_back({"P-1", "two leases", {}});
  LoadResult total;
  BOOST_REQUIRE(merge_into(total, a).has_value());
  BOOST_REQUIRE(merge_into(total, b).has_value());
  BOOST_TEST(total.requests == 800U);
  BOOST_TEST(total.errors == 5U);
  BOOST_TEST(total.settings.rate == 200.0);
  BOOST_TEST(total.settings.shards.size() == 2U);
  BOOST_TEST(total.requests_per_second() == 400.0);
  LatencyHistogram both = a.latency;
  both.merge(b.latency);
  BOOST_TEST((total.latency == both));
  BOOST_TEST(total.timeline[0].requests == 400U);
  BOOST_TEST(total.violation_count == 1U);
  BOOST_TEST(total.invariants.leases_opened == 800U);
  BOOST_TEST(!merge_into(total, a).has_value());  // shard 1/2 twice
}

BOOST_AUTO_TEST_CASE(json_report_reads_back_identical) {
  LoadResult result = shard("1/1", 50, 300us, 2);
  result.violation_count = 1;
  result.violations.push_back({"P-1", "two leases", {{"GET /x?ring_pool_key=<redacted>", 200, "{\"promo_number\":\"8005550011\"}", 1.5, 2.5, {10, 20}}}});
  result.invariants.violations_by_clause["P-1"] = 1;
  const std::string text = render_load_json(result);
  const auto back = parse_load_json(text);
  BOOST_REQUIRE_MESSAGE(back.has_value(), back.error());
  BOOST_TEST(render_load_json(*back) == text);
  BOOST_TEST(!parse_load_json("{\"schema\":\"something-else\"}").has_value());
  BOOST_TEST(!parse_load_json("not json").has_value());
}

BOOST_AUTO_TEST_CASE(gates_on_p99_and_error_rate) {
  const LoadResult result = shard("1/1", 100, 5ms, 10);  // 10 % errors, p99 about 5.1 ms
  BOOST_TEST(failed_gates(result, {}).empty());
  BOOST_TEST(failed_gates(result, {10.0, 0.2}).empty());
  BOOST_TEST(failed_gates(result, {1.0, std::nullopt}).size() == 1U);
  BOOST_TEST(failed_gates(result, {1.0, 0.05}).size() == 2U);
}

BOOST_AUTO_TEST_CASE(traffic_mix_parses_and_picks_by_weight) {
  BOOST_TEST(!TrafficMix::parse("json").has_value());
  BOOST_TEST(!TrafficMix::parse("jsn=1").has_value());
  BOOST_TEST(!TrafficMix::parse("json=-1").has_value());
  BOOST_TEST(!TrafficMix::parse("json=0").has_value());
  const auto mix = TrafficMix::parse("json=3,bulk=1");
  BOOST_REQUIRE(mix.has_value());
  BOOST_TEST(mix->describe() == "json=3,bulk=1");
  BOOST_TEST(mix->uses_pools());
  BOOST_TEST(!TrafficMix::parse("url=1")->uses_pools());
  ringpool::sim::Rng rng(5);
  int bulk = 0;
  for (int i = 0; i < 4000; ++i) {
    const RequestKind kind = mix->pick(rng);
    BOOST_REQUIRE((kind == RequestKind::LegacyJson || kind == RequestKind::Bulk));
    if (kind == RequestKind::Bulk) ++bulk;
  }
  BOOST_TEST(bulk > 850);
  BOOST_TEST(bulk < 1150);
}

// T-5 for load: a drawn valid world with Bulk on its whole primary network and no [bulk] table
// (valid space seed 2) made `load` exit 2 on its default mix. The default now leaves out what the
// target file says it cannot serve; a mix the user gave is refused, naming the fix.
BOOST_AUTO_TEST_CASE(the_default_mix_leaves_out_what_the_target_cannot_serve) {
  using ringpool::conformance::TargetDescription;
  TargetDescription description = ringpool::conformance::default_world_description();
  const TrafficMix mix = TrafficMix::default_mix();
  auto full = ringpool::load::fit_mix(mix, description, false);
  BOOST_REQUIRE(full.has_value());
  BOOST_TEST(full->left_out.empty());
  BOOST_TEST(full->mix.describe() == mix.describe());
  description.contexts.erase("bulk");
  description.contexts.at("primary").bulk_enabled = true;
  auto narrowed = ringpool::load::fit_mix(mix, description, false);
  BOOST_REQUIRE(narrowed.has_value());
  BOOST_TEST(narrowed->left_out.size() == 2U);
  BOOST_TEST(narrowed->mix.describe() == "read=15,update=15");
  auto refused = ringpool::load::fit_mix(mix, description, true);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().find("bulk=0") != std::string::npos, refused.error());
  BOOST_TEST(ringpool::load::fit_mix(*TrafficMix::parse("read=1,update=1"), description, true).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
