#include "load/invariant_checker.hpp"

#include "conformance/response_view.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>

namespace ringpool::load {

namespace {

using conformance::allocation_rules::AnswerForm;

constexpr std::size_t kEvidenceBodyBytes = 600;

std::string format_of(RequestKind kind) {
  switch (kind) {
    case RequestKind::LegacyXml: return "xml";
    case RequestKind::LegacyCsv: return "csv";
    default: return "json";
  }
}

AnswerForm form_of(RequestKind kind) {
  switch (kind) {
    case RequestKind::LegacyXml: return AnswerForm::LegacyXml;
    case RequestKind::LegacyCsv: return AnswerForm::LegacyCsv;
    case RequestKind::Bulk: return AnswerForm::BulkRow;
    default: return AnswerForm::LegacyJson;
  }
}

std::string row_id_text(const nlohmann::json& row) {
  auto id = row.find("request_id");
  if (id == row.end()) return {};
  return id->is_string() ? id->get<std::string>() : id->dump();
}

std::vector<JudgedPool> judged(const std::vector<PoolFacts>& pools) {
  std::vector<JudgedPool> out;
  for (const PoolFacts& facts : pools)
    out.push_back(JudgedPool{facts.id_from_network, facts.lifetime_ms, facts.max_pool_size, facts.allow_overflow});
  return out;
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

InvariantChecker::InvariantChecker(std::vector<PoolFacts> pools, conformance::Profile profile, std::size_t evidence_limit)
    : pools_(std::move(pools)), judge_(judged(pools_), profile), evidence_limit_(evidence_limit) {}

void InvariantChecker::violate(Violation violation) {
  ++violation_count_;
  ++tally_.violations_by_clause[violation.clause];
  if (violations_.size() < evidence_limit_) violations_.push_back(std::move(violation));
}

InvariantTally InvariantChecker::tally() const {
  InvariantTally out = tally_;
  const JudgeTally& judged = judge_.tally();
  out.allocations_judged = judged.allocations_judged;
  out.leases_opened = judged.leases_opened;
  out.overflow_answers = judged.overflow_answers;
  out.reused_after_lease_end = judged.reused_after_lease_end;
  out.unjudged_csv = judged.undecided;
  out.answers_in_first_lease_time = judged.answers_in_first_lease_time;
  return out;
}

void InvariantChecker::allocation(const AnswerRecord& record, const std::string& number, std::optional<bool> overflow,
                                  AnswerForm form, const Evidence& evidence) {
  TimedAnswer answer;
  answer.pool = record.pool;
  answer.number = number;
  answer.form = form;
  answer.overflow_flag = overflow;
  answer.effect = record.server_time;
  answer.sent_ms = record.sent_ms;
  answer.received_ms = record.received_ms;
  answer.evidence = evidence;
  std::vector<Violation> found;
  judge_.judge(answer, found);
  for (Violation& violation : found) violate(std::move(violation));
}

void InvariantChecker::observe(const AnswerRecord& record) {
  if (record.response == nullptr) {
    violate(Violation{"no-dropped-connection", fmt::format("a request got no answer: {}", record.transport_error),
                      {evidence_of(record)}});
    return;
  }
  const api::Response& response = *record.response;
  if (response.status >= 500) {
    const conformance::ResponseView view(response, format_of(record.kind));
    // P-4/P-5: a pool that holds no number (an inventory smaller than the pools, or empty for a
    // while) answers 503 NoNumberAvailable; valid, so counted among the errors, not judged.
    if (is_legacy_allocation(record.kind) && response.status == 503 && view.error().error_class == "NoNumberAvailable") return;
    violate(Violation{"no-5xx",
                      fmt::format("the server answered {} {}", response.status, view.error().error_class.value_or("(no class)")),
                      {evidence_of(record)}});
    return;
  }
  if (response.status != 200 || pools_.empty()) return;
  switch (record.kind) {
    case RequestKind::LegacyJson:
    case RequestKind::LegacyXml:
    case RequestKind::LegacyCsv: {
      const conformance::ResponseView view(response, format_of(record.kind));
      const conformance::AllocationView found = view.allocation();
      if (found.promo_number) allocation(record, *found.promo_number, found.overflow, form_of(record.kind), evidence_of(record));
      return;
    }
    case RequestKind::Bulk: {
      const auto body = nlohmann::json::parse(response.body, nullptr, false);
      if (!body.is_object() || !body.contains("responses") || !body["responses"].is_array()) return;
      const auto& rows = body["responses"];
      const Evidence evidence = evidence_of(record);
      if (rows.size() != record.row_ids.size()) {
        violate(Violation{"B-4", fmt::format("{} rows were sent and {} came back", record.row_ids.size(), rows.size()), {evidence}});
        return;
      }
      for (std::size_t i = 0; i < rows.size(); ++i) {
        ++tally_.bulk_rows_checked;
        const std::string echoed = rows[i].is_object() ? row_id_text(rows[i]) : std::string();
        if (echoed.empty()) {
          violate(Violation{"B-3", fmt::format("row {} does not echo its request_id \"{}\"", i, record.row_ids[i]), {evidence}});
          return;
        }
        if (echoed != record.row_ids[i]) {
          violate(Violation{"B-4",
                            fmt::format("row {} answers request_id \"{}\" where \"{}\" was sent: rows out of order", i, echoed,
                                        record.row_ids[i]),
                            {evidence}});
          return;
        }
      }
      for (const auto& row : rows) {
        const conformance::AllocationView found = conformance::allocation_of_json(row);
        // B-5 [doc]: a success row says "overflow": true exactly for the overflow number.
        if (found.promo_number) allocation(record, *found.promo_number, found.overflow.value_or(false), AnswerForm::BulkRow, evidence);
      }
      return;
    }
    default: return;
  }
}

void InvariantChecker::cross_check(std::size_t pool_index, const nlohmann::json& view, ServerTimeBounds now) {
  if (pool_index >= pools_.size() || !view.is_object()) return;
  const PoolFacts& pool = pools_[pool_index];
  ++tally_.pools_cross_checked;
  Evidence quoted_view;
  quoted_view.request = fmt::format("GET /_control/ring_pools/{}", pool.id);
  quoted_view.status = 200;
  quoted_view.answer = view.dump().substr(0, kEvidenceBodyBytes);
  quoted_view.server_time = now;

  const auto overflow = view.find("overflow_number");
  const std::optional<std::string> answered = judge_.overflow_number(pool_index);
  if (overflow != view.end() && overflow->is_string() && answered && overflow->get<std::string>() != *answered)
    violate(Violation{"P-4",
                      fmt::format("the control API says pool {}'s overflow number is {}; answers gave {}", pool.id_from_network,
                                  overflow->get<std::string>(), *answered),
                      {quoted_view}});
  const auto held = view.find("held");
  if (held != view.end() && held->is_number_integer() && held->get<std::int64_t>() > pool.max_pool_size)
    violate(Violation{"P-4",
                      fmt::format("the control API says pool {} holds {} numbers, more than max_pool_size {}",
                                  pool.id_from_network, held->get<std::int64_t>(), pool.max_pool_size),
                      {quoted_view}});

  std::map<std::string, std::string> status_of_number;
  if (auto numbers = view.find("numbers"); numbers != view.end() && numbers->is_array())
    for (const auto& entry : *numbers)
      if (entry.is_object() && entry.contains("number") && entry["number"].is_string())
        status_of_number[entry["number"].get<std::string>()] = entry.value("status", "");
  // A lease the answers opened that is surely still running must show as leased.
  for (const auto& [number, evidence] : judge_.surely_running(pool_index, now)) {
    const auto found = status_of_number.find(number);
    const std::string status = found == status_of_number.end() ? "not in the pool" : found->second;
    if (status != "leased")
      violate(Violation{"P-1",
                        fmt::format("number {} was leased to a visitor at target time {} for {} s, yet at {} the control "
                                    "API shows it {}",
                                    number, describe_target_time(evidence.server_time), pool.lifetime_ms / 1000,
                                    describe_target_time(now), status),
                        {evidence, quoted_view}});
  }
}

}  // namespace ringpool::load
