// Judging a pool's allocation answers that overlap in time, with the rules `check`'s model uses
// (conformance/allocation_rules.hpp), by profile. The generator cannot see when the server handled
// a request, only bounds on it (server_clock.hpp), and in the vendor profile it believes only the
// flags the documents fix (Bulk rows, B-5); so a violation is claimed only where every order and
// instant within the bounds, and every choice a valid server may make, breaks a [doc] sentence:
//   - a number whose answer says it is trackable (hence leased, P-1) is answered again while that
//     lease is surely active — after it surely began, before its minimum length surely ran out —
//     or two such answers' leases surely overlap (P-1);
//   - in the pool's first lease time, when no lease of it can have ended (so no trackable number
//     became free and the overflow number cannot have changed, P-4): two numbers repeat (only the
//     overflow number may, P-1), or more distinct numbers answer than the pool may hold (P-4);
//   - strict and up, where P-4's [dec] fixes the overflow number for good: a second overflow
//     number, or the overflow number handed out as a trackable one.
// Pure: no I/O, no clock; the runner feeds it every allocation request it sends and every answer.
#pragma once

#include "conformance/allocation_rules.hpp"
#include "conformance/results.hpp"
#include "load/server_clock.hpp"
#include "load/violation.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ringpool::load {

struct JudgedPool {
  std::string id_from_network;
  std::int64_t lifetime_ms = 0;
  int max_pool_size = 0;
  bool allow_overflow = true;
};

// One number an allocation answer (a legacy answer, or one Bulk row) handed out.
struct TimedAnswer {
  std::size_t pool = 0;
  std::string number;
  conformance::allocation_rules::AnswerForm form = conformance::allocation_rules::AnswerForm::LegacyJson;
  std::optional<bool> overflow_flag;  // as answered: absent when the answer says nothing
  ServerTimeBounds effect;            // when, on the target's clock, it took effect
  double sent_ms = 0, received_ms = 0;  // client time: a request sent after another's answer came is later
  Evidence evidence;
};

struct JudgeTally {
  std::uint64_t allocations_judged = 0;
  std::uint64_t leases_opened = 0;     // answers the profile lets the judge read as trackable
  std::uint64_t overflow_answers = 0;  // answers the profile lets the judge read as the overflow number
  std::uint64_t undecided = 0;         // answers whose flag the profile does not believe (csv; json/xml in vendor)
  std::uint64_t reused_after_lease_end = 0;  // a trackable number answered again once its lease surely ended
  std::uint64_t answers_in_first_lease_time = 0;  // judged by the pool-wide rules (repeats, distinct numbers)
};

class AllocationJudge {
 public:
  AllocationJudge(std::vector<JudgedPool> pools, conformance::Profile profile);

  // Every allocation request to `pool`, when sent: the earliest instant it can take effect (so the
  // pool's first lease time starts at its first request, answered or not).
  void sent(std::size_t pool, std::int64_t earliest_ms);
  // Appends the violations `answer` shows, each at most once per pool and rule where it says so.
  void judge(const TimedAnswer& answer, std::vector<Violation>& out);

  const JudgeTally& tally() const { return tally_; }
  // The overflow number the answers showed for `pool` (a believed flag), if any.
  std::optional<std::string> overflow_number(std::size_t pool) const;
  // Leases the answers surely opened in `pool` that are surely running at every instant of `now`
  // (for the control API's cross-check): number -> evidence.
  std::vector<std::pair<std::string, Evidence>> surely_running(std::size_t pool, ServerTimeBounds now) const;

 private:
  struct Seen {
    TimedAnswer answer;
    bool trackable = false;  // believed trackable: its lease is surely active for a while
  };
  struct PoolState {
    JudgedPool facts;
    std::optional<std::int64_t> first_effect_ms;  // earliest instant any of its requests could take effect
    std::map<std::string, std::vector<Seen>> by_number;  // the last few answers of each number
    std::map<std::string, int> quiet_counts;              // answers per number in the first lease time
    std::set<std::string> quiet_repeats;                  // numbers answered twice then
    std::optional<Seen> overflow;                         // the first believed overflow answer
    bool quiet_repeat_reported = false, quiet_distinct_reported = false;
  };

  bool believed_trackable(const TimedAnswer& answer) const;
  bool believed_overflow(const TimedAnswer& answer) const;
  bool in_first_lease_time(const PoolState& pool, const TimedAnswer& answer) const;
  void pairwise(PoolState& pool, const Seen& seen, std::vector<Violation>& out);
  void first_lease_time(PoolState& pool, const Seen& seen, std::vector<Violation>& out);
  void overflow_rules(PoolState& pool, const Seen& seen, std::vector<Violation>& out);

  std::vector<PoolState> pools_;
  conformance::Profile profile_;
  JudgeTally tally_;
};

}  // namespace ringpool::load
