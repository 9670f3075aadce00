// Realistic conformance results for the report tests: a run against a live target with passed,
// failed (with exchanges), skipped and unknown scenarios, plus a hostile variant whose text tries
// to break out of XML/HTML/JSON.
#pragma once

#include "conformance/clause_catalogue.hpp"
#include "conformance/results.hpp"

#include <algorithm>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// Boost.Test prints outcomes and levels by name in failure messages.
namespace ringpool::conformance {
inline std::ostream& boost_test_print_type(std::ostream& out, Outcome outcome) { return out << outcome_name(outcome); }
inline std::ostream& boost_test_print_type(std::ostream& out, Level level) { return out << level_name(level); }
}  // namespace ringpool::conformance

namespace ringpool::test::reports {

using namespace ringpool::conformance;

inline CheckResult passed_check(std::string clause, std::string step, std::string what, Level level = Level::Doc) {
  CheckResult check;
  check.clause = std::move(clause);
  check.level = level;
  check.step = std::move(step);
  check.what = std::move(what);
  check.expected = "ok";
  check.actual = "ok";
  check.outcome = Outcome::Passed;
  return check;
}

inline CheckResult failed_check(std::string clause, std::string step, std::string what, std::string expected, std::string actual,
                                std::optional<std::size_t> exchange, Level level = Level::Doc) {
  CheckResult check;
  check.clause = std::move(clause);
  check.level = level;
  check.step = std::move(step);
  check.what = std::move(what);
  check.expected = std::move(expected);
  check.actual = std::move(actual);
  check.outcome = Outcome::Failed;
  check.exchange = exchange;
  return check;
}

inline ScenarioResult scenario(std::string id, std::string title, std::vector<std::string> clauses, Outcome outcome) {
  ScenarioResult out;
  out.id = std::move(id);
  out.title = std::move(title);
  out.clauses = std::move(clauses);
  out.outcome = outcome;
  out.reproduce = "ringpool conform --target http://127.0.0.1:8080 --seed 42 --scenario " + out.id;
  return out;
}

inline ExchangeRecord allocation_exchange() {
  ExchangeRecord exchange;
  exchange.api = "allocation";
  exchange.method = "GET";
  exchange.url = "http://127.0.0.1:8080/api/2015-12-09/ring_pools/3/allocate_number.json?ring_pool_key=3970ec50d1&m1=c";
  exchange.request_headers = {{"Accept", "application/json"}, {"User-Agent", "ringpool-conform/0.1.0"}};
  exchange.status = 200;
  exchange.response_headers = {{"Content-Type", "application/json; charset=utf-8"}, {"Content-Length", "118"}};
  exchange.response_body =
      R"({"promo_number_formatted":"800-555-0013","promo_number":"8005550013","tracking_url":"https://network1.ringpool.test/c/1/3-3"})";
  return exchange;
}

inline ExchangeRecord management_exchange() {
  ExchangeRecord exchange;
  exchange.api = "management";
  exchange.method = "POST";
  exchange.url = "http://127.0.0.1:8080/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json";
  exchange.request_headers = {{"Authorization", "demo-token"}, {"Content-Type", "application/json"}};
  exchange.request_body = R"({"id_from_network":"rp-7f3a-p1","max_pool_size":"three","fill_immediately":true})";
  exchange.status = 500;
  exchange.response_headers = {{"Content-Type", "application/json"}};
  exchange.response_body = R"({"errors":{"class":"InternalServiceError","invalid_data":"undefined method `to_i' for nil"}})";
  return exchange;
}

// Ten scenarios sorted by id: 5 passed, 2 failed (each with two failed checks judging one
// exchange), 2 skipped, 1 unknown (a timeout).
inline RunResult sample_run() {
  RunResult run;
  run.tool_version = "0.1.0";
  run.target = "http://127.0.0.1:8080";
  run.profile = Profile::Strict;
  run.seed = 42;
  run.run_id = "rp-7f3a";
  run.capabilities = {"bulk", "clock", "clock-advance"};
  run.missing_capabilities = {{"inspect", "GET /_control/ring_pools/0 answered 404"}};
  run.wall_ms = 3184.7;

  ScenarioResult bulk = scenario("bulk/enablement.toml", "Bulk API refuses advertisers without bulk", {"B-8"}, Outcome::Skipped);
  bulk.reason = "needs capability \"control\" (POST /_control/bulk), which the target does not have";
  run.scenarios.push_back(bulk);

  ScenarioResult nanp = scenario("common/nanp.toml", "Phone numbers in every accepted NANP form", {"C-2"}, Outcome::Passed);
  for (int i = 1; i <= 6; ++i) nanp.checks.push_back(passed_check("C-2", "step " + std::to_string(i) + ": create pool", "destination normalised", Level::Dec));
  nanp.wall_ms = 48.2;
  run.scenarios.push_back(nanp);

  ScenarioResult formats = scenario("legacy/formats.toml", "Allocation answers in XML, JSON and CSV", {"A-1", "A-2", "A-3"}, Outcome::Passed);
  for (const char* clause : {"A-1", "A-2", "A-3"}) {
    formats.checks.push_back(passed_check(clause, "step 2: allocate (xml)", "status"));
    formats.checks.push_back(passed_check(clause, "step 3: allocate (json)", "body shape"));
  }
  formats.wall_ms = 131.0;
  run.scenarios.push_back(formats);

  ScenarioResult overflow = scenario("legacy/overflow.toml", "A full pool hands out the overflow number", {"A-4", "P-4"}, Outcome::Failed);
  overflow.checks.push_back(passed_check("P-4", "step 1: create pool p (max 3)", "status"));
  overflow.checks.push_back(passed_check("A-4", "step 2: allocate p (json)", "status"));
  overflow.checks.push_back(failed_check("P-4", "step 3: allocate p (json)", "overflow flag", "the pool's overflow number 800-555-0011",
                                         "a fresh number 800-555-0013", 0, Level::Dec));
  overflow.checks.push_back(failed_check("A-4", "step 3: allocate p (json)", "tracking_url", "https://network1.ringpool.test/c/1/3-1",
                                         "https://network1.ringpool.test/c/1/3-3", 0));
  overflow.exchanges.push_back(allocation_exchange());
  overflow.wall_ms = 212.7;
  run.scenarios.push_back(overflow);

  ScenarioResult leases = scenario("leases/expiry.toml", "A lease ends after lifetime_seconds", {"P-5", "T-4"}, Outcome::Unknown);
  leases.reason = "the target did not answer within 5000 ms";
  leases.checks.push_back(passed_check("P-5", "step 1: allocate", "status"));
  CheckResult timed_out;
  timed_out.clause = "P-5";
  timed_out.step = "step 4: allocate after 600 s";
  timed_out.what = "status";
  timed_out.expected = "200";
  timed_out.actual = "no response";
  timed_out.outcome = Outcome::Unknown;
  timed_out.exchange = 0;
  leases.checks.push_back(timed_out);
  ExchangeRecord no_answer;
  no_answer.api = "allocation";
  no_answer.method = "GET";
  no_answer.url = "http://127.0.0.1:8080/api/2015-12-09/ring_pools/4/allocate_number.xml?ring_pool_key=aa01";
  no_answer.transport_error = "timed out after 5000 ms (read)";
  leases.exchanges.push_back(no_answer);
  leases.wall_ms = 5004.1;
  run.scenarios.push_back(leases);

  ScenarioResult local = scenario("local/radius.toml", "Local numbers within the search radius", {"L-1", "L-3"}, Outcome::Passed);
  local.checks.push_back(passed_check("L-1", "step 1: create local pool", "status"));
  local.checks.push_back(passed_check("L-3", "step 2: allocate zipcode=90210", "number NPA", Level::Dec));
  local.checks.push_back(passed_check("L-3", "step 3: allocate zipcode=10001", "number NPA", Level::Dec));
  local.wall_ms = 77.9;
  run.scenarios.push_back(local);

  ScenarioResult errors = scenario("management/errors.toml", "Invalid input is refused with a class", {"C-3", "M-10"}, Outcome::Failed);
  errors.checks.push_back(passed_check("M-10", "step 1: create without name", "status"));
  errors.checks.push_back(failed_check("C-3", "step 2: create with max_pool_size \"three\"", "status", "403", "500", 0, Level::Dec));
  errors.checks.push_back(failed_check("C-3", "step 2: create with max_pool_size \"three\"", "error class", "RecordInvalid",
                                       "InternalServiceError", 0, Level::Dec));
  errors.exchanges.push_back(management_exchange());
  errors.wall_ms = 64.3;
  run.scenarios.push_back(errors);

  ScenarioResult crud = scenario("management/lifecycle.toml", "Create, read, update, list and delete a pool", {"M-1", "M-2", "M-3", "M-4", "M-5"}, Outcome::Passed);
  for (const char* clause : {"M-1", "M-2", "M-3", "M-4", "M-5"}) crud.checks.push_back(passed_check(clause, "step 1: request", "status"));
  crud.checks.push_back(passed_check("M-3", "step 3: read back", "representation"));
  crud.wall_ms = 96.4;
  run.scenarios.push_back(crud);

  ScenarioResult clock = scenario("clock/advance.toml", "The control clock advances and runs due events", {"T-4"}, Outcome::Skipped);
  clock.reason = "needs capability \"control\", which the target does not have";
  run.scenarios.push_back(clock);

  ScenarioResult auth = scenario("management/auth.toml", "Tokens in every documented place", {"M-6"}, Outcome::Passed);
  for (const char* place : {"header", "bearer", "query"}) auth.checks.push_back(passed_check("M-6", std::string("step 1: token in ") + place, "status"));
  auth.wall_ms = 21.0;
  run.scenarios.push_back(auth);
  std::sort(run.scenarios.begin(), run.scenarios.end(), [](const ScenarioResult& a, const ScenarioResult& b) { return a.id < b.id; });
  return run;
}

// Text that tries to break each output format: markup, quotes, ampersands, invalid UTF-8 bytes,
// control characters (an embedded NUL and an ANSI escape), a CDATA terminator.
inline std::string hostile_text() {
  return std::string("<script>alert(\"x\")</script> & 'quote' ]]> \xff\xfe bad \xC0\xAF overlong ") + std::string(1, '\0') +
         "nul \x01\x1b[31m ansi \x7f del";
}

inline ScenarioResult& scenario_named(RunResult& run, std::string_view id) {
  for (ScenarioResult& candidate : run.scenarios)
    if (candidate.id == id) return candidate;
  throw std::logic_error("no scenario " + std::string(id));
}

inline RunResult hostile_run() {
  RunResult run = sample_run();
  run.target = hostile_text();
  run.run_id = hostile_text();
  run.capabilities.push_back(hostile_text());
  ScenarioResult& overflow = scenario_named(run, "legacy/overflow.toml");
  overflow.title = hostile_text();
  overflow.reason = hostile_text();
  overflow.reproduce = "ringpool conform --scenario '" + hostile_text() + "'";
  overflow.checks[2].what = hostile_text();
  overflow.checks[2].expected = hostile_text();
  overflow.checks[2].actual = hostile_text();
  overflow.exchanges[0].response_body = hostile_text();
  overflow.exchanges[0].response_headers.emplace_back("X-Evil", hostile_text());
  scenario_named(run, "bulk/enablement.toml").reason = hostile_text();
  scenario_named(run, "leases/expiry.toml").reason = hostile_text();
  scenario_named(run, "leases/expiry.toml").exchanges[0].transport_error = hostile_text();
  return run;
}

inline const char* catalogue_toml() {
  return R"toml(
[[clause]]
id = "A-1"
section = "3. Legacy allocation API"
levels = ["doc"]
summary = "Allocation answers XML."

[[clause]]
id = "A-4"
section = "3. Legacy allocation API"
levels = ["doc", "dec"]
summary = "A full pool answers its overflow number."

[[clause]]
id = "P-4"
section = "5. Pools"
levels = ["dec"]
summary = "Overflow."

[[clause]]
id = "T-2"
section = "6. Clock"
levels = ["dec"]
summary = "Determinism."
black_box = false
reason = "needs the server's internals"
)toml";
}

}  // namespace ringpool::test::reports
