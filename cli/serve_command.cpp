// `ringpool serve`: the reference implementation over HTTP, for curl sessions, vendors' clients
// and the conformance runner's live-target tests.
#include "cli/commands.hpp"
#include "cli/world_source.hpp"
#include "transport/http/http_server.hpp"

#include <fmt/format.h>

#include <csignal>
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
    command_->add_flag("--quiet", quiet_, "Do not log one line per request");
  }

  int run_if_selected() override {
    if (!command_->parsed()) return -1;
    auto world = load_world_source(world_path_, seed_);
    if (!world) {
      fmt::print(stderr, "ringpool serve: {}\n", world.error());
      return 2;
    }
    api::Service service(std::move(*world));

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
    if (!quiet_) options.log = [](const std::string& line) { fmt::print("{}\n", line); std::fflush(stdout); };
    transport::HttpServer server(service, options);
    std::string error;
    if (!server.bind(error)) {
      fmt::print(stderr, "ringpool serve: {}; choose another --port or --host\n", error);
      return 1;
    }
    fmt::print("ringpool serve: listening on http://{}:{} (world: {}, seed {})\n", host_, server.port(),
               world_path_.empty() ? "embedded default" : world_path_, seed_);
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
  bool quiet_ = false;
};

}  // namespace

std::unique_ptr<Command> add_serve_command(CLI::App& app) { return std::make_unique<ServeCommand>(app); }

}  // namespace ringpool::cli
