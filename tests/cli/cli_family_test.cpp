// The `ringpool` command family speaks one language: every --help gives the exit status and
// examples, names guides that exist, one duration syntax everywhere, an unknown subcommand lists
// the known ones, and reproduce lines keep every option that changes the outcome.
#include "cli/target_kind.hpp"
#include "tests/conformance/command.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

using ringpool::testing::run_ringpool;

namespace {

constexpr const char* kSubcommands[] = {"serve", "conform", "check", "load", "simulate"};

// One small scenario, so that the runs here stay cheap under the sanitizers.
const std::string kOneScenario = "--scenarios scenarios/leases/no-reuse-while-leased.toml";

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_family)

BOOST_AUTO_TEST_CASE(every_help_gives_exit_status_and_examples_and_names_guides_that_exist) {
  for (const char* subcommand : kSubcommands) {
    const auto help = run_ringpool(std::string(subcommand) + " --help");
    BOOST_TEST(help.exit_status == 0, subcommand);
    BOOST_TEST(help.output.find("Exit status: 0") != std::string::npos, subcommand << ":\n" << help.output);
    BOOST_TEST(help.output.find("Examples:\n  ringpool " + std::string(subcommand)) != std::string::npos,
               subcommand << ":\n" << help.output);
    // Every guide or plan a help names is there (here: the checkout; installed: check-install.sh).
    const std::regex named(R"([A-Za-z0-9_./-]+\.(md|toml))");
    for (auto it = std::sregex_iterator(help.output.begin(), help.output.end(), named); it != std::sregex_iterator(); ++it) {
      const std::string path = it->str();
      if (path.find('/') == std::string::npos || path.starts_with("out/")) continue;  // a name to choose, not a file
      BOOST_TEST(std::filesystem::exists(path), subcommand << " --help names " << path << ", which does not exist");
    }
  }
  const auto top = run_ringpool("--help");
  BOOST_TEST(top.output.find("Exit status:") != std::string::npos, top.output);
}

BOOST_AUTO_TEST_CASE(an_unknown_subcommand_lists_the_known_ones) {
  for (const std::string& arguments : {std::string("bogus"), std::string()}) {
    const auto result = run_ringpool(arguments);
    BOOST_TEST(result.exit_status == 2, result.output);
    BOOST_TEST(result.output.find("the subcommands are: serve, conform, load, simulate, check") != std::string::npos,
               result.output);
  }
  BOOST_TEST(run_ringpool("bogus").output.find("unknown subcommand 'bogus'") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_duration_syntax_for_every_timeout) {
  for (const char* timeout : {"10s", "500ms", "2m", "10"}) {
    const auto conform = run_ringpool("conform --target reference --quiet --deterministic --report /tmp/ringpool-cli-durations " +
                                      kOneScenario + " --timeout " + timeout);
    BOOST_TEST(conform.exit_status == 0, timeout << ": " << conform.output);
  }
  const auto wrong = run_ringpool("conform --target reference --timeout ten " + kOneScenario);
  BOOST_TEST(wrong.exit_status == 2, wrong.output);
  // `load` reads --timeout the same way (the run then stops on the missing --target, after parsing).
  const auto load = run_ringpool("load --timeout 10s --duration 2s");
  BOOST_TEST(load.exit_status == 2, load.output);
  BOOST_TEST(load.output.find("--target URL is required") != std::string::npos, load.output);
  const auto check = run_ringpool("check --target reference --runs 1 --timeout 10s --no-save --no-goals --quiet --report /tmp/ringpool-cli-durations");
  BOOST_TEST(check.exit_status == 0, check.output);
  BOOST_TEST(check.output.find("--timeout 10s") != std::string::npos, check.output);
}

BOOST_AUTO_TEST_CASE(a_reproduce_line_keeps_every_option_that_changes_the_outcome) {
  const auto failed = run_ringpool("conform --target reference --profile vendor --seed 7 --timeout 30s --quiet --deterministic "
                                   "--inject-defect lease-reuse --report /tmp/ringpool-cli-reproduce " +
                                   kOneScenario);
  BOOST_TEST(failed.exit_status == 1, failed.output);
  BOOST_TEST(failed.output.find("reproduce: ringpool conform --target reference --profile vendor --seed 7 --timeout 30s "
                                "--inject-defect lease-reuse --scenarios scenarios/leases/no-reuse-while-leased.toml") !=
                 std::string::npos,
             failed.output);
}

BOOST_AUTO_TEST_CASE(conform_and_check_print_the_same_reports_lines) {
  const auto conform = run_ringpool("conform --target reference --deterministic --report /tmp/ringpool-cli-reports " + kOneScenario);
  const auto check = run_ringpool("check --target reference --runs 1 --no-save --no-goals --report /tmp/ringpool-cli-reports");
  for (const auto* result : {&conform, &check}) {
    BOOST_TEST(result->output.find("reports:\n  /tmp/ringpool-cli-reports/report.json ") != std::string::npos, result->output);
    BOOST_TEST(result->output.find("  /tmp/ringpool-cli-reports/report.html ") != std::string::npos, result->output);
    BOOST_TEST(result->output.find("  /tmp/ringpool-cli-reports/junit.xml ") != std::string::npos, result->output);
  }
}

BOOST_AUTO_TEST_SUITE_END()

// A drawn valid server runs in process like "reference" and "variant": the same seed gives the
// same report (its run id took the wall clock's seconds once, as a live server's does).
BOOST_AUTO_TEST_CASE(every_in_process_target_gives_byte_identical_check_reports) {
  BOOST_TEST(ringpool::cli::is_in_process_target("variant:3"));
  BOOST_TEST(ringpool::cli::is_in_process_target("variant"));
  BOOST_TEST(!ringpool::cli::is_in_process_target("http://127.0.0.1:8080"));
  std::string reports[2];
  for (int i = 0; i < 2; ++i) {
    const std::string dir = "/tmp/ringpool-cli-variant-report-" + std::to_string(i);
    const auto check = run_ringpool("check --target variant:3 --runs 3 --deterministic --no-save --no-goals --quiet --report " + dir);
    BOOST_TEST(check.exit_status == 0, check.output);
    std::ifstream file(dir + "/report.json");
    reports[i].assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  }
  BOOST_TEST(!reports[0].empty());
  BOOST_TEST(reports[0] == reports[1]);
}
