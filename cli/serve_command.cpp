// `ringpool serve`: the reference implementation over HTTP, for curl sessions, vendors' clients
// and the conformance runner's live-target tests.
#include "cli/commands.hpp"
#include "cli/world_source.hpp"
#include "conformance/variant_target.hpp"
#include "transport/http/http_server.hpp"

#include <fmt/format.h>

#include <chrono>
#include <csignal>
#include <random>
#include <cstdio>
#include <pthread.h>
#include <thread>

namespace ringpool::cli {

namespace {

class ServeCommand final : public Command {
 public:
  explicit ServeCommand(CLI::App& app) {
    command_ = app.add_subcommand("serve", "Serve the reference RingPool APIs over HTTP");
    command_->add_option("--world", world_path_, "World file (TOML); default: the embedded default world")
        ->check(CLI::ExistingFile);
    command_->add_option("--host", host_, "Address to bind")->capture_default_str();
    command_->add_option("--port", port_, "TCP port (0 picks a free one)")
        ->capture_default_str()
        ->check(CLI::Range(0, 65535));
    command_->add_option("--seed", seed_, "Seed of the run's generator (API keys, ...)")->capture_default_str();
    command_->add_option("--clock", clock_, "virtual: time moves only through the control API; wall: real time")
        ->capture_default_str()
        ->check(CLI::IsMember({"virtual", "wall"}));
    command_->add_option("--time-scale", time_scale_, "With --clock wall: virtual seconds per real second")
        ->capture_default_str()
        ->check(CLI::Range(0.001, 1e6));
    command_->add_flag("--control", control_, "Serve the control API under /_control/ (clock, reset, bulk, inspection)");
    command_->add_option("--control-token", control_token_,
                         "Token the control API requires in X-Control-Token (default: generated and printed)");
    std::vector<std::string> endpoint_names;
    for (api::ControlEndpoint endpoint : api::kControlEndpoints)
      endpoint_names.emplace_back(api::control_endpoint_name(endpoint));
    command_->add_option("--control-endpoints", control_endpoints_,
                         "With --control: the control endpoints served, comma-separated, named as the conformance "
                         "capabilities: clock (GET /_control/clock), clock-advance, reset, bulk-enablement, inspect "
                         "(GET /_control/ring_pools/<id>); the others answer 404. Default: all (with --variant: "
                         "clock,clock-advance)")
        ->delimiter(',')
        ->check(CLI::IsMember(endpoint_names));
    command_->add_flag("--variant", variant_,
                       "Serve the variant reference: every [dec]/[ref] choice of the spec flipped (create 200, lists "
                       "newest first, per-field 403 bodies, InvalidKey 401, charset, pretty JSON, LF csv, MRU reuse, "
                       "overflow on top of max_pool_size, growth on demand, ...; conformance/variant_target.hpp)");
    command_->add_flag("--quiet", quiet_, "Do not log one line per request");
  }

  int run_if_selected() override {
    if (!command_->parsed()) return -1;
    auto world = load_world_source(world_path_, seed_);
    if (!world) {
      fmt::print(stderr, "ringpool serve: {}\n", world.error());
      return 2;
    }
    if (variant_) conformance::variant::apply_to_world(*world);
    api::ServiceOptions service_options;
    if (variant_) service_options = conformance::variant::service_options(std::move(service_options));
    if (!control_endpoints_.empty()) {
      service_options.control_endpoints = api::ControlEndpointSet::none();
      for (const std::string& name : control_endpoints_)
        service_options.control_endpoints.insert(*api::parse_control_endpoint(name));
    }
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed_ms = [started] {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    };
    service_options.stopwatch_ms = elapsed_ms;
    if (clock_ == "wall") {
      const sim::Instant epoch = world->epoch;
      const double scale = time_scale_;
      service_options.time_source = [epoch, scale, elapsed_ms] {
        return epoch + static_cast<sim::Instant>(elapsed_ms() * scale);
      };
    }
    if (control_) {
      service_options.control_enabled = true;
      if (control_token_.empty()) control_token_ = generate_token();
      service_options.control_token = control_token_;
    }
    // What an operator must know (an inventory running out) goes to stderr even with --quiet.
    service_options.notice = [](const std::string& line) { fmt::print(stderr, "ringpool serve: {}\n", line); };
    api::Service service(std::move(*world), service_options);

    // Handle SIGINT/SIGTERM on a dedicated thread (sigwait), so stopping is not done from a signal
    // handler. Block them before the server starts its worker threads, which inherit the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    transport::HttpServerOptions options;
    options.host = host_;
    options.port = port_;
    // The variant poses as a vendor's server: probing must not take it for a ringpool reference.
    options.server_header = fmt::format("{}/{}", variant_ ? "ringpool-variant" : "ringpool", kVersion);
    if (!quiet_) options.log = [](const std::string& line) { fmt::print("{}\n", line); std::fflush(stdout); };
    transport::HttpServer server(service, options);
    std::string error;
    if (!server.bind(error)) {
      fmt::print(stderr, "ringpool serve: {}; choose another --port or --host\n", error);
      return 1;
    }
    fmt::print("ringpool serve: listening on http://{}:{} (world: {}, seed {}, clock {}{}{})\n", host_, server.port(),
               world_path_.empty() ? "embedded default" : world_path_, seed_, clock_,
               clock_ == "wall" ? fmt::format(" x{}", time_scale_) : std::string(), variant_ ? ", variant" : "");
    if (control_) fmt::print("ringpool serve: control API enabled; X-Control-Token: {}\n", control_token_);
    fmt::print("try: curl -s -H 'Authorization: demo-token' "
               "http://{}:{}/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json\n",
               host_, server.port());
    std::fflush(stdout);

    std::thread signal_waiter([&] {
      int received = 0;
      sigwait(&signals, &received);
      fmt::print("ringpool serve: received {}, stopping\n", received == SIGINT ? "SIGINT" : "SIGTERM");
      std::fflush(stdout);
      server.stop();
    });
    server.run();
    // If the server stopped for another reason, release the waiter.
    pthread_kill(signal_waiter.native_handle(), SIGTERM);
    signal_waiter.join();
    return 0;
  }

 private:
  CLI::App* command_ = nullptr;
  std::string world_path_;
  std::string host_ = "127.0.0.1";
  int port_ = 8080;
  std::uint64_t seed_ = 1;
  std::string clock_ = "virtual";
  double time_scale_ = 1.0;
  bool control_ = false;
  std::string control_token_;
  std::vector<std::string> control_endpoints_;
  bool variant_ = false;
  bool quiet_ = false;

  // A control token nobody can guess: from the OS's entropy source, never from the run's seed
  // (the seed is printed and shared; the token must not be derivable from it).
  static std::string generate_token() {
    std::random_device device;
    return fmt::format("{:08x}{:08x}{:08x}{:08x}", device(), device(), device(), device());
  }
};

}  // namespace

std::unique_ptr<Command> add_serve_command(CLI::App& app) { return std::make_unique<ServeCommand>(app); }

}  // namespace ringpool::cli
