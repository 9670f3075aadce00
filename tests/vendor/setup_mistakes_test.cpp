// Setup mistakes are told apart from spec failures (issue 20, item 2): each one stops
// `ringpool conform` before any scenario with exit 2 and one line saying what is wrong and how to
// fix it — an unset, wrong or placeholder token, a wrong control token, no target file for a
// server that is not a ringpool, a target file without [primary] or with a campaign the server
// lacks, a server that is down or unknown to DNS, http:// for a TLS endpoint and https:// for a
// plain one, a certificate the client does not trust. The table is printed (--log_level=message).
#include "reference/api/service.hpp"
#include "reference/world_file/world_toml.hpp"
#include "tests/conformance/command.hpp"
#include "tests/conformance/server_process.hpp"
#include "tests/support/loopback_server.hpp"
#include "tests/support/tls_loopback_server.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

namespace fs = std::filesystem;
using ringpool::testing::run_command;
using ringpool::testing::ringpool_binary;

namespace {

const fs::path kDir = fs::temp_directory_path() / "ringpool-setup-mistakes-test";

// The reference's default world described the way a vendor would: no token in the file.
std::string target_file(std::string_view campaign = "camp-1", bool with_primary = true, std::string_view extra = {}) {
  std::string text = fmt::format("{}\n", extra);
  if (with_primary)
    text += fmt::format("[primary]\nnetwork = 1\nadvertiser = \"adv-1\"\ncampaign = \"{}\"\nsecond_campaign = \"camp-2\"\n", campaign);
  return text;
}

fs::path write(const std::string& name, const std::string& text) {
  fs::create_directories(kDir);
  const fs::path path = kDir / name;
  std::ofstream(path) << text;
  return path;
}

// A port nothing listens on: bound, then closed.
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

struct Mistake {
  std::string name;
  std::string environment;  // VAR=value ... for `env -u RINGPOOL_TOKEN -u RINGPOOL_CONTROL_TOKEN`
  std::string arguments;    // after `ringpool conform`
  std::string expected;     // a piece of the line that says what is wrong
};

// Runs one mistake; returns the line that says what is wrong (the one with "Fix:", or the error).
std::string check_mistake(const Mistake& mistake) {
  const auto result = run_command(fmt::format("env -u RINGPOOL_TOKEN -u RINGPOOL_CONTROL_TOKEN {} {} conform {} --quiet --report {}",
                                              mistake.environment, ringpool_binary(), mistake.arguments, (kDir / "out").string()));
  BOOST_TEST(result.exit_status == 2, mistake.name << ": exit " << result.exit_status << "\n" << result.output);
  BOOST_TEST(result.output.find(mistake.expected) != std::string::npos, mistake.name << ": " << result.output);
  BOOST_TEST(result.output.find("scenarios:") == std::string::npos, mistake.name << ": a scenario ran");
  std::string line;
  for (std::size_t at = 0; at < result.output.size();) {
    const std::size_t end = std::min(result.output.find('\n', at), result.output.size());
    const std::string candidate = result.output.substr(at, end - at);
    if (candidate.find("Fix:") != std::string::npos || (line.empty() && candidate.starts_with("ringpool conform:"))) line = candidate;
    at = end + 1;
  }
  return line;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(setup_mistakes)

BOOST_AUTO_TEST_CASE(each_setup_mistake_exits_2_with_one_line_saying_what_and_how_to_fix_it) {
  fs::remove_all(kDir);
  ringpool::testing::ServerProcess server({"--control", "--control-token", "ctl"});
  // A vendor's server: the reference, saying it is something else.
  ringpool::api::Service service(ringpool::world_file::load_default_world(1));
  ringpool::transport::HttpServerOptions options = ringpool::testing::loopback_options();
  options.server_header = "vendor-server/1.0";
  ringpool::testing::LoopbackServer vendor(service, options);
  ringpool::testing::TlsLoopbackServer tls(kDir / "tls", &service);

  const std::string good = write("good.toml", target_file()).string();
  const std::string url = server.url();
  const std::vector<Mistake> mistakes = {
      {"token unset", "", fmt::format("--target {} --target-file {}", url, good), "has no API token"},
      {"token wrong", "RINGPOOL_TOKEN=not-the-token", fmt::format("--target {} --target-file {}", url, good), "was refused on network 1"},
      {"token a placeholder", "RINGPOOL_TOKEN='<token>'", fmt::format("--target {} --target-file {}", url, good), "is not a token"},
      {"token a placeholder in the file", "",
       fmt::format("--target {} --target-file {}", url,
                   write("placeholder.toml", "[primary]\nnetwork = 1\ntoken = \"set RINGPOOL_TOKEN instead\"\nadvertiser = \"adv-1\"\ncampaign = \"camp-1\"\n").string()),
       "is not a token"},
      {"control token wrong", "RINGPOOL_TOKEN=demo-token RINGPOOL_CONTROL_TOKEN=wrong",
       fmt::format("--target {} --target-file {}", url, good), "the control token was refused"},
      {"no target file (not a ringpool server)", "RINGPOOL_TOKEN=demo-token", fmt::format("--target {}", vendor.url()),
       "no --target-file was given"},
      {"target file without [primary]", "RINGPOOL_TOKEN=demo-token",
       fmt::format("--target {} --target-file {}", url, write("no-primary.toml", "timeout_seconds = 5\n").string()),
       "needs a [primary] table"},
      {"campaign missing", "RINGPOOL_TOKEN=demo-token",
       fmt::format("--target {} --target-file {}", url, write("no-campaign.toml", target_file("camp-nope")).string()),
       "was not found"},
      {"server down", "RINGPOOL_TOKEN=demo-token",
       fmt::format("--target http://127.0.0.1:{} --target-file {}", free_port(), good), "connection refused"},
      {"host unknown", "RINGPOOL_TOKEN=demo-token",
       fmt::format("--target http://ringpool-test.invalid:8080 --target-file {}", good), "does not resolve"},
      {"http:// for a TLS endpoint", "RINGPOOL_TOKEN=demo-token", fmt::format("--target {} --target-file {}", tls.http_url(), good),
       "speaks TLS"},
      {"https:// for a plain endpoint", "RINGPOOL_TOKEN=demo-token",
       fmt::format("--target https://127.0.0.1:{} --target-file {}", vendor.port(), good), "speaks plain HTTP"},
      {"certificate not trusted", "RINGPOOL_TOKEN=demo-token", fmt::format("--target {} --target-file {}", tls.https_url(), good),
       "is not trusted"},
  };
  std::string table = "| mistake | exit | what ringpool conform printed |\n|---|---|---|\n";
  for (const Mistake& mistake : mistakes) table += fmt::format("| {} | 2 | `{}` |\n", mistake.name, check_mistake(mistake));
  BOOST_TEST_MESSAGE(table);

  // And set up right, the same server over TLS is ready: the CA comes from the target file.
  const std::string trusted =
      write("trusted.toml", target_file("camp-1", true, fmt::format("[tls]\nca_file = \"{}\"", tls.ca_file().string()))).string();
  const auto ready = run_command(fmt::format("env -u RINGPOOL_CONTROL_TOKEN RINGPOOL_TOKEN=demo-token {} conform --target {} "
                                             "--target-file {} --preflight-only",
                                             ringpool_binary(), tls.https_url(), trusted));
  BOOST_TEST(ready.exit_status == 0, ready.output);
  BOOST_TEST(ready.output.find("preflight: ready") != std::string::npos, ready.output);
}

BOOST_AUTO_TEST_CASE(a_target_file_never_needs_a_secret_and_the_readme_example_keeps_working) {
  fs::create_directories(kDir);
  ringpool::testing::ServerProcess server({"--control", "--control-token", "ctl"});
  // The README's live example: no target file, a ringpool server, its demo tokens.
  const auto readme = run_command(fmt::format("env -u RINGPOOL_TOKEN RINGPOOL_CONTROL_TOKEN=ctl {} conform --target {} "
                                              "--preflight-only",
                                              ringpool_binary(), server.url()));
  BOOST_TEST(readme.exit_status == 0, readme.output);
  // RINGPOOL_TOKEN covers [bulk] too (same network): no token anywhere in the file.
  const std::string file = write("bulk.toml", target_file() + "[bulk]\nnetwork = 1\nadvertiser = \"adv-bulk\"\ncampaign = "
                                                              "\"camp-bulk\"\n")
                               .string();
  const auto bulk = run_command(fmt::format("env RINGPOOL_TOKEN=demo-token RINGPOOL_CONTROL_TOKEN=ctl {} conform --target {} "
                                            "--target-file {} --preflight-only",
                                            ringpool_binary(), server.url(), file));
  BOOST_TEST(bulk.exit_status == 0, bulk.output);
  // --preflight-only prints every check: [bulk] was checked with RINGPOOL_TOKEN, and it was accepted.
  BOOST_TEST(bulk.output.find("[bulk] campaign: token from RINGPOOL_TOKEN accepted") != std::string::npos, bulk.output);
}

BOOST_AUTO_TEST_CASE(a_run_id_that_already_has_pools_is_refused) {
  fs::create_directories(kDir);
  ringpool::testing::ServerProcess server({"--control", "--control-token", "ctl"});
  const std::string base = server.url() + "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json";
  const auto created = run_command(fmt::format("curl -s -o /dev/null -w '%{{http_code}}' -H 'Authorization: demo-token' -X POST "
                                               "-d '{{\"id_from_network\":\"takenrun-p\"}}' {}",
                                               base));
  BOOST_REQUIRE(created.output == "201");
  const auto refused = run_command(fmt::format("env RINGPOOL_CONTROL_TOKEN=ctl {} conform --target {} --run-id takenrun "
                                               "--preflight-only",
                                               ringpool_binary(), server.url()));
  BOOST_TEST(refused.exit_status == 2, refused.output);
  BOOST_TEST(refused.output.find("pools of run 'takenrun' already exist") != std::string::npos, refused.output);
}

BOOST_AUTO_TEST_SUITE_END()
