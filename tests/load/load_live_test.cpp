// `ringpool load` against a live `ringpool serve` (started by the test, on loopback): a server
// with the lease-reuse defect is caught with the answers that show it, in the strict profile and
// in the vendor one (which believes only what the documents fix); the correct server and the
// variant (a valid server that is not the reference), run through an hour of virtual time in
// about a second, show no violation while every situation the invariants need (leases ending and
// numbers reused, overflow, Bulk rows, the control API's cross-check) actually happened; the CLI
// gates CI, keeps tokens out of reports and tells setup mistakes (exit 2) from violations (1).
#include "conformance/target_description.hpp"
#include "conformance/variant_target.hpp"
#include "load/load_runner.hpp"
#include "tests/conformance/server_process.hpp"
#include "transport/http/http_server.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fcntl.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

using namespace ringpool;
using namespace ringpool::load;

namespace {

constexpr const char* kControlToken = "load-test-control-secret";

LoadOptions small_run(const std::string& url, const std::string& mix) {
  LoadOptions options;
  options.target_url = url;
  options.description = conformance::default_world_description();
  options.control_token = kControlToken;
  options.mix = *TrafficMix::parse(mix);
  options.connections = 2;
  options.warmup_seconds = 0;
  options.duration_seconds = 0.5;
  options.pools = 1;
  options.pool_size = 5;
  options.bulk_rows = 5;
  options.lifetime_seconds = 60;
  options.run_id = "loadtest";
  return options;
}

// Runs the ringpool binary with `args` (output to `log`) and returns its exit status.
int run_ringpool(std::vector<std::string> args, const std::string& log) {
  args.insert(args.begin(), ringpool::testing::ringpool_binary());
  std::vector<char*> argv;
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = 0;
  BOOST_REQUIRE(posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) == 0);
  posix_spawn_file_actions_destroy(&actions);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string read_all(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(load_live)

BOOST_AUTO_TEST_CASE(P_1_lease_reuse_defect_reported_with_evidence) {
  testing::ServerProcess server({"--control", "--control-token", kControlToken, "--inject-defect", "lease-reuse"});
  LoadOptions options = small_run(server.url(), "json=1");
  options.clock_speed = 600;  // leases of 60 s end every 100 ms of the run
  options.profile = conformance::Profile::Strict;  // the json overflow flag is believed (A-2 [dec])
  const auto result = run_load(options);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.error().message);
  BOOST_TEST(result->invariants.violations_by_clause.count("P-1") == 1U);
  BOOST_TEST(result->errors == 0U);
  const Violation* reuse = nullptr;
  for (const Violation& violation : result->violations)
    if (violation.clause == "P-1" && violation.evidence.size() == 2 && violation.evidence[0].status == 200) reuse = &violation;
  BOOST_REQUIRE(reuse != nullptr);
  BOOST_TEST_MESSAGE("P-1 evidence: " << reuse->what);
  // The two answers: different requests, the same number, leases that overlap on the target's clock.
  const auto first = nlohmann::json::parse(reuse->evidence[0].answer);
  const auto second = nlohmann::json::parse(reuse->evidence[1].answer);
  BOOST_TEST(first["promo_number"] == second["promo_number"]);
  BOOST_TEST(reuse->evidence[0].request != reuse->evidence[1].request);
  BOOST_TEST(reuse->evidence[1].server_time.latest_ms - reuse->evidence[0].server_time.earliest_ms < 60'000);
  BOOST_TEST(reuse->evidence[0].request.find("ring_pool_key=<redacted>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(lease_reuse_is_caught_in_the_vendor_profile_too) {
  // No legacy flag is believed: the defect's re-served number repeats beside the overflow number
  // within the pool's first lease time, when no lease can have ended (only one may repeat).
  testing::ServerProcess server({"--control", "--control-token", kControlToken, "--inject-defect", "lease-reuse"});
  LoadOptions options = small_run(server.url(), "json=40,xml=10,csv=10,bulk=10,read=15,update=15");
  options.clock_speed = 600;
  const auto result = run_load(options);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.error().message);
  BOOST_TEST(result->settings.profile == "vendor");
  BOOST_TEST(result->invariants.violations_by_clause.count("P-1") == 1U);
}

BOOST_AUTO_TEST_CASE(twenty_virtual_minutes_against_the_variant_have_no_violation) {
  // The variant flags no legacy overflow number, puts it on top of max_pool_size, reuses the most
  // recently used number and holds leases 30 s longer: all valid, all judged permissively.
  // At 600x a 60 s lease lasts 100 ms of wall time, so the pool's first lease time holds answers
  // even when a loaded sanitizer build takes tens of milliseconds per request (at 3600x it did not).
  testing::ServerProcess server({"--variant", "--control", "--control-token", kControlToken});
  LoadOptions options = small_run(server.url(), "json=40,xml=10,csv=10,bulk=10,read=15,update=15");
  options.description = conformance::variant_description();
  options.connections = 3;
  options.duration_seconds = 2.0;
  options.clock_speed = 600;
  const auto result = run_load(options);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.error().message);
  for (const Violation& violation : result->violations) BOOST_TEST_MESSAGE(violation.clause << ": " << violation.what);
  BOOST_TEST(result->violation_count == 0U);
  BOOST_TEST(result->errors == 0U);
  BOOST_TEST(result->invariants.leases_opened > 0U);  // Bulk rows, believed in every profile
  BOOST_TEST(result->invariants.reused_after_lease_end > 0U);
  BOOST_TEST(result->invariants.answers_in_first_lease_time > 0U);
  BOOST_TEST(result->leftover_pools.empty());
}

BOOST_AUTO_TEST_CASE(an_hour_of_virtual_time_against_the_correct_server_has_no_violation) {
  testing::ServerProcess server({"--control", "--control-token", kControlToken});
  LoadOptions options = small_run(server.url(), "json=40,xml=10,csv=10,bulk=10,read=15,update=15");
  options.connections = 3;
  options.duration_seconds = 1.0;
  options.clock_speed = 3600;  // one virtual hour: 60 leases' worth of lifetimes
  options.profile = conformance::Profile::Reference;  // with the control API's cross-check
  const auto result = run_load(options);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.error().message);
  for (const Violation& violation : result->violations) BOOST_TEST_MESSAGE(violation.clause << ": " << violation.what);
  BOOST_TEST(result->violation_count == 0U);
  BOOST_TEST(result->errors == 0U);
  BOOST_TEST(result->settings.clock == "driven");
  // The situations the invariants are about did occur (else a pass would prove nothing).
  const InvariantTally& tally = result->invariants;
  BOOST_TEST(tally.leases_opened > 0U);
  BOOST_TEST(tally.reused_after_lease_end > 0U);
  BOOST_TEST(tally.overflow_answers > 0U);
  BOOST_TEST(tally.bulk_rows_checked > 0U);
  BOOST_TEST(tally.pools_cross_checked == 2U);
  BOOST_TEST(result->requests_by_kind.size() == 6U);
}

BOOST_AUTO_TEST_CASE(a_server_closing_idle_connections_is_not_a_dropped_request) {
  // The server closes keep-alive connections idle for 100 ms (HTTP allows it); requests 250 ms
  // apart on one connection must reconnect, not count as dropped.
  transport::HttpServerOptions server_options;
  server_options.port = 0;
  server_options.limits.idle_timeout = std::chrono::milliseconds(100);
  transport::HttpServer server(
      [](const api::Request&) {
        api::Response response;
        response.content_type = "text/plain";
        response.body = "hello";
        return response;
      },
      server_options);
  std::string error;
  BOOST_REQUIRE(server.bind(error));
  std::thread runner([&] { server.run(); });
  LoadOptions options = small_run(fmt::format("http://127.0.0.1:{}/hello", server.port()), "url=1");
  options.control_token.clear();
  options.connections = 1;
  options.rate = 4;
  options.duration_seconds = 1.0;
  const auto result = run_load(options);
  server.stop();
  runner.join();
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.error().message);
  BOOST_TEST(result->requests == 4U);
  BOOST_TEST(result->errors == 0U);
  BOOST_TEST(result->violation_count == 0U);
}

BOOST_AUTO_TEST_CASE(cli_exit_status_gates_and_reports_keep_tokens_out) {
  testing::ServerProcess server({"--control", "--control-token", kControlToken, "--inject-defect", "lease-reuse"});
  const auto dir = std::filesystem::temp_directory_path() / fmt::format("ringpool-load-test-{}", getpid());
  std::filesystem::remove_all(dir);
  const std::string log = (dir.string() + ".log");
  const int status = run_ringpool({"load", "--target", server.url(), "--control-token", kControlToken, "--token",
                                   "demo-token", "--mix", "json=1", "--duration", "300ms", "--warmup", "0", "--pools",
                                   "1", "--pool-size", "4", "--clock-speed", "600", "--report", dir.string(), "--quiet"},
                                  log);
  const std::string output = read_all(log);
  BOOST_TEST(status == 1, output);  // an invariant was violated
  BOOST_TEST(output.find("P-1") != std::string::npos);
  const std::string report = read_all(dir / "load.json");
  BOOST_REQUIRE(!report.empty());
  const auto parsed = nlohmann::json::parse(report);
  BOOST_TEST(parsed["invariants"]["violations_by_clause"]["P-1"].get<int>() > 0);
  for (const std::string& text : {report, read_all(dir / "load.html"), output}) {
    BOOST_TEST(text.find(kControlToken) == std::string::npos);
    BOOST_TEST(text.find("demo-token") == std::string::npos);
  }
  BOOST_TEST(run_ringpool({"load", "--target", server.url(), "--rate", "-3"}, log) == 2);  // usage
  // --clock-speed against a server without a control API: a setup mistake, exit 2 with its fix.
  testing::ServerProcess plain({});
  BOOST_TEST(run_ringpool({"load", "--target", plain.url(), "--control-token", kControlToken, "--clock-speed", "600",
                           "--duration", "300ms", "--quiet", "--report", dir.string()},
                          log) == 2);
  BOOST_TEST(read_all(log).find("--clock-speed drives the target's clock") != std::string::npos, read_all(log));
  BOOST_TEST(run_ringpool({"serve", "--port", "0", "--inject-defect", "no-such-defect"}, log) == 2);
  BOOST_TEST(read_all(log).find("lease-reuse") != std::string::npos);  // the known ones are listed
  BOOST_TEST(run_ringpool({"load", "merge", (dir / "load.json").string(), "--report", dir.string()}, log) == 1);
  std::filesystem::remove_all(dir);
  std::filesystem::remove(log);
}

BOOST_AUTO_TEST_SUITE_END()
