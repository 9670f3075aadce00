#include "conformance/judging.hpp"

namespace ringpool::conformance {

namespace {

bool any_status(const Step& step) {
  return step.expect.doc.find("status") != nullptr || step.expect.dec.find("status") != nullptr ||
         step.expect.ref.find("status") != nullptr;
}

ExchangeRecord record_of(ApiKind api, const api::Request& request, const Exchange& exchange, const std::string& base_url,
                         bool deterministic) {
  ExchangeRecord record;
  record.api = api_name(api);
  record.method = request.method;
  record.url = base_url + request.target;
  for (const auto& [name, value] : request.headers) record.request_headers.emplace_back(name, value);
  record.request_body = request.body;
  if (exchange.response) {
    record.status = exchange.response->status;
    if (!exchange.response->content_type.empty())
      record.response_headers.emplace_back("Content-Type", exchange.response->content_type);
    for (const auto& [name, value] : exchange.response->headers)
      record.response_headers.emplace_back(name, deterministic && name == "processing-time" ? "0" : value);
    record.response_body = exchange.response->body;
  } else {
    record.transport_error = exchange.transport_error;
  }
  return record;
}

}  // namespace

void judge_step(const Step& step, const CheckSubject& subject, Profile profile, CheckContext context,
                std::vector<CheckResult>& out) {
  context.clause = step.clause;
  if (subject.response != nullptr && !any_status(step) && step.expect_success_by_default) {
    const int status = subject.response->response().status;
    CheckResult check;
    check.clause = step.clause;
    check.step = context.step;
    check.what = "status";
    check.expected = "2xx (success)";
    check.actual = std::to_string(status);
    check.outcome = status >= 200 && status < 300 ? Outcome::Passed : Outcome::Failed;
    out.push_back(std::move(check));
  }
  const std::pair<const Expectations*, Level> tiers[] = {
      {&step.expect.doc, Level::Doc}, {&step.expect.dec, Level::Dec}, {&step.expect.ref, Level::Ref}};
  for (const auto& [tier, level] : tiers) {
    if (!profile_checks(profile, level) || tier->empty()) continue;
    context.level = level;
    check_expectations(*tier, subject, context, out);
  }
}

void attach_exchange(ScenarioResult& result, std::size_t first_check, ApiKind api, const api::Request& request,
                     const Exchange& exchange, const std::string& base_url, bool deterministic) {
  bool needed = false;
  for (std::size_t i = first_check; i < result.checks.size(); ++i)
    needed = needed || result.checks[i].outcome != Outcome::Passed;
  if (!needed) return;
  result.exchanges.push_back(record_of(api, request, exchange, base_url, deterministic));
  for (std::size_t i = first_check; i < result.checks.size(); ++i)
    if (result.checks[i].outcome != Outcome::Passed) result.checks[i].exchange = result.exchanges.size() - 1;
}

}  // namespace ringpool::conformance
