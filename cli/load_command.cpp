// `ringpool load`: a load generator for the three RingPool APIs against any server, judging
// invariants under load, and `ringpool load merge` to combine the results of shards. Exit
// status: 0 ok, 1 a gate failed, an invariant was violated or the run could not start, 2 usage.
#include "cli/commands.hpp"
#include "cli/target_choice.hpp"
#include "conformance/target_description.hpp"
#include "load/load_runner.hpp"
#include "reports/load_report_files.hpp"
#include "reports/load_text_report.hpp"

#include <fmt/format.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <sstream>
#include <unistd.h>

namespace ringpool::cli {

namespace {

std::atomic<bool> interrupted{false};
extern "C" void on_interrupt(int) { interrupted.store(true); }

// Durations as "30s", "500ms", "2m", "1h" (a bare number is seconds).
CLI::Option* add_duration(CLI::App* app, const std::string& name, double& seconds, const std::string& what) {
  return app->add_option(name, seconds, what)
      ->transform(CLI::AsNumberWithUnit(std::map<std::string, double>{{"ms", 0.001}, {"s", 1}, {"m", 60}, {"h", 3600}},
                                        CLI::AsNumberWithUnit::CASE_SENSITIVE, "DURATION"))
      ->check(CLI::Range(0.0, 30.0 * 86400))
      ->option_text(fmt::format("DURATION (e.g. 500ms, 30s, 2m; default {:g}s)", seconds));
}

class LoadCommand final : public Command {
 public:
  explicit LoadCommand(CLI::App& app) {
    command_ = app.add_subcommand("load", "Load a RingPool server and check its invariants under load");
    command_->footer(
        "Examples:\n"
        "  ringpool load --target http://127.0.0.1:8080 --rate 2000 --duration 30s --control-token T\n"
        "  ringpool load --target http://127.0.0.1:8080 --control-token T --clock-speed 1800 --duration 2s   # an hour\n"
        "  ringpool load --target http://127.0.0.1:8080/hello --mix url=1 --connections 8   # calibrate like wrk\n"
        "  ringpool load --target URL --rate 40000 --shard 2/4 --report out/s2 && ringpool load merge out/s*/load.json\n"
        "Tokens may come from RINGPOOL_TOKEN and RINGPOOL_CONTROL_TOKEN instead of the command line;\n"
        "reports and logs never show them. See load/README.md.");
    command_->add_option("--target", target_, "Base URL of the server (http://host:port); with --mix url=... the URL as given");
    command_->add_option("--target-file", target_file_,
                         "Target description (TOML) naming the networks, tokens, advertisers and campaigns to use; "
                         "default: the reference's default world")
        ->check(CLI::ExistingFile);
    command_->add_option("--token", token_, "API token of the primary network (overrides the target file)")
        ->envname("RINGPOOL_TOKEN");
    command_->add_option("--control-token", control_token_,
                         "X-Control-Token of the target's control API: lease times from its clock, cross-checks")
        ->envname("RINGPOOL_CONTROL_TOKEN");
    command_->add_option("--rate", rate_, "Open loop: requests per second (over all shards), latency from when each was due")
        ->check(CLI::PositiveNumber);
    command_->add_option("--connections", connections_, "Keep-alive connections (closed loop without --rate)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    add_duration(command_, "--duration", duration_seconds_, "Measured time");
    add_duration(command_, "--warmup", warmup_seconds_, "Time before measuring (invariants are checked throughout)");
    command_->add_option("--mix", mix_, "Traffic mix, KIND=WEIGHT,... over json, xml, csv, bulk, read, update, url")
        ->capture_default_str();
    command_->add_option("--bulk-size", bulk_rows_, "Rows per Bulk request")->capture_default_str()->check(CLI::Range(1, 1000));
    command_->add_option("--pools", pools_,
                         "Pools to create (and delete): this many legacy ones, and as many bulk ones; each kind in "
                         "one campaign, so at most 1000 (spec C-7's limit per campaign, the campaign's own pools "
                         "included)")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000));
    command_->add_option("--pool-size", pool_size_, "max_pool_size of each pool")->capture_default_str()->check(CLI::Range(1, 10000));
    command_->add_option("--lifetime-seconds", lifetime_seconds_, "lifetime_seconds of each pool (leases)")
        ->capture_default_str()
        ->check(CLI::Range(60, 2592000));
    command_->add_option("--clock-speed", clock_speed_,
                         "Drive the target's virtual clock (control API): virtual seconds per real second, e.g. 1800 "
                         "runs an hour in 2 s")
        ->check(CLI::Range(0.001, 1e7));
    command_->add_option("--seed", seed_, "Seed of the request sequence")->capture_default_str();
    command_->add_option("--shard", shard_, "K/N: this process is shard K of N (a Kubernetes Indexed Job's index + 1)");
    command_->add_option("--run-id", run_id_, "Prefix of the pools' id_from_network (default: load-<time>)");
    add_duration(command_, "--timeout", timeout_seconds_, "A request without an answer this long counts as dropped");
    command_->add_flag("--keep-pools", keep_pools_, "Do not delete the pools at the end");
    command_->add_option("--report", report_dir_, "Directory for load.json and load.html")->capture_default_str();
    command_->add_option("--max-p99-ms", max_p99_ms_, "Gate: fail (exit 1) when p99 latency exceeds this")
        ->check(CLI::NonNegativeNumber);
    command_->add_option("--max-error-rate", max_error_rate_, "Gate: fail (exit 1) when errors / requests exceeds this")
        ->check(CLI::Range(0.0, 1.0));
    command_->add_flag("--quiet,-q", quiet_, "No progress line");

    command_->require_subcommand(0, 1);  // `load` runs; `load merge` combines (the app requires one below it)
    merge_ = command_->add_subcommand("merge", "Combine the load.json files of shards into one result (histograms merge exactly)");
    merge_->add_option("files", merge_files_, "load.json files of the shards")->required()->check(CLI::ExistingFile);
    merge_->add_option("--report", report_dir_, "Directory for the merged load.json and load.html")->capture_default_str();
    merge_->add_option("--max-p99-ms", max_p99_ms_, "Gate on the merged p99")->check(CLI::NonNegativeNumber);
    merge_->add_option("--max-error-rate", max_error_rate_, "Gate on the merged error rate")->check(CLI::Range(0.0, 1.0));
  }

  int run_if_selected() override {
    if (!command_->parsed()) return -1;
    if (merge_->parsed()) return merge();
    return run();
  }

 private:
  static int usage_error(const std::string& message) {
    fmt::print(stderr, "ringpool load: {}\n", message);
    return 2;
  }

  int run() {
    if (target_.empty()) return usage_error("--target URL is required (see ringpool load --help)");
    load::LoadOptions options;
    options.target_url = target_;
    auto described = target_description(TargetChoice{target_, target_file_, {}, {}});
    if (!described) return usage_error(described.error());
    options.description = std::move(*described);
    if (!token_.empty()) options.description.contexts.at("primary").token = token_;
    options.control_token = control_token_;
    auto mix = load::TrafficMix::parse(mix_);
    if (!mix) return usage_error(mix.error());
    options.mix = *mix;
    if (mix->weight(load::RequestKind::Bulk) > 0 && options.description.context("bulk") == nullptr)
      return usage_error("the mix has bulk requests but the target description has no [bulk] table (add one, or "
                         "give bulk=0 in --mix)");
    if (!shard_.empty()) {
      int index = 0, count = 0;
      char slash = 0;
      std::istringstream in(shard_);
      if (!(in >> index >> slash >> count) || slash != '/' || !in.eof() || count < 1 || index < 1 || index > count)
        return usage_error(fmt::format("--shard '{}' is not K/N with 1 <= K <= N", shard_));
      options.shard_index = index;
      options.shard_count = count;
    }
    if (rate_) options.rate = *rate_ / options.shard_count;
    options.connections = connections_;
    options.duration_seconds = duration_seconds_;
    options.warmup_seconds = warmup_seconds_;
    options.bulk_rows = bulk_rows_;
    options.pools = pools_;
    options.pool_size = pool_size_;
    options.lifetime_seconds = lifetime_seconds_;
    if (clock_speed_) options.clock_speed = *clock_speed_;
    if (clock_speed_ && control_token_.empty())
      return usage_error("--clock-speed drives the target's clock through its control API: give --control-token");
    options.seed = seed_;
    options.run_id = run_id_.empty() ? fmt::format("load-{}", std::time(nullptr)) : run_id_;
    options.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_seconds_ * 1000));
    options.keep_pools = keep_pools_;
    options.interrupted = &interrupted;
    const bool show_progress = !quiet_ && isatty(STDERR_FILENO) == 1;
    if (show_progress)
      options.progress = [](const load::Progress& progress) {
        fmt::print(stderr, "\r{}\x1b[K", reports::render_load_progress(progress));
        std::fflush(stderr);
      };

    interrupted = false;
    auto previous = std::signal(SIGINT, on_interrupt);
    auto result = load::run_load(options);
    std::signal(SIGINT, previous);
    if (show_progress) fmt::print(stderr, "\n");
    if (!result) {
      fmt::print(stderr, "ringpool load: {}\n", result.error());
      return 1;
    }
    return conclude(*result);
  }

  int merge() {
    load::LoadResult total;
    for (const std::string& path : merge_files_) {
      auto text = read_text_file(path);
      if (!text) return usage_error(text.error());
      auto parsed = load::parse_load_json(*text);
      if (!parsed) return usage_error(fmt::format("{}: {}", path, parsed.error()));
      if (auto merged = load::merge_into(total, *parsed); !merged)
        return usage_error(fmt::format("{}: {}", path, merged.error()));
    }
    return conclude(total);
  }

  int conclude(const load::LoadResult& result) {
    load::LoadGates gates;
    gates.max_p99_ms = max_p99_ms_;
    gates.max_error_rate = max_error_rate_;
    const std::vector<std::string> failed = load::failed_gates(result, gates);
    fmt::print("{}", reports::render_load_summary(result, failed));
    auto written = reports::write_load_reports(report_dir_, result, failed);
    if (!written) {
      fmt::print(stderr, "ringpool load: {}\n", written.error());
      return 1;
    }
    fmt::print("reports: {}, {}\n", written->json.string(), written->html.string());
    std::fflush(stdout);
    return failed.empty() && result.violation_count == 0 ? 0 : 1;
  }

  CLI::App* command_ = nullptr;
  CLI::App* merge_ = nullptr;
  std::string target_;
  std::string target_file_;
  std::string token_;
  std::string control_token_;
  std::optional<double> rate_;
  int connections_ = 8;
  double duration_seconds_ = 10;
  double warmup_seconds_ = 1;
  std::string mix_ = "json=40,xml=10,csv=10,bulk=10,read=15,update=15";
  int bulk_rows_ = 10;
  int pools_ = 2;
  int pool_size_ = 20;
  int lifetime_seconds_ = 60;
  std::optional<double> clock_speed_;
  std::uint64_t seed_ = 1;
  std::string shard_;
  std::string run_id_;
  double timeout_seconds_ = 10;
  bool keep_pools_ = false;
  std::string report_dir_ = "reports/out";
  std::optional<double> max_p99_ms_;
  std::optional<double> max_error_rate_;
  bool quiet_ = false;
  std::vector<std::string> merge_files_;
};

}  // namespace

std::unique_ptr<Command> add_load_command(CLI::App& app) { return std::make_unique<LoadCommand>(app); }

}  // namespace ringpool::cli
