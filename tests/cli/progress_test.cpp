// cli/conform_progress: what `ringpool conform` prints while it runs — an estimate of the time left
// within seconds of the start of a long run, skipped scenarios summarised by reason (listed one by
// one with --verbose). The clock is handed in: nothing here sleeps.
#include "cli/conform_progress.hpp"
#include "conformance/response_view.hpp"

#include <boost/test/unit_test.hpp>

#include <cstdio>
#include <string>
#include <unistd.h>

using namespace ringpool::conformance;
using ringpool::cli::ConformProgress;
using ringpool::cli::ProgressSettings;

namespace {

// Everything written to stdout while `body` runs.
template <typename Body>
std::string stdout_of(Body body) {
  std::fflush(stdout);
  char path[] = "/tmp/ringpool-progress-XXXXXX";
  const int file = ::mkstemp(path);
  BOOST_REQUIRE(file >= 0);
  const int saved = ::dup(STDOUT_FILENO);
  ::dup2(file, STDOUT_FILENO);
  body();
  std::fflush(stdout);
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  std::string text;
  if (FILE* in = std::fopen(path, "r")) {
    char buffer[4096];
    std::size_t read = 0;
    while ((read = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, read);
    std::fclose(in);
  }
  ::close(file);
  std::remove(path);
  return text;
}

ScenarioResult skipped(std::string id, std::string reason) {
  ScenarioResult result;
  result.id = std::move(id);
  result.outcome = Outcome::Skipped;
  result.reason = std::move(reason);
  return result;
}

ScenarioResult passed(std::string id) {
  ScenarioResult result;
  result.id = std::move(id);
  result.outcome = Outcome::Passed;
  return result;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(cli_progress)

BOOST_AUTO_TEST_CASE(a_long_run_gives_an_estimate_within_seconds_then_now_and_then) {
  double now_seconds = 0;
  ProgressSettings settings;
  settings.elapsed = [&] { return std::chrono::duration<double>(now_seconds); };
  ConformProgress progress(settings, 170, nullptr);
  progress.expect_requests(564);
  ringpool::api::Response answer;
  answer.status = 200;
  const ResponseView view(answer, "json");
  const std::string printed = stdout_of([&] {
    // A server that takes 2 s a request, 16 requests in flight: 8 answers a second.
    for (int i = 1; i <= 80; ++i) {
      now_seconds = i * 0.125;
      progress.exchanged(ApiKind::Management, ringpool::api::Request{}, view);
    }
  });
  // The first estimate once 5 s have run (40 requests in: 524 left at 8 a second, about 66 s).
  BOOST_TEST(printed.starts_with("progress: 0/170 scenarios, 40 of about 564 requests in 5 s, about 1 min 06 s left\n"), printed);
  // The next only after 30 s: none more in these 10 s.
  BOOST_TEST(printed.find("progress:", 1) == std::string::npos, printed);
  BOOST_TEST(progress.time_left() == "about 1 min 01 s left");
}

BOOST_AUTO_TEST_CASE(quiet_runs_print_no_estimate_and_nothing_is_estimated_before_an_answer) {
  double now_seconds = 60;
  ProgressSettings settings;
  settings.quiet = true;
  settings.elapsed = [&] { return std::chrono::duration<double>(now_seconds); };
  ConformProgress progress(settings, 3, nullptr);
  BOOST_TEST(progress.time_left().empty());
  ringpool::api::Response answer;
  const ResponseView view(answer, "json");
  const std::string printed = stdout_of([&] { progress.exchanged(ApiKind::Management, ringpool::api::Request{}, view); });
  BOOST_TEST(printed.empty(), printed);
}

BOOST_AUTO_TEST_CASE(skipped_scenarios_are_summarised_by_reason_unless_verbose) {
  const std::string strict = "needs the strict profile (this run is vendor; use --profile strict)";
  const std::string world = "needs 'world': the target does not load world files";
  const auto run_with = [&](bool verbose) {
    ProgressSettings settings;
    settings.verbose = verbose;
    settings.elapsed = [] { return std::chrono::duration<double>(0); };
    ConformProgress progress(settings, 4, nullptr);
    RunResult run;
    run.scenarios = {skipped("a.toml", strict), passed("b.toml"), skipped("c.toml", world), skipped("d.toml", strict)};
    return stdout_of([&] {
      for (std::size_t i = 0; i < run.scenarios.size(); ++i) progress.scenario_finished(run.scenarios[i], i, 4);
      progress.summary(run, {});
    });
  };
  const std::string plain = run_with(false);
  BOOST_TEST(plain.find("skip    a.toml") == std::string::npos, plain);
  BOOST_TEST(plain.find("[2/4] pass    b.toml") != std::string::npos, plain);
  BOOST_TEST(plain.find("skipped, by reason (--verbose lists each scenario):\n     2 " + strict + "\n     1 " + world + "\n") !=
                 std::string::npos,
             plain);
  const std::string verbose = run_with(true);
  BOOST_TEST(verbose.find("[1/4] skip    a.toml — " + strict) != std::string::npos, verbose);
  BOOST_TEST(verbose.find("[4/4] skip    d.toml — " + strict) != std::string::npos, verbose);
  BOOST_TEST(verbose.find("by reason") == std::string::npos, verbose);
}

BOOST_AUTO_TEST_CASE(durations_read_as_people_say_them) {
  BOOST_TEST(ringpool::cli::duration_words(44.6) == "45 s");
  BOOST_TEST(ringpool::cli::duration_words(130) == "2 min 10 s");
  BOOST_TEST(ringpool::cli::duration_words(3900) == "1 h 05 min");
}

BOOST_AUTO_TEST_SUITE_END()
