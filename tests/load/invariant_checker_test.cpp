// The invariants under load, judged from answers (no server): each violation is reported with
// the answers that show it, and nothing is reported when the times leave room for a valid
// server (bounds that might not overlap, a lease that surely ended). Legacy json/xml overflow
// flags are [dec]: the strict profile believes them, the vendor profile does not
// (allocation_judge_test.cpp has the vendor rules).
#include "load/invariant_checker.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

using namespace ringpool::load;
using ringpool::api::Response;
using ringpool::conformance::Profile;

namespace {

constexpr std::int64_t kPoolLifetimeMs = 60'000;

PoolFacts pool(std::string id, bool bulk = false) {
  PoolFacts facts;
  facts.id_from_network = std::move(id);
  facts.id = 7;
  facts.lifetime_ms = kPoolLifetimeMs;
  facts.max_pool_size = 3;
  facts.bulk = bulk;
  return facts;
}

Response json_answer(int status, nlohmann::json body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}

Response allocation(const std::string& number, bool overflow = false) {
  nlohmann::json body = {{"promo_number_formatted", number.substr(0, 3) + "-" + number.substr(3, 3) + "-" + number.substr(6)},
                         {"promo_number", number},
                         {"tracking_url", "https://x.test/c/1/7-1"}};
  if (overflow) body["overflow"] = true;
  return json_answer(200, body);
}

Response csv_allocation(const std::string& number) {
  Response response;
  response.content_type = "text/csv";
  response.body = "PromoNumberFormatted,PromoNumber,TrackingUrl\r\n" + number + "," + number + ",https://x.test/c\r\n";
  return response;
}

AnswerRecord record(RequestKind kind, const Response* response, std::int64_t earliest_ms, std::int64_t latest_ms,
                    std::size_t pool_index = 0) {
  AnswerRecord out;
  out.kind = kind;
  out.pool = pool_index;
  out.request = fmt::format("GET /api/2015-12-09/ring_pools/7/allocate_number.json?ring_pool_key=<redacted>&param1=t{}", earliest_ms);
  out.response = response;
  out.sent_ms = static_cast<double>(earliest_ms);
  out.received_ms = static_cast<double>(latest_ms);
  out.server_time = {earliest_ms, latest_ms};
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(invariant_checker)

BOOST_AUTO_TEST_CASE(P_1_overlapping_leases_reported_with_both_answers) {
  InvariantChecker checker({pool("p")}, Profile::Strict);
  const Response first = allocation("8005550011");
  const Response second = allocation("8005550011");
  checker.observe(record(RequestKind::LegacyJson, &first, 1000, 1005));
  checker.observe(record(RequestKind::LegacyJson, &second, 30000, 30004));
  BOOST_REQUIRE(checker.violation_count() == 1U);
  const Violation& violation = checker.violations().front();
  BOOST_TEST(violation.clause == "P-1");
  BOOST_TEST(violation.what.find("8005550011") != std::string::npos);
  BOOST_REQUIRE(violation.evidence.size() == 2U);
  BOOST_TEST(violation.evidence[0].server_time.earliest_ms == 1000);
  BOOST_TEST(violation.evidence[1].server_time.earliest_ms == 30000);
  BOOST_TEST(violation.evidence[1].answer.find("8005550011") != std::string::npos);
  BOOST_TEST(violation.evidence[0].request.find("<redacted>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(P_1_overlapping_unflagged_json_answers_are_no_proof_in_the_vendor_profile) {
  // A server need not flag its overflow number in legacy json (A-2 [dec]): the same number twice
  // may be the overflow number, as long as no other number repeats while no lease can have ended.
  InvariantChecker checker({pool("p")}, Profile::Vendor);
  const Response answer = allocation("8005550011");
  checker.observe(record(RequestKind::LegacyJson, &answer, 1000, 1005));
  checker.observe(record(RequestKind::LegacyJson, &answer, 30000, 30004));
  BOOST_TEST(checker.violation_count() == 0U);
  BOOST_TEST(checker.tally().unjudged_csv == 2U);  // neither flag believed
}

BOOST_AUTO_TEST_CASE(P_1_no_violation_when_the_lease_surely_ended_or_might_have) {
  InvariantChecker checker({pool("p")}, Profile::Strict);
  const Response answer = allocation("8005550011");
  checker.observe(record(RequestKind::LegacyJson, &answer, 0, 0));
  // Exactly at t + L the number is free again (P-1: active on [t, t+L)).
  checker.observe(record(RequestKind::LegacyJson, &answer, kPoolLifetimeMs, kPoolLifetimeMs));
  // Wide bounds: the first lease may have begun early enough to have ended.
  checker.observe(record(RequestKind::LegacyJson, &answer, kPoolLifetimeMs + 10, 2 * kPoolLifetimeMs + 10));
  BOOST_TEST(checker.violation_count() == 0U);
  BOOST_TEST(checker.tally().leases_opened == 3U);
  BOOST_TEST(checker.tally().reused_after_lease_end == 1U);  // the second one surely followed an ended lease
}

BOOST_AUTO_TEST_CASE(P_4_one_overflow_number_never_leased) {
  InvariantChecker checker({pool("p")}, Profile::Strict);
  const Response overflow = allocation("8005550010", true);
  const Response other_overflow = allocation("8005550019", true);
  const Response overflow_as_lease = allocation("8005550010");
  checker.observe(record(RequestKind::LegacyJson, &overflow, 0, 0));
  checker.observe(record(RequestKind::LegacyJson, &overflow, 1, 1));  // the same one again is fine
  BOOST_TEST(checker.violation_count() == 0U);
  checker.observe(record(RequestKind::LegacyJson, &other_overflow, 2, 2));
  checker.observe(record(RequestKind::LegacyJson, &overflow_as_lease, 3, 3));
  BOOST_REQUIRE(checker.violation_count() == 2U);
  BOOST_TEST(checker.violations()[0].clause == "P-4");
  BOOST_TEST(checker.violations()[0].evidence.size() == 2U);
  BOOST_TEST(checker.violations()[1].clause == "P-4");
  BOOST_TEST(checker.tally().overflow_answers == 3U);
}

BOOST_AUTO_TEST_CASE(csv_answers_are_never_read_as_trackable_or_overflow) {
  // csv is unchanged by overflow, so its answers count only for the pool-wide rules.
  InvariantChecker checker({pool("p")}, Profile::Strict);
  const Response csv = csv_allocation("8005550010");
  checker.observe(record(RequestKind::LegacyCsv, &csv, 0, 0));
  checker.observe(record(RequestKind::LegacyCsv, &csv, 2, 2));
  BOOST_TEST(checker.violation_count() == 0U);
  BOOST_TEST(checker.tally().unjudged_csv == 2U);
  BOOST_TEST(checker.tally().leases_opened == 0U);
}

BOOST_AUTO_TEST_CASE(B_4_and_B_3_bulk_rows_in_order_with_their_ids) {
  InvariantChecker checker({pool("b", true)}, Profile::Vendor);
  const auto bulk_answer = [](std::vector<std::string> ids, bool drop_ids = false) {
    nlohmann::json rows = nlohmann::json::array();
    for (std::size_t i = 0; i < ids.size(); ++i) {
      nlohmann::json row = {{"promo_number", fmt::format("80055500{}", 20 + i)}, {"promo_number_formatted", "x"}, {"tracking_url", "u"}};
      if (!drop_ids) row["request_id"] = ids[i];
      rows.push_back(row);
    }
    return json_answer(200, {{"responses", rows}});
  };
  AnswerRecord sent = record(RequestKind::Bulk, nullptr, 0, 0);
  sent.row_ids = {"r1-0", "r1-1", "r1-2"};
  const Response in_order = bulk_answer({"r1-0", "r1-1", "r1-2"});
  sent.response = &in_order;
  checker.observe(sent);
  BOOST_TEST(checker.violation_count() == 0U);
  BOOST_TEST(checker.tally().bulk_rows_checked == 3U);
  BOOST_TEST(checker.tally().leases_opened == 3U);

  sent.server_time = {kPoolLifetimeMs * 5, kPoolLifetimeMs * 5};
  const Response reversed = bulk_answer({"r1-2", "r1-1", "r1-0"});
  sent.response = &reversed;
  checker.observe(sent);
  const Response without_ids = bulk_answer({"r1-0", "r1-1", "r1-2"}, true);
  sent.response = &without_ids;
  checker.observe(sent);
  BOOST_REQUIRE(checker.violation_count() == 2U);
  BOOST_TEST(checker.violations()[0].clause == "B-4");
  BOOST_TEST(checker.violations()[1].clause == "B-3");
}

// P-4/P-5: a pool holding no number answers 503 NoNumberAvailable (a drawn valid world with 12
// numbers under load's two pools of 20 gave 10,942 "violations"). Any other 5xx is one.
BOOST_AUTO_TEST_CASE(no_5xx_but_no_number_available_and_no_request_left_unanswered) {
  InvariantChecker checker({pool("p")}, Profile::Vendor);
  const Response empty = json_answer(503, {{"errors", {{"class", "NoNumberAvailable"}, {"invalid_data", "none"}}}});
  checker.observe(record(RequestKind::LegacyJson, &empty, 0, 0));
  BOOST_TEST(checker.violation_count() == 0U);
  const Response failure = json_answer(503, {{"errors", {{"class", "ServiceUnavailable"}, {"invalid_data", "busy"}}}});
  checker.observe(record(RequestKind::LegacyJson, &failure, 0, 0));
  AnswerRecord dropped = record(RequestKind::Bulk, nullptr, 1, 1);
  dropped.transport_error = "read: the server closed the connection without answering";
  checker.observe(dropped);
  BOOST_REQUIRE(checker.violation_count() == 2U);
  BOOST_TEST(checker.violations()[0].clause == "no-5xx");
  BOOST_TEST(checker.violations()[0].what.find("ServiceUnavailable") != std::string::npos);
  BOOST_TEST(checker.violations()[1].clause == "no-dropped-connection");
  BOOST_TEST(checker.violations()[1].evidence[0].answer == dropped.transport_error);
}

BOOST_AUTO_TEST_CASE(cross_check_a_running_lease_must_show_as_leased) {
  InvariantChecker checker({pool("p")}, Profile::Reference);
  const Response answer = allocation("8005550011");
  const Response overflow = allocation("8005550010", true);
  checker.observe(record(RequestKind::LegacyJson, &answer, 1000, 1000));
  checker.observe(record(RequestKind::LegacyJson, &overflow, 1000, 1000));
  const nlohmann::json honest = {{"overflow_number", "8005550010"},
                                 {"held", 3},
                                 {"numbers", {{{"number", "8005550010"}, {"status", "overflow"}},
                                              {{"number", "8005550011"}, {"status", "leased"}}}}};
  checker.cross_check(0, honest, {2000, 2000});
  BOOST_TEST(checker.violation_count() == 0U);
  const nlohmann::json lying = {{"overflow_number", "8005550012"},
                                {"held", 4},
                                {"numbers", {{{"number", "8005550011"}, {"status", "idle"}}}}};
  checker.cross_check(0, lying, {2000, 2000});
  BOOST_TEST(checker.violation_count() == 3U);  // another overflow number, 4 > 3 held, the lease shown idle
  // After the lease surely ended, idle is right.
  InvariantChecker later({pool("p")}, Profile::Reference);
  later.observe(record(RequestKind::LegacyJson, &answer, 1000, 1000));
  later.cross_check(0, lying, {1000 + kPoolLifetimeMs, 1000 + kPoolLifetimeMs});
  BOOST_TEST(later.tally().violations_by_clause.count("P-1") == 0U);
}

BOOST_AUTO_TEST_SUITE_END()
