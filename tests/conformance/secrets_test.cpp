// Tokens never reach a report: a run whose failures record requests carrying every kind of token
// (Authorization header, Bearer, oauth_token in the query and in the body, another network's token,
// X-Control-Token) writes a report directory in which none of them can be found. Tokens come from
// RINGPOOL_TOKEN / RINGPOOL_CONTROL_TOKEN; reproduce lines carry none.
#include "command.hpp"
#include "server_process.hpp"
#include "reference/world_file/world_toml.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;
using ringpool::testing::run_ringpool;

namespace {

// Every step fails (no status is 299), so every request is recorded in the reports.
constexpr const char* kLeakyScenario = R"(title = "Failing steps that carry every kind of token"
clauses = ["M-6"]
requires = ["clock", "second-network"]

[[step]]
request = "control"
path = "/_control/clock"
expect = { status = 299 }

[[step]]
list_pools = true
auth = "query"
expect = { status = 299 }

[[step]]
create_pool = "p"
auth = "body"
body = { max_pool_size = 2 }
expect = { status = 299 }

[[step]]
list_pools = true
auth = "bearer"
expect = { status = 299 }

[[step]]
list_pools = true
auth = "other-network"
expect = { status = 299 }
)";

// The files under `dir` (recursively) that contain `needle`.
std::string files_containing(const fs::path& dir, const std::string& needle) {
  std::string found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (text.str().find(needle) != std::string::npos) found += entry.path().string() + " ";
  }
  return found;
}

// `text` with every `from` replaced by `to`.
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

// The tokens of the live test: in the server's world, the target description and the command line.
constexpr const char* kPrimarySecret = "prim-secret-8812";
constexpr const char* kSecondSecret = "second-secret-5521";
constexpr const char* kTagSecret = "tag-secret-3307";
constexpr const char* kControlSecret = "ctl-secret-9931";

std::string live_target_description() {
  return std::string(R"(timeout_seconds = 10
capabilities = {}
allocation_version = "2015-12-09"
[pool_identity]
id_field = "id"
key_field = "api_key"
[primary]
network = 1
token = ")") + kPrimarySecret + R"("
advertiser = "adv-1"
campaign = "camp-1"
second_campaign = "camp-2"
affiliate = "5567"
affiliate_parameter = "pid"
host = "network1.ringpool.test"
[second]
network = 2
token = ")" + kSecondSecret + R"("
advertiser = "adv-other"
campaign = "camp-other"
affiliate = "9001"
[bulk]
network = 1
token = ")" + kPrimarySecret + R"("
advertiser = "adv-bulk"
campaign = "camp-bulk"
affiliate = "bulk-pub"
[tags]
network = 3
token = ")" + kTagSecret + R"("
advertiser = "adv-tag"
campaign = "camp-tag"
)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

// Over HTTP, with the tokens in the target description and the control token on the command line:
// failing steps record their requests (headers, queries, bodies) in report.json, report.html and
// junit.xml, and the console prints a reproduce line; none of them holds a token.
BOOST_AUTO_TEST_CASE(a_live_run_with_tokens_in_the_target_description_reports_none_of_them) {
  const fs::path dir = fs::temp_directory_path() / "ringpool-secrets-live-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string world(ringpool::world_file::default_world_toml());
  world = replaced(replaced(replaced(world, "demo-token", kPrimarySecret), "other-token", kSecondSecret), "tag-token", kTagSecret);
  std::ofstream(dir / "world.toml") << world;
  std::ofstream(dir / "target.toml") << live_target_description();
  std::ofstream(dir / "leaky.toml") << kLeakyScenario;
  ringpool::testing::ServerProcess server(
      {"--world", (dir / "world.toml").string(), "--control", "--control-token", kControlSecret});
  const auto run = run_ringpool("conform --target " + server.url() + " --target-file " + (dir / "target.toml").string() +
                                " --control-token " + kControlSecret + " --scenarios " + (dir / "leaky.toml").string() +
                                " --report " + (dir / "reports").string() + " --junit " + (dir / "ci" / "junit.xml").string());
  BOOST_TEST(run.exit_status == 1, run.output);  // the steps failed, as they should
  for (const char* file : {"report.json", "report.html"}) BOOST_TEST(fs::exists(dir / "reports" / file), file);
  BOOST_TEST(fs::exists(dir / "ci" / "junit.xml"));
  for (const char* secret : {kPrimarySecret, kSecondSecret, kTagSecret, kControlSecret}) {
    BOOST_TEST(files_containing(dir / "reports", secret).empty(), secret << " in " << files_containing(dir / "reports", secret));
    BOOST_TEST(files_containing(dir / "ci", secret).empty(), secret << " in " << files_containing(dir / "ci", secret));
    BOOST_TEST(run.output.find(secret) == std::string::npos, secret << " in the console output");
  }
  // What the reports must still show: the recorded requests with the tokens replaced, and a
  // reproduce line that needs no secret.
  BOOST_TEST(!files_containing(dir / "reports", "<token>").empty());
  BOOST_TEST(!files_containing(dir / "reports", "oauth_token=<token>").empty());
  BOOST_TEST(!files_containing(dir / "ci", "<failure").empty());  // the failing steps are in the JUnit file
  BOOST_TEST(!files_containing(dir / "reports", "--control-token <token> --scenarios").empty());
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(a_report_directory_written_with_real_tokens_contains_none_of_them) {
  const fs::path dir = fs::temp_directory_path() / "ringpool-secrets-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "leaky.toml") << kLeakyScenario;
  // The reference's own tokens (demo-token, other-token) and a control token, from the environment.
  const std::string environment = "RINGPOOL_TOKEN=demo-token RINGPOOL_CONTROL_TOKEN=ctl-secret-4711 ";
  const auto env_run = ringpool::testing::run_command(environment + ringpool::testing::ringpool_binary() + " conform --target reference " +
                                                      "--profile vendor --scenarios " + (dir / "leaky.toml").string() +
                                                      " --report " + (dir / "reports").string() +
                                                      " --junit " + (dir / "ci" / "junit.xml").string());
  BOOST_TEST(env_run.exit_status == 1, env_run.output);  // the steps failed, as they should
  // And with the tokens on the command line (the reproduce line must not repeat them).
  const auto flag_run = run_ringpool("conform --target reference --profile vendor --token demo-token --control-token "
                                     "ctl-secret-4711 --scenarios " + (dir / "leaky.toml").string() + " --report " +
                                     (dir / "flags").string());
  BOOST_TEST(flag_run.exit_status == 1, flag_run.output);
  for (const char* secret : {"demo-token", "other-token", "ctl-secret-4711"}) {
    BOOST_TEST(files_containing(dir / "reports", secret).empty(), secret << " in " << files_containing(dir / "reports", secret));
    BOOST_TEST(files_containing(dir / "ci", secret).empty(), secret);
    BOOST_TEST(files_containing(dir / "flags", secret).empty(), secret << " in " << files_containing(dir / "flags", secret));
    BOOST_TEST(env_run.output.find(secret) == std::string::npos, secret);
    BOOST_TEST(flag_run.output.find(secret) == std::string::npos, secret);
  }
  // The requests were recorded, with the tokens replaced.
  BOOST_TEST(!files_containing(dir / "reports", "Bearer <token>").empty());
  BOOST_TEST(!files_containing(dir / "reports", "oauth_token=<token>").empty());
  BOOST_TEST(!files_containing(dir / "flags", "--token <token>").empty());
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(help_names_the_token_environment_variables) {
  const auto help = run_ringpool("conform --help");
  BOOST_TEST(help.exit_status == 0);
  BOOST_TEST(help.output.find("RINGPOOL_TOKEN") != std::string::npos, help.output);
  BOOST_TEST(help.output.find("RINGPOOL_CONTROL_TOKEN") != std::string::npos, help.output);
}

BOOST_AUTO_TEST_SUITE_END()
