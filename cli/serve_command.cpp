// `ringpool serve`: the reference implementation over HTTP, for curl sessions, vendors' clients
// and the conformance runner's live-target tests.
#include "cli/commands.hpp"
#include "cli/installed_paths.hpp"
#include "cli/defect_handler.hpp"
#include "cli/world_source.hpp"
#include "conformance/valid_server.hpp"
#include "conformance/variant_target.hpp"
#include "transport/http/http_server.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <mutex>
#include <pthread.h>
#include <random>
#include <sys/resource.h>
#include <thread>

namespace ringpool::cli {

namespace {

class ServeCommand final : public Command {
 public:
  explicit ServeCommand(CLI::App& app) {
    command_ = app.add_subcommand("serve", "Serve the reference RingPool APIs over HTTP");
    command_->footer("Exit status: 0 stopped cleanly (SIGINT, SIGTERM); 1 could not serve (the port is taken, ...); 2 usage "
                     "errors or a bad world file.\nExamples:\n"
                     "  ringpool serve --control --control-token T\n"
                     "  ringpool serve --variant --port 8081 --control --control-token T\n"
                     "  ringpool serve --clock wall --time-scale 60 --port 0\n"
                     "Limits and the transport's defaults: " + guide("TRANSPORT.md"));
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
                         "Token the control API requires in X-Control-Token. Prefer the environment variable "
                         "RINGPOOL_CONTROL_TOKEN (a command line is visible to every user in ps). Default: "
                         "generated and printed once to stderr, never to the request log")
        ->envname("RINGPOOL_CONTROL_TOKEN");
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
    variant_option_ =
        command_
            ->add_option("--variant", variant_seed_,
                         "Serve the variant reference: every [dec]/[ref] choice of the spec flipped (create 200, lists "
                         "newest first, per-field 403 bodies, InvalidKey 401, charset, pretty JSON, LF csv, MRU reuse, "
                         "overflow on top of max_pool_size, growth on demand, ...; conformance/variant_target.hpp). "
                         "--variant SEED serves the valid server drawn from SEED instead (conformance/VENDORS.md, "
                         "\"The space of valid servers\"; the same server as `conform --target variant:SEED`)")
            ->expected(0, 1);
    command_->add_flag("--print-target-file", print_target_file_,
                       "With --variant SEED: print the target file that describes the drawn server's world and exit");
    command_->add_flag("--quiet", quiet_, "Do not log one line per request");
    command_->add_option("--threads", threads_, "I/O threads (default: the number of cores)")
        ->check(CLI::Range(1, 1024));
    command_->add_option("--inject-defect", defect_,
                         "Serve deliberately broken answers (one [doc] clause violated), to see `load` and "
                         "`conform` catch it; NAME as listed by `ringpool conform --list-defects`:\n" +
                             describe_known_defects());
    auto* limits = command_->add_option_group("Limits", "What one client may cost the server (" + guide("TRANSPORT.md") + ")");
    add_milliseconds(limits, "--header-timeout-ms", limits_.header_timeout,
                     "From a request's first byte to the end of its headers (slowloris): 408");
    add_milliseconds(limits, "--body-timeout-ms", limits_.body_timeout, "From the end of the headers to the end of the body: 408");
    add_milliseconds(limits, "--idle-timeout-ms", limits_.idle_timeout,
                     "A kept-alive connection with no request in progress closes after this long");
    add_milliseconds(limits, "--shutdown-timeout-ms", limits_.shutdown_timeout,
                     "On SIGINT/SIGTERM, how long requests in flight may take to finish");
    limits->add_option("--max-header-bytes", limits_.max_header_bytes, "Request line and header fields: 431")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 24));
    limits->add_option("--max-body-bytes", limits_.max_body_bytes, "Request body, any content type (C-4): 413 RequestTooLarge")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{0}, std::size_t{1} << 30));
    limits->add_option("--max-body-bytes-in-flight", limits_.max_body_bytes_in_flight,
                       "Request bodies being received, over all connections: a body beyond it is refused 503 with "
                       "Retry-After before it is read")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 40));
    limits->add_option("--max-connections", limits_.max_connections,
                       "Open connections; when all are taken a new one takes the slot of the connection idle the "
                       "longest, or gets 503 with Retry-After when none is idle (raised file limit permitting)")
        ->capture_default_str()
        ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  }

  int run_if_selected() override {
    if (!command_->parsed()) return -1;
    auto world = load_world_source(world_path_, seed_);
    if (!world) {
      fmt::print(stderr, "ringpool serve: {}\n", world.error());
      return 2;
    }
    const bool variant = variant_option_->count() > 0;
    std::optional<conformance::valid::ServerShape> drawn;
    std::uint64_t drawn_seed = 0;
    if (variant && !variant_seed_.empty())
      if (const std::optional<int> done = draw_server(drawn, drawn_seed)) return *done;
    if (drawn) conformance::valid::apply_to_world(*world, *drawn);
    else if (variant) conformance::variant::apply_to_world(*world);
    api::ServiceOptions options_of_service = service_options(world->epoch, drawn, variant);
    api::Service service(std::move(*world), std::move(options_of_service));
    // Long answers (a campaign's list, a clock advance) in pieces: the server takes the service's
    // lock for one piece at a time (issue 22). A drawn valid server (issue 21) bends whole answers, so it
    // takes them joined (Service::handle).
    transport::RequestHandler handler = [&service](const api::Request& request) {
      return service.handle_in_pieces(request);
    };
    if (drawn) handler = conformance::valid::handler(service, *drawn, drawn_seed);
    if (!defect_.empty()) {
      auto defective = make_defective_handler(service, defect_);
      if (!defective) {
        fmt::print(stderr, "ringpool serve: {}", defective.error());
        return 2;
      }
      handler = std::move(*defective);
    }
    fit_connection_limit();

    // Handle SIGINT/SIGTERM on a dedicated thread (sigwait), so stopping is not done from a signal
    // handler. Block them before the server starts its worker threads, which inherit the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    std::mutex log_mutex;  // io threads log concurrently; keep each line whole
    const transport::HttpServerOptions options = http_options(service, variant, log_mutex);
    transport::HttpServer server(std::move(handler), options);
    std::string error;
    if (!server.bind(error)) {
      fmt::print(stderr, "ringpool serve: {}; choose another --port or --host\n", error);
      return 1;
    }
    announce(server.port(), options.threads, variant);
    serve_until_signalled(server, signals);
    return 0;
  }

 private:
  // --variant SEED: the drawn server's shape, or the exit status when done (--print-target-file,
  // or a seed that does not parse).
  std::optional<int> draw_server(std::optional<conformance::valid::ServerShape>& drawn, std::uint64_t& drawn_seed) const {
    auto draw = conformance::parse_variant_target("variant:" + variant_seed_);
    if (!draw) {
      fmt::print(stderr, "ringpool serve: --variant {}\n", draw.error());
      return 2;
    }
    drawn = conformance::valid::shape_of(**draw);
    drawn_seed = (*draw)->seed;
    if (print_target_file_) {
      fmt::print("{}", conformance::valid::description_toml(**draw));
      return 0;
    }
    fmt::print("ringpool serve: the valid server drawn from seed {}: {}\n", (*draw)->seed, (*draw)->describe());
    return std::nullopt;
  }

  // What the service is given: the drawn or variant server's options, the control endpoints and
  // token, the clock's source, the body limit, and where notices go.
  api::ServiceOptions service_options(sim::Instant epoch, const std::optional<conformance::valid::ServerShape>& drawn,
                                      bool variant) {
    api::ServiceOptions options;
    if (drawn) options = conformance::valid::service_options(*drawn, std::move(options));
    else if (variant) options = conformance::variant::service_options(std::move(options));
    if (!control_endpoints_.empty()) {
      options.control_endpoints = api::ControlEndpointSet::none();
      for (const std::string& name : control_endpoints_) options.control_endpoints.insert(*api::parse_control_endpoint(name));
    }
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed_ms = [started] {
      return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    };
    options.stopwatch_ms = elapsed_ms;
    if (clock_ == "wall") {
      const double scale = time_scale_;
      options.time_source = [epoch, scale, elapsed_ms] { return epoch + static_cast<sim::Instant>(elapsed_ms() * scale); };
    }
    if (control_) {
      options.control_enabled = true;
      if (control_token_.empty()) {
        control_token_ = generate_token();
        token_generated_ = true;
      }
      options.control_token = control_token_;
    }
    options.max_body_bytes = limits_.max_body_bytes;
    // What an operator must know (an inventory running out) goes to stderr even with --quiet.
    options.notice = [](const std::string& line) { fmt::print(stderr, "ringpool serve: {}\n", line); };
    return options;
  }

  // --max-connections within what the open-file limit allows (raised as far as it may be).
  void fit_connection_limit() {
    const std::size_t connection_limit = raise_file_limit(limits_.max_connections);
    if (connection_limit >= limits_.max_connections) return;
    fmt::print(stderr,
               "ringpool serve: the open-file limit allows {} connections, not --max-connections {}; "
               "raise it (ulimit -n) to serve more\n",
               connection_limit, limits_.max_connections);
    limits_.max_connections = connection_limit;
  }

  transport::HttpServerOptions http_options(api::Service& service, bool variant, std::mutex& log_mutex) const {
    transport::HttpServerOptions options;
    options.host = host_;
    options.port = port_;
    // The variant poses as a vendor's server: probing must not take it for a ringpool reference.
    options.server_header = fmt::format("{}/{}", variant ? "ringpool-variant" : "ringpool", kVersion);
    options.threads = threads_ > 0 ? threads_ : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
    options.limits = limits_;
    options.screen = [&service](const api::Request& head) { return service.screen_head(head); };
    if (!quiet_)
      options.log = [&log_mutex](const std::string& line) {
        std::lock_guard lock(log_mutex);
        fmt::print("{}\n", line);
        std::fflush(stdout);
      };
    return options;
  }

  void announce(int port, int threads, bool variant) const {
    fmt::print("ringpool serve: listening on http://{}:{} (world: {}, seed {}, clock {}{}, {} io thread{}{})\n", host_, port,
               world_path_.empty() ? "embedded default" : world_path_, seed_, clock_,
               clock_ == "wall" ? fmt::format(" x{}", time_scale_) : std::string(), threads, threads == 1 ? "" : "s",
               variant ? ", variant" : "");
    if (!defect_.empty()) fmt::print("ringpool serve: DEFECT INJECTED: {} (answers are deliberately wrong)\n", defect_);
    // A generated token is printed once, to stderr (nobody else knows it), never to stdout, where
    // the request log goes; one given by the operator is never repeated.
    if (control_) {
      fmt::print("ringpool serve: control API enabled; X-Control-Token {}\n",
                 token_generated_ ? "generated (printed on stderr)" : "as given (--control-token or RINGPOOL_CONTROL_TOKEN)");
      if (token_generated_) fmt::print(stderr, "ringpool serve: X-Control-Token: {}\n", control_token_);
      if (!is_loopback(host_))
        fmt::print(stderr,
                   "ringpool serve: WARNING: --control on {} is reachable from other machines: anyone with the "
                   "token can move the clock and reset the world; bind 127.0.0.1 unless that is intended\n",
                   host_);
    }
    fmt::print("try: curl -s -H 'Authorization: demo-token' "
               "http://{}:{}/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json\n",
               host_, port);
    std::fflush(stdout);
  }

  // Runs the server until SIGINT or SIGTERM (blocked in every thread, waited for on one of its own).
  static void serve_until_signalled(transport::HttpServer& server, sigset_t signals) {
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
  }

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
  CLI::Option* variant_option_ = nullptr;
  std::string variant_seed_;  // --variant SEED; empty with a bare --variant
  bool print_target_file_ = false;
  bool quiet_ = false;
  bool token_generated_ = false;
  int threads_ = 0;  // 0: the core count
  std::string defect_;
  transport::ServerLimits limits_;

  static void add_milliseconds(CLI::Option_group* group, const std::string& name, std::chrono::milliseconds& value,
                               const std::string& what) {
    group->add_option_function<std::int64_t>(
             name, [&value](std::int64_t milliseconds) { value = std::chrono::milliseconds(milliseconds); }, what)
        ->default_str(std::to_string(value.count()))
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{86'400'000}));
  }

  // Raises the soft open-file limit as far as the hard limit allows (each connection is a file
  // descriptor; Debian's default soft limit of 1024 would cap the server below its
  // --max-connections). Returns how many connections the limit leaves room for.
  static std::size_t raise_file_limit(std::size_t wanted_connections) {
    constexpr rlim_t kReserved = 64;  // listening socket, stdio, the world file, ...
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted_connections;
    const rlim_t wanted = static_cast<rlim_t>(wanted_connections) + kReserved;
    if (limit.rlim_cur < wanted) {
      rlimit raised = limit;
      raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
      if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted) return wanted_connections;
    return limit.rlim_cur > kReserved ? static_cast<std::size_t>(limit.rlim_cur - kReserved) : 1;
  }

  static bool is_loopback(const std::string& host) {
    return host == "localhost" || host == "::1" || host.starts_with("127.");
  }

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
