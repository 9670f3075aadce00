// The domain's invariants are enforced, not only written (reference/domain/invariant_check.hpp):
// in the test build (no NDEBUG, ASan+UBSan) a structure corrupted behind its back is reported by
// the check its next mutation runs, and a clean run reports nothing.
#include "reference/domain/invariant_check.hpp"
#include "reference/domain/pool_numbers.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace ringpool::domain {

// The test-only hook PoolNumbers names as a friend: breaks a count as a bug would.
struct PoolNumbersTestAccess {
  static void lose_an_idle_number(PoolNumbers& numbers) { --numbers.idle_; }
};

}  // namespace ringpool::domain

namespace {

using namespace ringpool::domain;

std::vector<std::string> reported;

void record(std::string_view structure, std::string_view violation) {
  reported.push_back(std::string(structure) + ": " + std::string(violation));
}

// Installs the recording handler for one test and puts the default back after it.
struct RecordingHandler {
  RecordingHandler() : previous(ringpool::domain::invariants::set_failure_handler(record)) { reported.clear(); }
  ~RecordingHandler() { ringpool::domain::invariants::set_failure_handler(previous); }
  ringpool::domain::invariants::FailureHandler previous;
};

PoolNumbers pool_numbers_of(std::uint32_t trackable) {
  PoolNumbers numbers;
  numbers.add_number(0, PhoneNumber{8005550000ULL}, false, /*as_overflow=*/true, 0, 0);
  for (std::uint32_t i = 1; i <= trackable; ++i) numbers.add_number(i, PhoneNumber{8005550000ULL + i}, false, false, 0, 0);
  return numbers;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(domain_invariants)

BOOST_AUTO_TEST_CASE(a_corrupted_pool_is_reported_by_its_next_mutation) {
  if constexpr (!ringpool::domain::invariants::kEnabled) {
    BOOST_TEST_MESSAGE("NDEBUG build: the invariant checks are compiled out");
    return;
  }
  const RecordingHandler handler;
  PoolNumbers numbers = pool_numbers_of(3);
  std::vector<ReleasedNumber> released;
  numbers.catch_up(1, 0, released);
  BOOST_TEST(reported.empty());
  PoolNumbersTestAccess::lose_an_idle_number(numbers);
  (void)numbers.allocate(1, 60'000, LeaseDetails{});
  BOOST_REQUIRE(!reported.empty());
  BOOST_TEST(reported.front().starts_with("PoolNumbers: idle count"), reported.front());
}

BOOST_AUTO_TEST_CASE(a_large_pool_is_checked_on_a_sample_of_its_mutations) {
  if constexpr (!ringpool::domain::invariants::kEnabled) return;
  const RecordingHandler handler;
  PoolNumbers numbers = pool_numbers_of(1000);
  PoolNumbersTestAccess::lose_an_idle_number(numbers);
  // 1,001 slots: a full check every 15th mutation, so the corruption is found within 15.
  for (int visit = 0; visit < 15 && reported.empty(); ++visit) (void)numbers.allocate(1, 60'000, LeaseDetails{});
  BOOST_TEST(!reported.empty());
}

BOOST_AUTO_TEST_CASE(a_precondition_at_the_boundary_is_reported) {
  if constexpr (!ringpool::domain::invariants::kEnabled) return;
  const RecordingHandler handler;
  const int lifetime_seconds = -1;
  RINGPOOL_EXPECTS(lifetime_seconds >= 0);
  BOOST_REQUIRE_EQUAL(reported.size(), 1u);
  BOOST_TEST(reported.front() == "precondition: lifetime_seconds >= 0");
}

BOOST_AUTO_TEST_SUITE_END()
