// Tokens never reach a report: a run whose failures record requests carrying every kind of token
// (Authorization header, Bearer, oauth_token in the query and in the body, another network's token,
// X-Control-Token) writes a report directory in which none of them can be found. Tokens come from
// RINGPOOL_TOKEN / RINGPOOL_CONTROL_TOKEN; reproduce lines carry none.
#include "command.hpp"

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

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(a_report_directory_written_with_real_tokens_contains_none_of_them) {
  const fs::path dir = fs::temp_directory_path() / "ringpool-secrets-test";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "leaky.toml") << kLeakyScenario;
  // The reference's own tokens (demo-token, other-token) and a control token, from the environment.
  const std::string environment = "RINGPOOL_TOKEN=demo-token RINGPOOL_CONTROL_TOKEN=ctl-secret-4711 ";
  const auto env_run = ringpool::testing::run_command(environment + RINGPOOL_BINARY + " conform --target reference " +
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
