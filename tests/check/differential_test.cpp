// `ringpool check --differential` over loopback (issue 10): a ringpool server in process on an
// ephemeral port, with the control API, gives the in-process reference's answers to every
// command; a server that diverges (its reset ignores the seed, so its api keys differ) is caught
// on T-2 with both answers, shrunk, and the saved scenario says what differed; a server without
// reset, or not on the virtual clock, is refused before any run.
#include "conformance/http_target.hpp"
#include "conformance/probe.hpp"
#include "conformance/property_check.hpp"
#include "conformance/property_differential.hpp"
#include "conformance/variant_target.hpp"
#include "reference/api/wire_paths.hpp"
#include "reference/world_file/world_toml.hpp"
#include "tests/support/loopback_server.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>


namespace differential_test {

using namespace ringpool;
using namespace ringpool::conformance;
namespace prop = ringpool::conformance::property;

constexpr const char* kDifferentialControl = "differential-control";

// `ringpool serve --control` in process: the reference service behind the Beast server, on a free
// loopback port. `perturb` may rewrite each request before the service sees it.
class LiveServer {
 public:
  explicit LiveServer(api::ServiceOptions service_options = control_options(),
                      std::function<void(api::Request&)> perturb = {})
      : service_(world_file::load_default_world(1), std::move(service_options)),
        server_(
            [this, perturb = std::move(perturb)](const api::Request& request) {
              if (!perturb) return service_.handle(request);
              api::Request changed = request;
              perturb(changed);
              return service_.handle(changed);
            },
            testing::loopback_options({}, 1)) {}
  std::string url() const { return server_.url(); }

  static api::ServiceOptions control_options() {
    api::ServiceOptions options;
    options.control_enabled = true;
    options.control_token = kDifferentialControl;
    return options;
  }

 private:
  api::Service service_;
  testing::LoopbackServer server_;  // its server header says ringpool: it loads world files (probe)
};

std::unique_ptr<Target> http_target(const std::string& url) {
  auto created = HttpTarget::create({url, url, url, url}, 10.0, kDifferentialControl);
  BOOST_REQUIRE_MESSAGE(created.has_value(), (created ? std::string() : created.error()));
  return std::move(*created);
}

prop::TargetFactory differential_factory(const std::string& url) {
  return [url]() -> std::unique_ptr<Target> {
    return std::make_unique<prop::DifferentialTarget>(http_target(url), kDifferentialControl, [](std::string text) { return text; });
  };
}

prop::CheckOptions differential_options(const std::string& url, std::size_t runs) {
  prop::CheckOptions options;
  options.runs = runs;
  options.max_steps = 25;
  options.reset_each_run = true;
  options.run.profile = Profile::Reference;
  options.run.seed = 3;
  options.run.run_id = "diff";
  options.run.description = default_world_description();
  options.run.control_token = kDifferentialControl;
  options.run.deterministic = true;
  auto probe = http_target(url);
  options.run.capabilities = probe_capabilities(*probe, options.run.description, kDifferentialControl);
  options.limits.clock_advance = options.run.capabilities.has("clock-advance");
  options.limits.bulk = options.run.capabilities.has("bulk");
  options.limits.second_network = options.run.capabilities.has("second-network");
  options.limits.world = options.run.capabilities.has("world");
  options.limits.large_pools = true;
  return options;
}

}  // namespace differential_test

using namespace differential_test;

BOOST_AUTO_TEST_SUITE(check_differential)

BOOST_AUTO_TEST_CASE(answers_are_compared_after_normalising_only_transport_headers) {
  api::Response reference;
  reference.status = 200;
  reference.content_type = "application/json; charset=utf-8";
  reference.headers = {{"processing-time", "0"}};
  reference.body = R"({"a":1})";
  api::Response live = reference;
  live.headers.emplace("Server", "ringpool/1");
  live.headers.emplace("Date", "Fri, 27 Nov 2026 15:00:00 GMT");
  live.headers.erase("processing-time");
  live.headers.emplace("Processing-Time", "12.5");  // a wall time: only its presence counts
  BOOST_TEST(prop::answer_difference(live, reference).empty());
  api::Response other_body = live;
  other_body.body = R"({"a":2})";
  BOOST_TEST(prop::answer_difference(other_body, reference).find("body differs from byte 5") != std::string::npos);
  api::Response other_status = live;
  other_status.status = 201;
  BOOST_TEST(prop::answer_difference(other_status, reference).find("status 201") != std::string::npos);
  api::Response extra_header = live;
  extra_header.headers.emplace("Allow", "GET");
  BOOST_TEST(!prop::answer_difference(extra_header, reference).empty());
  api::Response no_processing_time = live;
  no_processing_time.headers.erase("processing-time");
  BOOST_TEST(!prop::answer_difference(no_processing_time, reference).empty());
}

BOOST_AUTO_TEST_CASE(a_live_reference_gives_the_in_process_answers) {
  LiveServer server;
  const auto options = differential_options(server.url(), 12);
  BOOST_TEST_REQUIRE(prop::differential_unsupported(options.run.capabilities).empty());
  const prop::CheckSummary result = prop::run_check(differential_factory(server.url()), options);
  BOOST_TEST(!result.failure.has_value(),
             (result.failure ? result.failure->divergence + "\n" + result.failure->scenario_toml : ""));
  BOOST_TEST(result.passed == 12u);
  BOOST_TEST(result.commands > 50u);
}

BOOST_AUTO_TEST_CASE(a_diverging_server_is_caught_shrunk_and_saved_with_both_answers) {
  // Its reset takes another seed than the one asked for: the world is the same, its api keys not.
  LiveServer server(LiveServer::control_options(), [](api::Request& request) {
    if (request.path() != api::wire::kControlResetPath) return;
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("seed") && body["seed"].is_number_unsigned())
      body["seed"] = body["seed"].get<std::uint64_t>() + 1;
    request.body = body.dump();
  });
  const auto options = differential_options(server.url(), 20);
  const prop::CheckSummary result = prop::run_check(differential_factory(server.url()), options);
  BOOST_TEST_REQUIRE(result.failure.has_value());
  const prop::Failure& failure = *result.failure;
  BOOST_TEST(failure.clause == "T-2");
  BOOST_TEST(failure.shrunk.size() <= 3u, "shrunk to " << failure.shrunk.size());
  BOOST_TEST(failure.divergence.find("live:") != std::string::npos, failure.divergence);
  BOOST_TEST(failure.divergence.find("reference:") != std::string::npos, failure.divergence);
  BOOST_TEST(failure.scenario_toml.find("--differential") != std::string::npos);
  BOOST_TEST(prop::regression_file_name(failure).starts_with("t-2-"));
  // The model alone (no comparison) passes the same server: only the differential mode sees it.
  prop::CheckOptions model_only = options;
  const prop::CheckSummary without = prop::run_check([&] { return http_target(server.url()); }, model_only);
  BOOST_TEST(!without.failure.has_value());
}

BOOST_AUTO_TEST_CASE(a_server_without_reset_is_refused) {
  api::ServiceOptions clock_only = LiveServer::control_options();
  clock_only.control_endpoints = variant::control_endpoints();  // the clock and its advance alone
  LiveServer server(clock_only);
  const auto options = differential_options(server.url(), 1);
  const std::string why = prop::differential_unsupported(options.run.capabilities);
  BOOST_TEST(why.find("lacks 'reset'") != std::string::npos, why);
}

BOOST_AUTO_TEST_CASE(a_server_off_the_virtual_clock_is_refused) {
  api::ServiceOptions wall = LiveServer::control_options();
  wall.time_source = [] { return sim::kDefaultEpoch + 3'600'000; };  // an hour ahead of every reset
  LiveServer server(wall);
  prop::DifferentialTarget target(http_target(server.url()), kDifferentialControl, [](std::string text) { return text; });
  const auto begun = target.begin_scenario(1, std::string(world_file::default_world_toml()));
  BOOST_TEST_REQUIRE(!begun.has_value());
  BOOST_TEST(begun.error().find("virtual clock") != std::string::npos, begun.error());
}

BOOST_AUTO_TEST_SUITE_END()
