// `ringpool load` speaks https like `conform` (issue 20, item 4): against the reference served
// over TLS with a certificate made for the test, trusted through the target file's [tls] ca_file,
// a short run gets its answers and judges them; without the CA the first request fails with the
// certificate's reason instead of a hang or a crash.
#include "conformance/target_description.hpp"
#include "load/load_runner.hpp"
#include "reference/api/service.hpp"
#include "reference/world_file/world_toml.hpp"
#include "tests/support/tls_loopback_server.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>

using namespace ringpool;

namespace {

load::LoadOptions https_run(const testing::TlsLoopbackServer& server) {
  load::LoadOptions options;
  options.target_url = server.https_url();
  options.description = conformance::default_world_description();
  options.mix = *load::TrafficMix::parse("json=40,xml=10,csv=10,bulk=10,read=15,update=15");
  options.connections = 2;
  options.warmup_seconds = 0;
  options.duration_seconds = 0.5;
  options.pools = 1;
  options.pool_size = 5;
  options.bulk_rows = 5;
  options.run_id = "loadhttps";
  return options;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(load_https)

BOOST_AUTO_TEST_CASE(load_runs_over_tls_with_the_ca_the_target_file_names) {
  api::Service service(world_file::load_default_world(1));
  testing::TlsLoopbackServer server(std::filesystem::temp_directory_path() / "ringpool-load-https-test", &service);
  load::LoadOptions options = https_run(server);
  options.description.tls_ca_file = server.ca_file().string();
  const auto result = load::run_load(options);
  BOOST_REQUIRE_MESSAGE(result.has_value(), result.error().message);
  BOOST_TEST(result->requests > 0U);
  BOOST_TEST(result->errors == 0U);
  BOOST_TEST(result->violation_count == 0U);
  BOOST_TEST(result->settings.target == server.https_url() + "");
  BOOST_TEST(result->leftover_pools.empty());
}

BOOST_AUTO_TEST_CASE(an_untrusted_certificate_fails_with_its_reason) {
  api::Service service(world_file::load_default_world(1));
  testing::TlsLoopbackServer server(std::filesystem::temp_directory_path() / "ringpool-load-https-untrusted", &service);
  const auto result = load::run_load(https_run(server));
  BOOST_REQUIRE(!result.has_value());
  BOOST_TEST(result.error().message.find("certificate") != std::string::npos, result.error().message);
}

BOOST_AUTO_TEST_SUITE_END()
