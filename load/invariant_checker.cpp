#include "load/invariant_checker.hpp"

#include "conformance/response_view.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace ringpool::load {

namespace {

constexpr std::size_t kEvidenceBodyBytes = 600;
constexpr std::size_t kLeasesKeptPerNumber = 4;

// Whether two leases overlap whatever instants within their bounds they began at: each begins
// before the other ends even in the most favourable case.
bool surely_overlap(const ServerTimeBounds& a, std::int64_t a_lifetime_ms, const ServerTimeBounds& b,
                    std::int64_t b_lifetime_ms) {
  return b.latest_ms - a.earliest_ms < a_lifetime_ms && a.latest_ms - b.earliest_ms < b_lifetime_ms;
}

std::string format_of(RequestKind kind) {
  switch (kind) {
    case RequestKind::LegacyXml: return "xml";
    case RequestKind::LegacyCsv: return "csv";
    default: return "json";
  }
}

std::string row_id_text(const nlohmann::json& row) {
  auto id = row.find("request_id");
  if (id == row.end()) return {};
  return id->is_string() ? id->get<std::string>() : id->dump();
}

}  // namespace

Evidence evidence_of(const AnswerRecord& record) {
  Evidence evidence;
  evidence.request = record.request;
  if (record.response != nullptr) {
    evidence.status = record.response->status;
    evidence.answer = record.response->body.substr(0, kEvidenceBodyBytes);
    if (record.response->body.size() > kEvidenceBodyBytes) evidence.answer += "...";
  } else {
    evidence.answer = record.transport_error;
  }
  evidence.sent_ms = record.sent_ms;
  evidence.received_ms = record.received_ms;
  evidence.server_time = record.server_time;
  return evidence;
}

InvariantChecker::InvariantChecker(std::vector<PoolFacts> pools, std::size_t evidence_limit)
    : evidence_limit_(evidence_limit) {
  for (PoolFacts& facts : pools) pools_.push_back(PoolState{std::move(facts), std::nullopt, {}});
}

void InvariantChecker::violate(std::string clause, std::string what, std::vector<Evidence> evidence) {
  ++violation_count_;
  ++tally_.violations_by_clause[clause];
  if (violations_.size() < evidence_limit_) violations_.push_back(Violation{std::move(clause), std::move(what), std::move(evidence)});
}

void InvariantChecker::observe(const AnswerRecord& record) {
  if (record.response == nullptr) {
    violate("no-dropped-connection", fmt::format("a request got no answer: {}", record.transport_error),
            {evidence_of(record)});
    return;
  }
  const api::Response& response = *record.response;
  if (response.status >= 500) {
    const conformance::ResponseView view(response, format_of(record.kind));
    violate("no-5xx",
            fmt::format("the server answered {} {}", response.status, view.error().error_class.value_or("(no class)")),
            {evidence_of(record)});
    return;
  }
  if (response.status != 200 || pools_.empty()) return;
  switch (record.kind) {
    case RequestKind::LegacyJson:
    case RequestKind::LegacyXml:
    case RequestKind::LegacyCsv: {
      const conformance::ResponseView view(response, format_of(record.kind));
      const conformance::AllocationView allocation = view.allocation();
      if (!allocation.promo_number) return;
      std::optional<bool> overflow = allocation.overflow;
      if (record.kind == RequestKind::LegacyCsv) overflow.reset();  // csv cannot say
      allocation_of(record.pool, *allocation.promo_number, overflow, record, evidence_of(record));
      return;
    }
    case RequestKind::Bulk: {
      const auto body = nlohmann::json::parse(response.body, nullptr, false);
      if (!body.is_object() || !body.contains("responses") || !body["responses"].is_array()) return;
      const auto& rows = body["responses"];
      const Evidence evidence = evidence_of(record);
      if (rows.size() != record.row_ids.size()) {
        violate("B-4", fmt::format("{} rows were sent and {} came back", record.row_ids.size(), rows.size()), {evidence});
        return;
      }
      for (std::size_t i = 0; i < rows.size(); ++i) {
        ++tally_.bulk_rows_checked;
        const std::string echoed = rows[i].is_object() ? row_id_text(rows[i]) : std::string();
        if (echoed.empty()) {
          violate("B-3", fmt::format("row {} does not echo its request_id \"{}\"", i, record.row_ids[i]), {evidence});
          return;
        }
        if (echoed != record.row_ids[i]) {
          violate("B-4", fmt::format("row {} answers request_id \"{}\" where \"{}\" was sent: rows out of order", i, echoed,
                                     record.row_ids[i]),
                  {evidence});
          return;
        }
      }
      for (const auto& row : rows) {
        const conformance::AllocationView allocation = conformance::allocation_of_json(row);
        if (allocation.promo_number) allocation_of(record.pool, *allocation.promo_number, allocation.overflow, record, evidence);
      }
      return;
    }
    default: return;
  }
}

void InvariantChecker::allocation_of(std::size_t pool_index, const std::string& number, std::optional<bool> overflow,
                                     const AnswerRecord& record, const Evidence& evidence) {
  if (pool_index >= pools_.size()) return;
  PoolState& pool = pools_[pool_index];
  ++tally_.allocations_judged;
  if (!overflow) {  // csv: the overflow number is recognised by its value once known
    if (pool.facts.overflow_number) overflow = number == *pool.facts.overflow_number;
    else if (!pool.facts.allow_overflow) overflow = false;
    else {
      ++tally_.unjudged_csv;
      return;
    }
  }
  if (*overflow) {
    ++tally_.overflow_answers;
    if (!pool.facts.overflow_number) {
      pool.facts.overflow_number = number;
      pool.overflow_evidence = evidence;
    } else if (number != *pool.facts.overflow_number) {
      std::vector<Evidence> quoted;
      if (pool.overflow_evidence) quoted.push_back(*pool.overflow_evidence);
      quoted.push_back(evidence);
      violate("P-4", fmt::format("pool {} answered a second overflow number {} (its overflow number is {})",
                                 pool.facts.id_from_network, number, *pool.facts.overflow_number),
              std::move(quoted));
      return;
    }
    if (!pool.overflow_evidence) pool.overflow_evidence = evidence;
    if (pool.leased_numbers.contains(number)) {
      std::vector<Evidence> quoted;
      for (const Lease& lease : leases_by_number_[number])
        if (lease.pool == pool_index) {
          quoted.push_back(lease.evidence);
          break;
        }
      quoted.push_back(evidence);
      violate("P-4", fmt::format("pool {}'s overflow number {} was also handed out as a trackable number",
                                 pool.facts.id_from_network, number),
              std::move(quoted));
    }
    return;
  }
  if (pool.facts.overflow_number && number == *pool.facts.overflow_number) {
    std::vector<Evidence> quoted;
    if (pool.overflow_evidence) quoted.push_back(*pool.overflow_evidence);
    quoted.push_back(evidence);
    violate("P-4", fmt::format("pool {}'s overflow number {} was handed out as a trackable number (never leased, P-4)",
                               pool.facts.id_from_network, number),
            std::move(quoted));
    return;
  }
  ++tally_.leases_opened;
  pool.leased_numbers.insert(number);
  const Lease lease{pool_index, record.server_time, pool.facts.lifetime_ms, evidence};
  std::vector<Lease>& history = leases_by_number_[number];
  // "Sometimes" goal: the number's previous lease had surely ended, so reuse was exercised.
  bool reused = !history.empty() && lease.opened.earliest_ms >= history.back().opened.latest_ms + history.back().lifetime_ms;
  for (const Lease& earlier : history) {
    if (surely_overlap(earlier.opened, earlier.lifetime_ms, lease.opened, lease.lifetime_ms)) {
      violate("P-1",
              fmt::format("number {} was handed to two visitors whose leases overlap: a lease of {} s began at target "
                          "time {}, another at {}",
                          number, earlier.lifetime_ms / 1000, describe_target_time(earlier.opened),
                          describe_target_time(lease.opened)),
              {earlier.evidence, lease.evidence});
      reused = false;
      break;
    }
  }
  if (reused) ++tally_.reused_after_lease_end;
  history.push_back(lease);
  if (history.size() > kLeasesKeptPerNumber) history.erase(history.begin());
}

void InvariantChecker::cross_check(std::size_t pool_index, const nlohmann::json& view, ServerTimeBounds now) {
  if (pool_index >= pools_.size() || !view.is_object()) return;
  PoolState& pool = pools_[pool_index];
  ++tally_.pools_cross_checked;
  Evidence quoted_view;
  quoted_view.request = fmt::format("GET /_control/ring_pools/{}", pool.facts.id);
  quoted_view.status = 200;
  quoted_view.answer = view.dump().substr(0, kEvidenceBodyBytes);
  quoted_view.server_time = now;

  const auto overflow = view.find("overflow_number");
  if (overflow != view.end() && overflow->is_string() && pool.facts.overflow_number &&
      overflow->get<std::string>() != *pool.facts.overflow_number) {
    std::vector<Evidence> quoted;
    if (pool.overflow_evidence) quoted.push_back(*pool.overflow_evidence);
    quoted.push_back(quoted_view);
    violate("P-4", fmt::format("the control API says pool {}'s overflow number is {}; answers gave {}",
                               pool.facts.id_from_network, overflow->get<std::string>(), *pool.facts.overflow_number),
            std::move(quoted));
  }
  const auto held = view.find("held");
  if (held != view.end() && held->is_number_integer() && held->get<std::int64_t>() > pool.facts.max_pool_size)
    violate("P-4", fmt::format("the control API says pool {} holds {} numbers, more than max_pool_size {}",
                               pool.facts.id_from_network, held->get<std::int64_t>(), pool.facts.max_pool_size),
            {quoted_view});

  std::map<std::string, std::string> status_of_number;
  if (auto numbers = view.find("numbers"); numbers != view.end() && numbers->is_array())
    for (const auto& entry : *numbers)
      if (entry.is_object() && entry.contains("number") && entry["number"].is_string())
        status_of_number[entry["number"].get<std::string>()] = entry.value("status", "");
  // A lease the answers opened that is surely still running must show as leased.
  for (const auto& [number, history] : leases_by_number_) {
    for (const Lease& lease : history) {
      if (lease.pool != pool_index) continue;
      const bool surely_running =
          lease.opened.latest_ms <= now.earliest_ms && now.latest_ms < lease.opened.earliest_ms + lease.lifetime_ms;
      if (!surely_running) continue;
      const auto found = status_of_number.find(number);
      const std::string status = found == status_of_number.end() ? "not in the pool" : found->second;
      if (status != "leased")
        violate("P-1", fmt::format("number {} was leased to a visitor at target time {} for {} s, yet at {} the control "
                                   "API shows it {}",
                                   number, describe_target_time(lease.opened), lease.lifetime_ms / 1000,
                                   describe_target_time(now), status),
                {lease.evidence, quoted_view});
    }
  }
}

}  // namespace ringpool::load
