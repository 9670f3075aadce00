// What the spec lets a pool's allocation answers be, by profile: the rules `check`'s permissive
// model writes into scenario steps and `ringpool load`'s judge applies to answers that overlap in
// time, kept in one pure place so that the two judge alike (and a valid server passes both).
//   - which overflow flags can be believed (B-5 [doc] for Bulk rows; A-2 [dec] for legacy json
//     and xml, so only from the strict profile up; csv never says);
//   - how many numbers may repeat while no lease can have ended (P-1: only the overflow number);
//   - how many distinct numbers a pool may show then (P-4: max_pool_size, plus the overflow number
//     on top in the vendor profile, which the documents leave open);
//   - how long a lease surely lasts (P-1 [doc]: at least lifetime_seconds; a vendor may hold it
//     longer, so only its start and minimum length are known);
//   - whether the overflow number may change (P-4 [doc]: not while no trackable number of the
//     pool became free; [dec]: never).
// No I/O, no clock: numbers in, answers out.
#pragma once

#include "conformance/results.hpp"

#include <cstdint>

namespace ringpool::conformance::allocation_rules {

// How an allocation answer came: a legacy answer in one of the three formats, or a Bulk row.
enum class AnswerForm { LegacyJson, LegacyXml, LegacyCsv, BulkRow };

// True when `form`'s overflow flag, in `profile`, says whether the number is the overflow number
// (present: overflow; absent or false: trackable, hence leased).
bool flag_decides(AnswerForm form, Profile profile);

// P-1, P-4: how many numbers may repeat among a pool's answers given while no lease of it can have
// ended (the overflow number, with allow_overflow; none without).
int repeated_numbers_at_most(bool allow_overflow);

// P-4: the most distinct numbers a pool may answer while no lease of it can have ended.
int distinct_numbers_at_most(int max_pool_size, bool allow_overflow, Profile profile);

// P-1 [doc]: a lease opened no earlier than `opened_earliest_ms` is surely active until this
// instant (exclusive); after it, only the server knows (a vendor may hold leases longer).
std::int64_t lease_surely_active_until_ms(std::int64_t opened_earliest_ms, std::int64_t lifetime_ms);

// P-4: whether the pool's overflow number is fixed for its whole life in `profile` ([dec]); when
// false it is fixed only while no trackable number of the pool became free ([doc]).
bool overflow_number_never_changes(Profile profile);

// P-4 with P-6 [doc]: a new pool made with fill_immediately, allow_overflow and max_pool_size >= 2
// holds a trackable number (where the target declares the inventory, T-5), so the first visitor
// gets one, and it is leased.
bool first_answer_is_leased(bool fill_immediately, bool allow_overflow, int max_pool_size);

}  // namespace ringpool::conformance::allocation_rules
