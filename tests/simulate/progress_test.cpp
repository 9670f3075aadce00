// reports/simulation_progress: off a terminal (a Slurm or Kubernetes log) a line when the study
// starts and then at least every 10 s, even while no run finishes; on a terminal one line
// rewritten in place. Driven by an injected clock: no test waits.
#include "reports/simulation_progress.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using ringpool::reports::SimulationProgress;

namespace {

struct Recorder {
  double now = 0;
  std::vector<std::string> lines;

  SimulationProgress make(bool terminal, std::size_t total) {
    return SimulationProgress(terminal, "simulating", total, [this] { return now; },
                              [this](std::string_view text) { lines.emplace_back(text); });
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(progress_off_a_terminal_prints_a_line_at_least_every_ten_seconds) {
  Recorder recorder;
  SimulationProgress progress = recorder.make(false, 40);
  BOOST_TEST_REQUIRE(recorder.lines.size() == 1u);
  BOOST_TEST(recorder.lines[0] == "simulating: 0/40 runs (0%), 0 s elapsed, estimating the time left\n");
  recorder.now = 4;
  progress.update(10);  // too soon for another line
  BOOST_TEST(recorder.lines.size() == 1u);
  recorder.now = 10;
  progress.update(20);
  BOOST_TEST_REQUIRE(recorder.lines.size() == 2u);
  BOOST_TEST(recorder.lines[1] == "simulating: 20/40 runs (50%), 10 s elapsed, about 10 s left\n");
  // A long run: no update for 25 s, but the heartbeat prints at 20 s and 30 s.
  for (int second = 11; second <= 35; ++second) {
    recorder.now = second;
    progress.heartbeat();
  }
  BOOST_TEST_REQUIRE(recorder.lines.size() == 4u);
  BOOST_TEST(recorder.lines[2] == "simulating: 20/40 runs (50%), 20 s elapsed, about 20 s left\n");
  BOOST_TEST(recorder.lines[3].starts_with("simulating: 20/40 runs (50%), 30 s elapsed"));
  recorder.now = 41;
  progress.update(40);
  progress.finish();
  BOOST_TEST(recorder.lines.back() == "simulating: 40/40 runs done in 41 s\n");
  progress.heartbeat();  // nothing after the end
  BOOST_TEST(recorder.lines.back() == "simulating: 40/40 runs done in 41 s\n");
}

BOOST_AUTO_TEST_CASE(progress_on_a_terminal_rewrites_one_line) {
  Recorder recorder;
  SimulationProgress progress = recorder.make(true, 4);
  BOOST_TEST(recorder.lines.empty());
  recorder.now = 0.1;
  progress.update(1);
  BOOST_TEST(recorder.lines.empty());  // at most five times a second
  recorder.now = 0.3;
  progress.update(2);
  BOOST_TEST_REQUIRE(recorder.lines.size() == 1u);
  BOOST_TEST(recorder.lines[0] == "\rsimulating: 2/4 runs (50%), 0 s elapsed, about 0 s left\x1b[K");
  progress.finish();
  BOOST_TEST(recorder.lines.back() == "\r\x1b[K");
}

BOOST_AUTO_TEST_SUITE_END()
