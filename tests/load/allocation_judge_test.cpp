// `ringpool load`'s judge (load/allocation_judge.hpp) with the permissive rules `check` uses
// (conformance/allocation_rules.hpp), extended to answers that overlap in time: every behaviour a
// valid vendor may choose passes in the vendor profile (an unflagged overflow number, the
// overflow number on top of max_pool_size, a new overflow number once leases may have ended,
// answers whose order is unknown), and a number handed out under a lease that is surely active is
// caught wherever the answers prove it.
#include "load/allocation_judge.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

using namespace ringpool::load;
using ringpool::conformance::Profile;
using ringpool::conformance::allocation_rules::AnswerForm;

namespace {

constexpr std::int64_t kLifetimeMs = 60'000;

AllocationJudge judge(Profile profile, int max_pool_size = 3) {
  return AllocationJudge({JudgedPool{"p", kLifetimeMs, max_pool_size, true}}, profile);
}

// An answer that took effect within [earliest, latest] on the target's clock; on the client it
// was sent at `earliest` and answered at `latest` (so later requests are causally after it).
TimedAnswer answer(std::string number, AnswerForm form, std::int64_t earliest, std::int64_t latest,
                   std::optional<bool> overflow = std::nullopt) {
  TimedAnswer out;
  out.number = std::move(number);
  out.form = form;
  out.overflow_flag = overflow;
  out.effect = {earliest, latest};
  out.sent_ms = static_cast<double>(earliest);
  out.received_ms = static_cast<double>(latest);
  out.evidence.request = fmt::format("answer at {}", earliest);
  return out;
}

std::vector<Violation> feed(AllocationJudge& judge, const std::vector<TimedAnswer>& answers) {
  std::vector<Violation> out;
  judge.sent(0, answers.front().effect.earliest_ms);
  for (const TimedAnswer& one : answers) judge.judge(one, out);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(allocation_judge)

BOOST_AUTO_TEST_CASE(a_valid_vendor_that_never_flags_its_overflow_number_passes) {
  // max_pool_size 3, the overflow number on top (P-4 leaves it open): three trackable numbers,
  // then the unflagged overflow number to every later visitor while the leases last.
  AllocationJudge vendor = judge(Profile::Vendor);
  std::vector<TimedAnswer> answers = {answer("8005550011", AnswerForm::LegacyJson, 0, 1),
                                      answer("8005550012", AnswerForm::LegacyXml, 2, 3),
                                      answer("8005550013", AnswerForm::LegacyCsv, 4, 5)};
  for (int i = 0; i < 40; ++i) answers.push_back(answer("8005550010", AnswerForm::LegacyJson, 10 + i, 11 + i));
  BOOST_TEST(feed(vendor, answers).empty());
  BOOST_TEST(vendor.tally().undecided == 43U);
  // The same answers in the strict profile: four numbers where max_pool_size is 3 ([dec]), and
  // the json flag is believed, so the repeated unflagged number is a leased one handed out again.
  AllocationJudge strict = judge(Profile::Strict);
  const auto found = feed(strict, answers);
  BOOST_TEST(!found.empty());
}

BOOST_AUTO_TEST_CASE(two_numbers_repeating_while_no_lease_can_have_ended_is_P_1) {
  AllocationJudge vendor = judge(Profile::Vendor, 20);
  const auto found = feed(vendor, {answer("8005550011", AnswerForm::LegacyJson, 0, 1), answer("8005550012", AnswerForm::LegacyJson, 2, 3),
                                   answer("8005550011", AnswerForm::LegacyJson, 4, 5), answer("8005550012", AnswerForm::LegacyJson, 6, 7)});
  BOOST_REQUIRE(found.size() == 1U);
  BOOST_TEST(found[0].clause == "P-1");
  BOOST_TEST(found[0].what.find("8005550011 and 8005550012") != std::string::npos, found[0].what);
  BOOST_TEST(found[0].evidence.size() == 4U);
}

BOOST_AUTO_TEST_CASE(after_the_first_lease_time_a_new_overflow_number_may_repeat) {
  // Leases may have ended (P-4 [doc] lets the overflow number change then): no claim in vendor.
  AllocationJudge vendor = judge(Profile::Vendor, 20);
  BOOST_TEST(feed(vendor, {answer("8005550011", AnswerForm::LegacyJson, 0, 1), answer("8005550011", AnswerForm::LegacyJson, 2, 3),
                           answer("8005550012", AnswerForm::LegacyJson, kLifetimeMs + 5, kLifetimeMs + 6),
                           answer("8005550012", AnswerForm::LegacyJson, kLifetimeMs + 7, kLifetimeMs + 8)})
                 .empty());
  // Believed flags: strict fixes the overflow number for good ([dec]).
  AllocationJudge strict = judge(Profile::Strict, 20);
  const auto found = feed(strict, {answer("8005550011", AnswerForm::LegacyJson, 0, 1, true),
                                   answer("8005550012", AnswerForm::LegacyJson, kLifetimeMs * 3, kLifetimeMs * 3 + 1, true)});
  BOOST_REQUIRE(found.size() == 1U);
  BOOST_TEST(found[0].clause == "P-4");
}

BOOST_AUTO_TEST_CASE(more_distinct_numbers_than_the_pool_may_hold_is_P_4) {
  std::vector<TimedAnswer> five;
  for (int i = 0; i < 5; ++i) five.push_back(answer(fmt::format("800555001{}", i), AnswerForm::LegacyCsv, i * 10, i * 10 + 1));
  AllocationJudge vendor = judge(Profile::Vendor);  // at most 3 + 1
  const auto found = feed(vendor, five);
  BOOST_REQUIRE(found.size() == 1U);
  BOOST_TEST(found[0].clause == "P-4");
  five.pop_back();
  AllocationJudge four = judge(Profile::Vendor);
  BOOST_TEST(feed(four, five).empty());
  AllocationJudge strict = judge(Profile::Strict);  // at most 3, the overflow number included
  BOOST_TEST(feed(strict, five).size() == 1U);
}

BOOST_AUTO_TEST_CASE(a_bulk_row_is_believed_in_every_profile) {
  // B-5 [doc]: an unflagged row is a trackable number, leased; a later legacy answer (sent after
  // it came back) handing out the same number within the lease is P-1, whatever its format.
  for (const AnswerForm later : {AnswerForm::LegacyJson, AnswerForm::LegacyCsv, AnswerForm::BulkRow}) {
    AllocationJudge vendor = judge(Profile::Vendor, 20);
    const auto found = feed(vendor, {answer("8005550011", AnswerForm::BulkRow, kLifetimeMs * 2, kLifetimeMs * 2 + 3, false),
                                     answer("8005550011", later, kLifetimeMs * 2 + 30'000, kLifetimeMs * 2 + 30'001)});
    BOOST_REQUIRE(found.size() == 1U);
    BOOST_TEST(found[0].clause == "P-1");
    BOOST_TEST(found[0].evidence.size() == 2U);
  }
}

BOOST_AUTO_TEST_CASE(answers_that_overlap_in_time_are_judged_in_every_order_they_allow) {
  AllocationJudge vendor = judge(Profile::Vendor, 20);
  // The pool's first request long before: the answers below come after its first lease time.
  const TimedAnswer first = answer("8005550099", AnswerForm::BulkRow, 0, 1, false);
  // A row (trackable) and a json answer of the same number in flight together: the json one may
  // have come first and been the overflow number then (a valid server may change it once leases
  // can have ended): no claim.
  TimedAnswer row = answer("8005550011", AnswerForm::BulkRow, kLifetimeMs * 2, kLifetimeMs * 2 + 10, false);
  TimedAnswer json = answer("8005550011", AnswerForm::LegacyJson, kLifetimeMs * 2 + 2, kLifetimeMs * 2 + 8);
  json.sent_ms = row.sent_ms + 1;  // sent before the row's answer came
  BOOST_TEST(feed(vendor, {first, row, json}).empty());
  // Two trackable rows whose leases overlap whatever order they took effect in: P-1.
  AllocationJudge again = judge(Profile::Vendor, 20);
  TimedAnswer other = row;
  other.sent_ms = row.sent_ms + 1;
  other.effect = {kLifetimeMs * 2 + 1, kLifetimeMs * 2 + 9};
  const auto found = feed(again, {first, row, other});
  BOOST_REQUIRE(found.size() == 1U);
  BOOST_TEST(found[0].clause == "P-1");
}

BOOST_AUTO_TEST_CASE(a_lease_that_may_have_ended_is_no_proof) {
  AllocationJudge vendor = judge(Profile::Vendor, 20);
  // The row's lease began somewhere in [0, 1000]; an answer at 60,500 may come after its end.
  BOOST_TEST(feed(vendor, {answer("8005550011", AnswerForm::BulkRow, 0, 1000, false),
                           answer("8005550011", AnswerForm::BulkRow, kLifetimeMs + 500, kLifetimeMs + 501, false)})
                 .empty());
  BOOST_TEST(vendor.tally().reused_after_lease_end == 0U);  // not surely after the minimum length
  AllocationJudge surely = judge(Profile::Vendor, 20);
  BOOST_TEST(feed(surely, {answer("8005550011", AnswerForm::BulkRow, 0, 1000, false),
                           answer("8005550011", AnswerForm::BulkRow, kLifetimeMs + 1000, kLifetimeMs + 1001, false)})
                 .empty());
  BOOST_TEST(surely.tally().reused_after_lease_end == 1U);
}

BOOST_AUTO_TEST_CASE(the_overflow_number_leased_is_caught_while_it_cannot_have_changed) {
  AllocationJudge vendor = judge(Profile::Vendor, 20);
  const auto found = feed(vendor, {answer("8005550010", AnswerForm::BulkRow, 0, 1, true),
                                   answer("8005550010", AnswerForm::BulkRow, 100, 101, false)});
  BOOST_REQUIRE(!found.empty());
  BOOST_TEST(found[0].clause == "P-4");
}

BOOST_AUTO_TEST_SUITE_END()
