// `ringpool load`: a load generator for the three RingPool APIs against any server, judging
// invariants under load with the rules `check` uses (by profile), and `ringpool load merge` to
// combine the results of shards. Exit status: 0 ok, 1 a gate failed, an invariant was violated
// or the target misbehaved at setup, 2 usage or setup errors (preflight's, --clock-speed
// without a clock).
#include "cli/commands.hpp"
#include "cli/installed_paths.hpp"
#include "cli/preflight_step.hpp"
#include "cli/shared_options.hpp"
#include "cli/target_choice.hpp"
#include "conformance/target_description.hpp"
#include "load/load_runner.hpp"
#include "load/mix_fit.hpp"
#include "reports/load_report_files.hpp"
#include "reports/load_text_report.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>
#include <vector>
#include <unistd.h>

namespace ringpool::cli {

namespace {

class LoadCommand final : public Command {
 public:
  explicit LoadCommand(CLI::App& app) {
    command_ = app.add_subcommand("load", "Load a RingPool server and check its invariants under load");
    command_->footer(
        "Exit status: 0 every gate held and no invariant was violated; 1 a gate failed (--max-p99-ms, "
        "--max-error-rate), an invariant was violated, or the target misbehaved at setup; 2 usage or setup errors (a "
        "token refused, a campaign missing, the server unreachable, --clock-speed without a clock; each with its fix).\n"
        "Answers are judged with the rules `ringpool check` uses: --profile vendor (the default) believes only what the "
        "documents fix (Bulk rows' overflow flag, leases of at least lifetime_seconds); strict also the reference's "
        "decisions; reference adds the control API's cross-check of each pool.\n"
        "Examples:\n"
        "  ringpool load --target http://127.0.0.1:8080 --rate 2000 --duration 30s --control-token T\n"
        "  ringpool load --target http://127.0.0.1:8080 --control-token T --clock-speed 1800 --duration 2s   # an hour\n"
        "  ringpool load --target http://127.0.0.1:8080/hello --mix url=1 --connections 8   # calibrate like wrk\n"
        "  ringpool load --target URL --rate 40000 --shard 2/4 --report out/s2 && ringpool load merge out/s*/load.json\n"
        "  ringpool load --target https://staging.example.com --target-file my-server.toml --preflight-only\n"
        "Tokens may come from RINGPOOL_TOKEN and RINGPOOL_CONTROL_TOKEN instead of the command line;\n"
        "reports and logs never show them. The guide: " + guide("LOAD.md"));
    shared_.target.clear();
    SharedHelp help;
    help.target = "Base URL of the server (http://host:port or https://...); with --mix url=... the URL as given";
    help.report = "Directory for load.json and load.html";
    help.quiet = "No progress line";
    add_shared_options(*command_, shared_,
                       shared::kTarget | shared::kTargetFile | shared::kTokens | shared::kTimeout | shared::kReports |
                           shared::kSeed | shared::kProfile | shared::kQuiet,
                       help);
    command_->add_flag("--preflight-only", preflight_only_,
                       "Check the set-up (tokens, campaigns, control token, run id) against the server and exit: 0 ready, 2 a "
                       "problem with its fix");
    command_->add_option("--rate", rate_, "Open loop: requests per second (over all shards), latency from when each was due")
        ->check(CLI::PositiveNumber);
    command_->add_option("--connections", connections_, "Keep-alive connections (closed loop without --rate)")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    add_duration_option(*command_, "--duration", duration_seconds_, "Measured time");
    add_duration_option(*command_, "--warmup", warmup_seconds_, "Time before measuring (invariants are checked throughout)");
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
    command_->add_option("--shard", shard_, "K/N: this process is shard K of N (a Kubernetes Indexed Job's index + 1)");
    command_->add_option("--run-id", run_id_, "Prefix of the pools' id_from_network (default: load-<time>)");
    command_->add_flag("--keep-pools", keep_pools_, "Do not delete the pools at the end");
    command_->add_option("--max-p99-ms", max_p99_ms_, "Gate: fail (exit 1) when p99 latency exceeds this")
        ->check(CLI::NonNegativeNumber);
    command_->add_option("--max-error-rate", max_error_rate_, "Gate: fail (exit 1) when errors / requests exceeds this")
        ->check(CLI::Range(0.0, 1.0));

    command_->require_subcommand(0, 1);  // `load` runs; `load merge` combines (the app requires one below it)
    merge_ = command_->add_subcommand("merge", "Combine the load.json files of shards into one result (histograms merge exactly)");
    merge_->add_option("files", merge_files_, "load.json files of the shards")->required()->check(CLI::ExistingFile);
    merge_->add_option("--report", shared_.report_dir, "Directory for the merged load.json and load.html")->capture_default_str();
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
    if (shared_.target.empty()) return usage_error("--target URL is required (see ringpool load --help)");
    load::LoadOptions options;
    options.target_url = shared_.target;
    auto described = target_description(TargetChoice{shared_.target, shared_.target_file, {}, {}});
    if (!described) return usage_error(described.error());
    options.description = std::move(*described);
    const TargetChoice chosen{shared_.target, shared_.target_file, shared_.control_token, {}};
    auto tokens = apply_tokens(chosen, shared_.token, options.description);
    if (!tokens) return usage_error(tokens.error());
    options.profile = *conformance::parse_profile(shared_.profile.empty() ? "vendor" : shared_.profile);
    options.control_token = shared_.control_token;
    auto mix = load::TrafficMix::parse(mix_);
    if (!mix) return usage_error(mix.error());
    auto fitted = load::fit_mix(*mix, options.description, command_->count("--mix") > 0);
    if (!fitted) return usage_error(fitted.error());
    options.mix = fitted->mix;
    for (const std::string& left_out : fitted->left_out)
      if (!shared_.quiet) fmt::print("mix: left out {}\n", left_out);
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
    if (clock_speed_ && shared_.control_token.empty())
      return usage_error("--clock-speed drives the target's clock through its control API: give --control-token");
    options.seed = shared_.seed;
    options.run_id = run_id_.empty() ? default_run_id() : run_id_;
    const double timeout_seconds = shared_.timeout_seconds.value_or(options.description.timeout_seconds);
    options.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_seconds * 1000));
    options.keep_pools = keep_pools_;
    const bool show_progress = !shared_.quiet && isatty(STDERR_FILENO) == 1;
    if (show_progress)
      options.progress = [](const load::Progress& progress) {
        fmt::print(stderr, "\r{}\x1b[K", reports::render_load_progress(progress));
        std::fflush(stderr);
      };

    if (auto stop = preflight(options, chosen, *tokens)) return *stop;
    const Interruptible interruptible;
    options.interrupted = interruptible.flag();
    auto result = load::run_load(options);
    if (show_progress) fmt::print(stderr, "\n");
    if (!result) {
      fmt::print(stderr, "ringpool load: {}\n", result.error().message);
      return result.error().setup ? 2 : 1;
    }
    return conclude(*result);
  }

  // The same preflight as conform's, through the conformance client (nothing it sends changes
  // state): a token refused or a campaign missing is a setup problem (exit 2), not a failure.
  // nullopt: go on.
  std::optional<int> preflight(load::LoadOptions& options, const TargetChoice& chosen,
                               const std::vector<conformance::TokenOrigin>& tokens) const {
    if (!options.mix.uses_pools()) {
      if (!preflight_only_) return std::nullopt;
      fmt::print("preflight: --mix url=... creates no pools; there is nothing to set up\n");
      return 0;
    }
    auto target = make_target(chosen, options.description);
    if (!target) return usage_error(target.error());
    const PreflightStep step{"load", &chosen, &options.description, tokens,
                             fmt::format("{}-s{}-", options.run_id, options.shard_index), shared_.quiet, preflight_only_};
    return run_preflight_step(step, **target);
  }

  // Unique to the run: a live server keeps what other runs left, and preflight refuses a run id
  // whose pools already exist.
  static std::string default_run_id() {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now).count();
    return fmt::format("load-{}-{:05x}", micros / 1'000'000, static_cast<std::uint64_t>(micros % 1'000'000) ^ (static_cast<std::uint64_t>(getpid()) & 0xFFFFF));
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
    auto written = reports::write_load_reports(shared_.report_dir, result, failed);
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
  SharedOptions shared_;
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
  std::string shard_;
  std::string run_id_;
  bool keep_pools_ = false;
  std::optional<double> max_p99_ms_;
  std::optional<double> max_error_rate_;
  bool preflight_only_ = false;
  std::vector<std::string> merge_files_;
};

}  // namespace

std::unique_ptr<Command> add_load_command(CLI::App& app) { return std::make_unique<LoadCommand>(app); }

}  // namespace ringpool::cli
