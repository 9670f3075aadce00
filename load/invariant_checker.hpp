// Invariants under load, judged from the answers alone (and, against a ringpool server, cross-
// checked with the control API's pool view): no trackable number handed to two visitors whose
// leases overlap (P-1), at most one overflow number per pool and never leased (P-4), Bulk rows
// in request order (B-4, with B-3's request_id echo), no 5xx and no request left unanswered.
// Pure: no I/O, no clock; the runner feeds it one answered request at a time.
#pragma once

#include "load/server_clock.hpp"
#include "load/traffic_mix.hpp"
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
  std::optional<std::string> overflow_number;  // from the control API's view at creation, if any
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

// One answer quoted as evidence.
struct Evidence {
  std::string request;
  int status = 0;        // 0: no answer
  std::string answer;    // the body (at most 600 bytes), or the transport error
  double sent_ms = 0, received_ms = 0;
  ServerTimeBounds server_time;
};

struct Violation {
  std::string clause;  // "P-1", "P-4", "B-3", "B-4", "no-5xx", "no-dropped-connection"
  std::string what;
  std::vector<Evidence> evidence;
};

// How much the checker saw, including "sometimes" goals (a check that never met its situation
// proves nothing): whether numbers were reused after a lease ended, whether overflow happened.
struct InvariantTally {
  std::uint64_t allocations_judged = 0;
  std::uint64_t leases_opened = 0;
  std::uint64_t overflow_answers = 0;
  std::uint64_t reused_after_lease_end = 0;  // a number leased again once its lease had surely ended
  std::uint64_t unjudged_csv = 0;            // csv answers before the pool's overflow number was known
  std::uint64_t bulk_rows_checked = 0;
  std::uint64_t pools_cross_checked = 0;
  std::map<std::string, std::uint64_t> violations_by_clause;
};

class InvariantChecker {
 public:
  // Keeps the evidence of the first `evidence_limit` violations; counts all of them.
  explicit InvariantChecker(std::vector<PoolFacts> pools, std::size_t evidence_limit = 20);

  void observe(const AnswerRecord& record);
  // Compares the control API's view of `pool` (GET /_control/ring_pools/<id>), taken at a target
  // time within `now`, with what the answers said.
  void cross_check(std::size_t pool, const nlohmann::json& view, ServerTimeBounds now);

  const std::vector<Violation>& violations() const { return violations_; }
  std::uint64_t violation_count() const { return violation_count_; }
  const InvariantTally& tally() const { return tally_; }

 private:
  struct Lease {
    std::size_t pool;
    ServerTimeBounds opened;  // when the lease began
    std::int64_t lifetime_ms;
    Evidence evidence;
  };
  struct PoolState {
    PoolFacts facts;
    std::optional<Evidence> overflow_evidence;  // the first answer that showed the overflow number
    std::set<std::string> leased_numbers;      // numbers handed out as trackable
  };

  void allocation_of(std::size_t pool, const std::string& number, std::optional<bool> overflow, const AnswerRecord& record,
                  const Evidence& evidence);
  void violate(std::string clause, std::string what, std::vector<Evidence> evidence);

  std::vector<PoolState> pools_;
  std::map<std::string, std::vector<Lease>> leases_by_number_;  // the last few leases of each number
  std::vector<Violation> violations_;
  std::uint64_t violation_count_ = 0;
  std::size_t evidence_limit_;
  InvariantTally tally_;
};

// The record quoted as evidence (body cut to 600 bytes).
Evidence evidence_of(const AnswerRecord& record);

}  // namespace ringpool::load
