// reports/json_report: the documented JSON schema, byte-for-byte determinism, and the reader
// that --baseline relies on.
#include "reports/json_report.hpp"
#include "tests/reports/report_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>

using namespace ringpool::test::reports;
using ringpool::reports::parse_json_report;
using ringpool::reports::render_json_report;

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(json_report_is_pretty_printed_with_schema_first_and_a_trailing_newline) {
  const std::string text = render_json_report(sample_run(), ClauseCatalogue::builtin());
  BOOST_TEST(text.starts_with("{\n  \"schema\": \"ringpool-conformance-report/1\",\n  \"tool_version\": \"0.1.0\",\n"));
  BOOST_TEST(text.ends_with("}\n"));
  const auto doc = nlohmann::ordered_json::parse(text);
  std::vector<std::string> keys;
  for (const auto& [key, value] : doc.items()) keys.push_back(key);
  const std::vector<std::string> expected = {"schema",   "tool_version", "target",  "profile",   "seed",
                                             "run_id",   "capabilities", "missing_capabilities", "summary", "verdict",
                                             "interrupted", "unmet_gates", "setup_findings", "leftover_pools", "wall_ms",
                                             "scenarios", "coverage",    "sentence_coverage", "known_failures"};
  BOOST_TEST(keys == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(json_report_summary_matches_the_run) {
  const RunResult run = sample_run();
  const auto doc = nlohmann::json::parse(render_json_report(run, ClauseCatalogue::builtin()));
  const auto& summary = doc.at("summary");
  BOOST_TEST(summary.at("scenarios").at("total").get<int>() == 10);
  BOOST_TEST(summary.at("scenarios").at("passed").get<int>() == 5);
  BOOST_TEST(summary.at("scenarios").at("failed").get<int>() == 2);
  BOOST_TEST(summary.at("scenarios").at("skipped").get<int>() == 2);
  BOOST_TEST(summary.at("scenarios").at("unknown").get<int>() == 1);
  BOOST_TEST(summary.at("checks").at("failed").get<std::size_t>() == run.summary().checks_failed);
  BOOST_TEST(summary.at("checks").at("passed").get<std::size_t>() == run.summary().checks_passed);
  BOOST_TEST(summary.at("checks").at("unknown").get<std::size_t>() == 1u);
  BOOST_TEST(summary.at("clauses").at("total").get<std::size_t>() == ClauseCatalogue::builtin().clauses().size());
}

BOOST_AUTO_TEST_CASE(json_report_lists_only_failed_and_unknown_checks_in_full) {
  const auto doc = nlohmann::json::parse(render_json_report(sample_run(), ClauseCatalogue::builtin()));
  for (const auto& scenario : doc.at("scenarios")) {
    for (const auto& check : scenario.at("checks")) {
      const std::string outcome = check.at("outcome").get<std::string>();
      BOOST_TEST((outcome == "failed" || outcome == "unknown"));
    }
  }
  const auto& overflow = doc.at("scenarios").at(5);
  BOOST_TEST(overflow.at("id").get<std::string>() == "legacy/overflow.toml");
  BOOST_TEST(overflow.at("check_counts").at("passed").get<int>() == 2);
  BOOST_TEST(overflow.at("check_counts").at("failed").get<int>() == 2);
  // P-4 and A-4 both have a failed check here, so neither counts as checked-and-passed.
  BOOST_TEST(overflow.at("clauses_passed").empty());
  const auto& formats = doc.at("scenarios").at(4);
  BOOST_TEST(formats.at("clauses_passed") == nlohmann::json::parse(R"(["A-1","A-2","A-3"])"));
  BOOST_TEST(formats.at("checks").empty());
  BOOST_TEST(formats.at("passed_checks").at(0) == nlohmann::json::parse(R"({"clause":"A-1","level":"doc","count":2})"));
  const auto& failed = overflow.at("checks").at(0);
  BOOST_TEST(failed.at("clause").get<std::string>() == "P-4");
  BOOST_TEST(failed.at("level").get<std::string>() == "dec");
  BOOST_TEST(failed.at("step").get<std::string>() == "step 3: allocate p (json)");
  BOOST_TEST(failed.at("what").get<std::string>() == "overflow flag");
  BOOST_TEST(failed.at("exchange").get<int>() == 0);
  const auto& exchange = overflow.at("exchanges").at(0);
  BOOST_TEST(exchange.at("response").at("status").get<int>() == 200);
  BOOST_TEST(exchange.at("request").at("headers").at(0) == nlohmann::json::parse(R"(["Accept","application/json"])"));
}

BOOST_AUTO_TEST_CASE(json_report_unanswered_exchange_has_null_response_and_the_transport_error) {
  const auto doc = nlohmann::json::parse(render_json_report(sample_run(), ClauseCatalogue::builtin()));
  const auto& leases = doc.at("scenarios").at(3);
  BOOST_TEST(leases.at("id").get<std::string>() == "leases/expiry.toml");
  BOOST_TEST(leases.at("outcome").get<std::string>() == "unknown");
  BOOST_TEST(leases.at("exchanges").at(0).at("response").is_null());
  BOOST_TEST(leases.at("exchanges").at(0).at("transport_error").get<std::string>() == "timed out after 5000 ms (read)");
}

BOOST_AUTO_TEST_CASE(json_report_coverage_has_every_catalogue_clause_in_spec_order) {
  const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
  const auto doc = nlohmann::json::parse(render_json_report(sample_run(), catalogue));
  const auto& coverage = doc.at("coverage");
  BOOST_TEST_REQUIRE(coverage.size() == catalogue.clauses().size());
  for (std::size_t i = 0; i < coverage.size(); ++i) BOOST_TEST(coverage[i].at("id").get<std::string>() == catalogue.clauses()[i].id);
  const auto find = [&](std::string_view id) -> const nlohmann::json& {
    for (const auto& entry : coverage)
      if (entry.at("id").get<std::string>() == id) return entry;
    throw std::logic_error("missing");
  };
  BOOST_TEST(find("P-4").at("coverage").get<std::string>() == "failed");
  BOOST_TEST(find("A-1").at("coverage").get<std::string>() == "checked");
  BOOST_TEST(find("B-8").at("coverage").get<std::string>() == "skipped");
  BOOST_TEST(find("T-2").at("coverage").get<std::string>() == "not black-box testable");
  BOOST_TEST(find("W-1").at("coverage").get<std::string>() == "not covered");
  BOOST_TEST(find("C-3").at("scenarios") == nlohmann::json::parse(R"(["management/errors.toml"])"));
}

BOOST_AUTO_TEST_CASE(json_report_same_run_gives_the_same_bytes) {
  const std::string first = render_json_report(sample_run(), ClauseCatalogue::builtin());
  const std::string second = render_json_report(sample_run(), ClauseCatalogue::builtin());
  BOOST_TEST(first == second);
}

BOOST_AUTO_TEST_CASE(json_report_invalid_utf8_is_replaced_not_thrown) {
  std::string text;
  BOOST_REQUIRE_NO_THROW(text = render_json_report(hostile_run(), ClauseCatalogue::builtin()));
  BOOST_TEST(text.find("\xEF\xBF\xBD") != std::string::npos);
  nlohmann::json doc;
  BOOST_REQUIRE_NO_THROW(doc = nlohmann::json::parse(text));
  BOOST_TEST(text.find("<script>alert(\\\"x\\\")</script>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_report_round_trip_keeps_scenarios_and_failures) {
  const RunResult run = sample_run();
  const auto parsed = parse_json_report(render_json_report(run, ClauseCatalogue::builtin()));
  BOOST_TEST_REQUIRE(parsed.has_value(), (parsed ? std::string() : parsed.error()));
  BOOST_TEST(parsed->target == run.target);
  BOOST_TEST(parsed->seed == run.seed);
  BOOST_TEST(parsed->run_id == run.run_id);
  BOOST_TEST(parsed->capabilities == run.capabilities, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(parsed->missing_capabilities.size() == 1u);
  BOOST_TEST(parsed->missing_capabilities.front().first == "inspect");
  BOOST_TEST(parsed->missing_capabilities.front().second == run.missing_capabilities.front().second);
  BOOST_TEST_REQUIRE(parsed->scenarios.size() == run.scenarios.size());
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    const ScenarioResult& original = run.scenarios[i];
    const ScenarioResult& back = parsed->scenarios[i];
    BOOST_TEST(back.id == original.id);
    BOOST_TEST(back.outcome == original.outcome);
    BOOST_TEST(back.reason == original.reason);
    BOOST_TEST(back.reproduce == original.reproduce);
    BOOST_TEST(back.clauses == original.clauses, boost::test_tools::per_element());
    std::vector<const CheckResult*> original_problems, back_problems;
    for (const CheckResult& check : original.checks)
      if (check.outcome == Outcome::Failed || check.outcome == Outcome::Unknown) original_problems.push_back(&check);
    for (const CheckResult& check : back.checks)
      if (check.outcome == Outcome::Failed || check.outcome == Outcome::Unknown) back_problems.push_back(&check);
    BOOST_TEST_REQUIRE(back_problems.size() == original_problems.size());
    for (std::size_t c = 0; c < original_problems.size(); ++c) {
      BOOST_TEST(back_problems[c]->clause == original_problems[c]->clause);
      BOOST_TEST(back_problems[c]->step == original_problems[c]->step);
      BOOST_TEST(back_problems[c]->what == original_problems[c]->what);
      BOOST_TEST(back_problems[c]->expected == original_problems[c]->expected);
      BOOST_TEST(back_problems[c]->actual == original_problems[c]->actual);
      BOOST_TEST((back_problems[c]->level == original_problems[c]->level));
      BOOST_TEST((back_problems[c]->exchange == original_problems[c]->exchange));
    }
    BOOST_TEST_REQUIRE(back.exchanges.size() == original.exchanges.size());
    for (std::size_t x = 0; x < original.exchanges.size(); ++x) {
      BOOST_TEST(back.exchanges[x].url == original.exchanges[x].url);
      BOOST_TEST((back.exchanges[x].status == original.exchanges[x].status));
      BOOST_TEST(back.exchanges[x].response_body == original.exchanges[x].response_body);
      BOOST_TEST((back.exchanges[x].request_headers == original.exchanges[x].request_headers));
      BOOST_TEST(back.exchanges[x].transport_error == original.exchanges[x].transport_error);
    }
  }
}

BOOST_AUTO_TEST_CASE(json_report_round_trip_keeps_summary_and_coverage_counts) {
  const RunResult run = sample_run();
  const auto parsed = parse_json_report(render_json_report(run, ClauseCatalogue::builtin()));
  BOOST_TEST_REQUIRE(parsed.has_value());
  const RunSummary a = run.summary(), b = parsed->summary();
  BOOST_TEST(a.passed == b.passed);
  BOOST_TEST(a.failed == b.failed);
  BOOST_TEST(a.skipped == b.skipped);
  BOOST_TEST(a.unknown == b.unknown);
  BOOST_TEST(a.checks_passed == b.checks_passed);
  BOOST_TEST(a.checks_failed == b.checks_failed);
  BOOST_TEST(a.checks_unknown == b.checks_unknown);
  // Rendering the parsed run again gives the same coverage section.
  const auto first = nlohmann::json::parse(render_json_report(run, ClauseCatalogue::builtin()));
  const auto second = nlohmann::json::parse(render_json_report(*parsed, ClauseCatalogue::builtin()));
  BOOST_TEST(first.at("coverage") == second.at("coverage"));
  BOOST_TEST(first.at("summary") == second.at("summary"));
}

BOOST_AUTO_TEST_CASE(json_report_parse_rejects_text_that_is_not_json) {
  const auto parsed = parse_json_report("<html>not json</html>");
  BOOST_TEST_REQUIRE(!parsed.has_value());
  BOOST_TEST(parsed.error().starts_with("not a JSON document"), parsed.error());
}

BOOST_AUTO_TEST_CASE(json_report_parse_rejects_another_schema) {
  const auto other = parse_json_report(R"({"schema": "ringpool-conformance-report/2", "scenarios": []})");
  BOOST_TEST_REQUIRE(!other.has_value());
  BOOST_TEST(other.error().find("\"ringpool-conformance-report/2\"") != std::string::npos, other.error());
  BOOST_TEST(other.error().find("expected \"ringpool-conformance-report/1\"") != std::string::npos, other.error());
  const auto missing = parse_json_report(R"({"scenarios": []})");
  BOOST_TEST_REQUIRE(!missing.has_value());
  BOOST_TEST(missing.error().find("no \"schema\" field") != std::string::npos, missing.error());
  const auto array = parse_json_report("[1, 2]");
  BOOST_TEST_REQUIRE(!array.has_value());
  BOOST_TEST(array.error().find("not an object") != std::string::npos, array.error());
}

BOOST_AUTO_TEST_CASE(json_report_parse_names_the_field_of_the_wrong_type) {
  const auto parsed = parse_json_report(
      R"({"schema": "ringpool-conformance-report/1", "scenarios": [{"id": "a.toml", "outcome": "passed"}, {"id": "b.toml", "outcome": 3}]})");
  BOOST_TEST_REQUIRE(!parsed.has_value());
  BOOST_TEST(parsed.error() == "report field report.scenarios[1].outcome should be a string, not number");
  const auto bad_value = parse_json_report(R"({"schema": "ringpool-conformance-report/1", "scenarios": [{"id": "a.toml", "outcome": "meh"}]})");
  BOOST_TEST_REQUIRE(!bad_value.has_value());
  BOOST_TEST(bad_value.error() == "report field report.scenarios[0].outcome has an unknown value \"meh\"");
  const auto missing = parse_json_report(R"({"schema": "ringpool-conformance-report/1"})");
  BOOST_TEST_REQUIRE(!missing.has_value());
  BOOST_TEST(missing.error() == "report field report.scenarios is missing");
}

BOOST_AUTO_TEST_SUITE_END()

// Found by fuzz/report_json_fuzzer.cpp (input in fuzz/regressions/report_json/): a number too
// large for a double made nlohmann throw out_of_range, which escaped the reader and ended the
// process; --baseline must answer such a file with an error instead.
BOOST_AUTO_TEST_CASE(json_report_reader_refuses_a_number_too_large_for_a_double) {
  for (const char* text : {R"({"schema": "ringpool-conformance-report/1", "seed": 0.01e999})", "1e999", "[-1e400]"}) {
    const auto parsed = parse_json_report(text);
    BOOST_TEST_REQUIRE(!parsed.has_value(), text);
    BOOST_TEST(parsed.error().find("not a JSON document") != std::string::npos, parsed.error());
  }
}

// Found by fuzz/report_json_fuzzer.cpp: a 2.8 KB report with "count": 371602 made the reader build
// 371,602 check records (6 s); a larger count would allocate without bound. Counts are capped at
// one million checks per report in all, with the field named.
BOOST_AUTO_TEST_CASE(json_report_reader_refuses_more_checks_than_a_report_can_hold) {
  const auto report = [](std::uint64_t first, std::uint64_t second) {
    return fmt::format(R"({{"schema": "ringpool-conformance-report/1", "scenarios": [
      {{"id": "a", "outcome": "passed", "passed_checks": [{{"clause": "M-1", "level": "doc", "count": {}}}]}},
      {{"id": "b", "outcome": "passed", "passed_checks": [{{"clause": "M-2", "level": "doc", "count": {}}}]}}]}})",
                       first, second);
  };
  const auto fits = parse_json_report(report(2, 3));
  BOOST_TEST_REQUIRE(fits.has_value(), (fits ? "" : fits.error()));
  BOOST_TEST(fits->scenarios[1].checks.size() == 3u);
  for (const auto& [first, second] : {std::pair<std::uint64_t, std::uint64_t>{1'000'001, 0}, {18'446'744'073'709'551'615u, 1}}) {
    const auto refused = parse_json_report(report(first, second));
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST(refused.error().find("a report holds at most 1000000 checks in all") != std::string::npos, refused.error());
  }
}
