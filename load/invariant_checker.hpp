// Invariants under load, judged from the answers alone by profile (and, in the reference profile
// against a ringpool server, cross-checked with the control API's pool view): what each answer
// shows about leases and the overflow number goes to the allocation judge (allocation_judge.hpp:
// P-1, P-4, with the permissive rules `check` uses); Bulk rows in request order (B-4, with B-3's
// request_id echo); no 5xx and no request left unanswered. Pure: no I/O, no clock; the runner
// feeds it every allocation request it sends and one answered request at a time.
#pragma once

#include "load/allocation_judge.hpp"
#include "load/server_clock.hpp"
#include "load/traffic_mix.hpp"
#include "load/violation.hpp"
#include "reference/api/http_types.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ringpool::load {

// What the generator knows about a pool it created.
struct PoolFacts {
  std::string id_from_network;
  std::int64_t id = 0;  // the legacy API's ring pool id
  std::int64_t lifetime_ms = 0;
  int max_pool_size = 0;
  bool allow_overflow = true;
  bool bulk = false;                          // served by the Bulk API
};

// One request as the checker needs it. `request` is already free of secrets.
struct AnswerRecord {
  RequestKind kind = RequestKind::Url;
  std::size_t pool = 0;
  std::string request;                 // "GET /api/...?ring_pool_key=<redacted>&param1=r12"
  std::vector<std::string> row_ids;    // Bulk: the request_id of each row sent, in order
  const api::Response* response = nullptr;  // null: no answer
  std::string transport_error;
  double sent_ms = 0;      // client time since the run began
  double received_ms = 0;
  ServerTimeBounds server_time;
};

// How much the checker saw, including "sometimes" goals (a check that never met its situation
// proves nothing): whether numbers were reused after a lease ended, whether overflow happened.
struct InvariantTally {
  std::uint64_t allocations_judged = 0;
  std::uint64_t leases_opened = 0;
  std::uint64_t overflow_answers = 0;
  std::uint64_t reused_after_lease_end = 0;  // a number leased again once its lease had surely ended
  std::uint64_t unjudged_csv = 0;            // answers whose overflow flag the profile does not believe (csv always)
  std::uint64_t bulk_rows_checked = 0;
  std::uint64_t pools_cross_checked = 0;
  std::uint64_t answers_in_first_lease_time = 0;  // judged by the pool-wide rules of allocation_judge.hpp
  std::map<std::string, std::uint64_t> violations_by_clause;
};

class InvariantChecker {
 public:
  // Keeps the evidence of the first `evidence_limit` violations; counts all of them. `profile`
  // decides which flags are believed and which rules apply (allocation_rules.hpp).
  InvariantChecker(std::vector<PoolFacts> pools, conformance::Profile profile, std::size_t evidence_limit = 20);

  // Every allocation request (legacy or Bulk) when sent: the earliest target instant it can take effect.
  void sent(std::size_t pool, std::int64_t earliest_ms) { judge_.sent(pool, earliest_ms); }
  void observe(const AnswerRecord& record);
  // Compares the control API's view of `pool` (GET /_control/ring_pools/<id>), taken at a target
  // time within `now`, with what the answers said ([ref]: the reference profile only).
  void cross_check(std::size_t pool, const nlohmann::json& view, ServerTimeBounds now);

  const std::vector<Violation>& violations() const { return violations_; }
  std::uint64_t violation_count() const { return violation_count_; }
  InvariantTally tally() const;

 private:
  void allocation(const AnswerRecord& record, const std::string& number, std::optional<bool> overflow,
                  conformance::allocation_rules::AnswerForm form, const Evidence& evidence);
  void violate(Violation violation);

  std::vector<PoolFacts> pools_;
  AllocationJudge judge_;
  std::vector<Violation> violations_;
  std::uint64_t violation_count_ = 0;
  std::size_t evidence_limit_;
  InvariantTally tally_;
};

// The record quoted as evidence (body cut to 600 bytes).
Evidence evidence_of(const AnswerRecord& record);

}  // namespace ringpool::load
