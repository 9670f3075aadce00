// `ringpool check`: random traffic against the reference, the variant or a live server, judged by
// the permissive model; the first failure is shrunk and saved as a scenario that `ringpool
// conform` replays. Prints the seed and swarm, progress (stderr, on a terminal), coverage goals;
// writes the JSON/JUnit/HTML reports; exits 0 when every run passed (and, against the reference,
// every coverage goal was reached), 1 on a failure, 2 on usage errors.
#include "cli/commands.hpp"
#include "cli/installed_paths.hpp"
#include "cli/preflight_step.hpp"
#include "cli/shared_options.hpp"
#include "cli/target_choice.hpp"
#include "conformance/clause_catalogue.hpp"
#include "conformance/defects.hpp"
#include "conformance/probe.hpp"
#include "conformance/property_check.hpp"
#include "conformance/property_differential.hpp"
#include "conformance/redaction.hpp"
#include "conformance/verdict.hpp"
#include "reference/world_file/world_toml.hpp"
#include "reports/report_files.hpp"
#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <chrono>
#include <expected>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace ringpool::cli {

namespace {

namespace fs = std::filesystem;
using namespace ringpool::conformance;
namespace prop = ringpool::conformance::property;

class CheckProgress final : public prop::CheckListener {
 public:
  CheckProgress(bool show, bool verbose) : show_(show), verbose_(verbose) {}
  void run_finished(std::uint64_t seed, const prop::RunRecord& run) override {
    if (!verbose_) return;
    if (show_) fmt::print(stderr, "\r");
    fmt::print("run {} (seed {}): {}, {} commands; swarm: {}\n", run.index + 1, seed,
               run.outcome == Outcome::Failed ? "failed " + run.clause : std::string(outcome_name(run.outcome)), run.commands,
               run.swarm);
  }
  void runs_done(std::size_t done, std::size_t total) override {
    if (show_) fmt::print(stderr, "\rcheck: {}/{} runs", done, total);
    if (show_ && done == total) fmt::print(stderr, "\n");
  }
  void shrinking(std::size_t tries, std::size_t length) override {
    if (show_) fmt::print(stderr, "\rcheck: shrinking, {} tries, {} commands   ", tries, length);
  }
  void done() {
    if (show_) fmt::print(stderr, "\n");
  }

 private:
  bool show_;
  bool verbose_;
};

class CheckCommand final : public Command {
 public:
  explicit CheckCommand(CLI::App& app) {
    command_ = app.add_subcommand("check", "Random traffic judged by a permissive model of the spec; failures are shrunk "
                                           "and saved as scenarios that `ringpool conform` replays");
    command_->footer(
        "Exit status: 0 every run passed (and, against the reference, every coverage goal was reached); 1 a run "
        "failed, a result was unknown, or a goal was never reached; 2 usage errors.\n"
        "The same --seed gives the same runs, the same shrunk scenario and byte-identical reports (with "
        "--deterministic) whatever --jobs is. The guide: " + guide("CHECK.md") + "\n"
        "Examples:\n"
        "  ringpool check --target reference --runs 10000\n"
        "  ringpool check --target variant --profile vendor\n"
        "  ringpool check --inject-defect lease-reuse --profile vendor --save /tmp/found\n"
        "  ringpool check --target http://127.0.0.1:8080 --control-token T --profile vendor --timeout 10s\n"
        "  ringpool check --target http://127.0.0.1:8080 --control-token T --differential");
    shared_.report_dir = "reports/out/check";
    SharedHelp help;
    help.target = "'reference', 'variant' or the base URL of a live server";
    help.quiet = "Print only the result";
    help.verbose = "Print every run with its seed and the swarm configuration it drew";
    add_shared_options(*command_, shared_, shared::kConformanceRun, help);
    command_->add_option("--runs", runs_, "Number of random runs")->capture_default_str()->check(CLI::Range(1, 100'000'000));
    command_->add_option("--max-steps", max_steps_, "Most commands in one run")->capture_default_str()->check(CLI::Range(1, 10'000));
    save_option_ = command_
                       ->add_option("--save", save_dir_,
                                    "Where the shrunk scenario of a failure is written. By default only against an in-process target "
                                    "(reference, variant): `conform` replays that folder, so a live server's failure (perhaps a "
                                    "choice the model got wrong) is kept only when asked")
                       ->capture_default_str();
    command_->add_flag("--no-save", no_save_, "Do not write the shrunk scenario");
    command_->add_option("--jobs,-j", jobs_, "Runs in parallel (the results do not depend on it)")
        ->capture_default_str()
        ->check(CLI::Range(1, 256));
    command_->add_option("--inject-defect", defect_, "Break the target on purpose (ringpool conform --list-defects)");
    command_->add_option("--max-shrink-runs", max_shrink_runs_, "Most runs spent shrinking a failure")->capture_default_str();
    command_->add_flag("--differential", differential_,
                       "Also run every command on an in-process reference started from the same world, seed and clock, "
                       "and fail on any answer that differs (T-2); needs a live ringpool server with the control API's "
                       "reset (ringpool serve --control); the profile defaults to reference");
    command_->add_flag("--no-goals", no_goals_, "Do not fail on coverage goals never reached");
    command_->add_flag("--preflight-only", preflight_only_,
                       "Check the set-up against the live server (tokens, campaigns, control token, run id) and exit: 0 "
                       "ready, 2 a problem (with its fix)");
  }

  int run_if_selected() override {
    if (!command_->parsed()) return -1;
    try {
      return run();
    } catch (const std::exception& error) {
      fmt::print(stderr, "ringpool check: {}\n", error.what());
      return 2;
    }
  }

 private:
  TargetChoice choice() const { return {shared_.target, shared_.target_file, shared_.control_token, defect_}; }
  std::string target_name() const { return defect_.empty() ? shared_.target : shared_.target + " with defect " + defect_; }

  int usage_error(const std::string& message) const {
    fmt::print(stderr, "ringpool check: {}\n", message);
    return 2;
  }

  std::string default_profile() const {
    if (!shared_.profile.empty()) return shared_.profile;
    return shared_.target == "reference" ? "strict" : differential_ ? "reference" : "vendor";
  }

  // The prefix of every id the run creates: from the seed, and against a live server also from the
  // time, so that two runs never share one.
  std::string make_run_id() const {
    std::string id = "ck" + sim::Rng(shared_.seed).stream("run-id").hex(6);
    if (shared_.in_process()) return id;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return id + fmt::format("{:x}", std::chrono::duration_cast<std::chrono::seconds>(now).count() % 0xFFFFF);
  }

  // Profile, seed, run id, capabilities (probed on `probe`) and what the generators may use.
  prop::CheckOptions check_options(Target& probe, const TargetDescription& description) const {
    prop::CheckOptions options;
    options.runs = runs_;
    options.max_steps = max_steps_;
    options.jobs = jobs_;
    options.max_shrink_runs = max_shrink_runs_;
    RunOptions& run = options.run;
    run.profile = *parse_profile(default_profile());
    run.seed = shared_.seed;
    run.run_id = run_id_;
    run.description = description;
    run.control_token = shared_.control_token;
    run.deterministic = shared_.deterministic;
    run.tool_version = std::string(kVersion);
    run.capabilities = probe_capabilities(probe, description, shared_.control_token);
    const auto has = [&](std::string_view name) { return run.capabilities.present.contains(name); };
    options.limits = prop::limits_for(run.capabilities, description);  // capabilities and declared world facts (T-5)
    options.limits.faults = options.limits.faults && !differential_;
    options.reset_each_run = !shared_.in_process() && has(capability::kReset);
    options.limits.large_pools = shared_.in_process() || options.reset_each_run;
    return options;
  }

  // A differential run needs a live server that loads world files; 0 when it can start.
  int differential_preflight(const prop::CheckOptions& options, const prop::TargetFactory& factory) const {
    if (const std::string why_not = prop::differential_unsupported(options.run.capabilities); !why_not.empty())
      return usage_error(why_not);
    auto preflight = factory();
    if (auto begun = preflight->begin_scenario(1, std::string(world_file::default_world_toml())); !begun)
      return usage_error("--differential cannot start the live server and the reference alike: " + begun.error());
    return 0;
  }

  // What the run will not generate on this target, and why.
  void announce(const prop::CheckOptions& options) const {
    const RunOptions& run = options.run;
    fmt::print("ringpool check: target {}{}, profile {}, seed {}, {} runs of up to {} commands, {} job{}\n", target_name(),
               differential_ ? " (differential: against an in-process reference)" : "", profile_name(run.profile),
               shared_.seed, runs_, max_steps_, options.jobs, options.jobs == 1 ? "" : "s");
    if (!differential_ && !shared_.in_process() && run.profile == Profile::Reference)
      fmt::print("differential mode off: --differential also compares every answer with an in-process reference (T-2)\n");
    if (options.reset_each_run && jobs_ > 1)
      fmt::print("--jobs {} ignored: each run resets the live target's world, so runs go one at a time\n", jobs_);
    fmt::print("swarm: each run draws the command kinds it uses and their weights (--verbose prints each run's; the reports list them)\n");
    if (!options.limits.clock_advance) {
      const auto why = run.capabilities.absent.find(capability::kClockAdvance);
      fmt::print("time-dependent commands off: the target lacks clock-advance ({})\n",
                 why != run.capabilities.absent.end() ? why->second : "not probed");
    }
    if (!options.limits.bulk) fmt::print("Bulk commands off: the target description has no [bulk] section\n");
    if (!options.limits.world) fmt::print("pool types other than Custom off: the target does not load world files\n");
    if (!options.limits.service_failure_runs())
      fmt::print("service-failure runs off (M-7a, A-5 unjudged): {}\n",
                 differential_ ? "--differential compares error handles, which a live server keeps counting across resets"
                               : "the target does not load a world's [faults] (fault-injection)");
    if (!options.limits.second_network)
      fmt::print("other networks' tokens off: the target description has no [second] section\n");
    if (!options.limits.large_pools)
      fmt::print("pools of at most 20 numbers: the target lacks the control API's reset, so runs share its inventory\n");
  }

  // Prints each coverage goal; returns how many were never reached and not out of reach.
  std::size_t report_goals(const prop::CheckSummary& result, const prop::CheckOptions& options) const {
    std::size_t unmet = 0;
    if (!shared_.quiet) fmt::print("coverage goals ({} runs):\n", result.runs);
    for (const prop::CoverageGoal& goal : prop::coverage_goals()) {
      const auto it = result.coverage.reached.find(std::string(goal.name));
      const std::size_t count = it == result.coverage.reached.end() ? 0 : it->second;
      const std::string_view off = prop::goal_out_of_reach(goal.name, options.limits);
      unmet += count == 0 && off.empty() ? 1 : 0;
      if (!shared_.quiet)
        fmt::print("  {} {:<40} {:<5} {}\n", count > 0 ? "reached" : off.empty() ? "NEVER  " : "off    ", goal.name, goal.clause,
                   count > 0 ? fmt::format("{} times", count) : off.empty() ? std::string(goal.what) : std::string(off));
    }
    return unmet;
  }

  // Prints the shrunk failure and saves it; returns the saved file's replay line (empty: not saved),
  // or an error.
  std::expected<std::string, std::string> report_failure(const prop::Failure& failure, const prop::CheckOptions& options) const {
    fmt::print("FAILED: run {} (swarm: {}) fails {}; shrunk from {} to {} commands in {} tries:\n", failure.run_index + 1,
               failure.swarm, failure.clause, failure.original.size(), failure.shrunk.size(), failure.shrink_runs);
    for (const prop::Command& command : failure.shrunk) fmt::print("  {}\n", command.describe());
    if (!failure.divergence.empty()) fmt::print("  the live server and the in-process reference differ at {}\n", failure.divergence);
    for (const CheckResult& check : failure.replay.checks)
      if (check.outcome == Outcome::Failed)
        fmt::print("  {} [{}] {}: {}: expected {}, got {}\n", check.clause, level_name(check.level), check.step, check.what,
                   check.expected, check.actual);
    if (failure.clause == "A-12" && !shared_.in_process() && !options.reset_each_run && !options.limits.clock_advance)
      fmt::print("  note: the target has neither reset nor clock-advance, so every run's pools drained its inventory "
                 "for good (deleted pools' numbers age, P-8); after many runs a new pool can get no number at all\n");
    if (no_save_) return std::string();
    if (!shared_.in_process() && save_option_->count() == 0) {
      fmt::print("not saved: against a live target the shrunk scenario is kept only with --save DIR (conform replays "
                 "{} by default)\n",
                 save_dir_);
      return std::string();
    }
    std::error_code error;
    fs::create_directories(save_dir_, error);
    const std::string name = prop::regression_file_name(failure);
    fs::path path = fs::path(save_dir_) / name;
    for (int n = 2; fs::exists(path); ++n) path = fs::path(save_dir_) / fmt::format("{}-{}.toml", name.substr(0, name.size() - 5), n);
    std::ofstream out(path, std::ios::binary);
    out << failure.scenario_toml;
    if (!out) return std::unexpected(fmt::format("cannot write {}", path.string()));
    const std::string replay = replay_line(options.run, path.string());
    fmt::print("saved: {}\nreplay: {}\n", path.string(), replay);
    return replay;
  }

  int run() {
    const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
    auto described = target_description(choice());
    if (!described) return usage_error(described.error());
    TargetDescription description = std::move(*described);
    auto tokens = apply_tokens(choice(), shared_.token, description);
    if (!tokens) return usage_error(tokens.error());
    if (shared_.timeout_seconds) description.timeout_seconds = *shared_.timeout_seconds;
    if (shared_.control_token.empty() && shared_.in_process()) shared_.control_token = "conformance-control";
    if (differential_ && shared_.in_process())
      return usage_error("--differential compares a live server with the in-process reference: give --target URL");
    auto probe_target = cli::make_target(choice(), description);  // also what the capabilities are probed on
    if (!probe_target) return usage_error(probe_target.error());

    // The target as the user named it (a defect injected), without the differential comparison;
    // make_target succeeded above with the same choice.
    const auto named_target = [this, description]() -> std::unique_ptr<Target> {
      return std::move(*cli::make_target(choice(), description));
    };
    const Redactor redactor(description, shared_.control_token);
    prop::TargetFactory factory = [&]() -> std::unique_ptr<Target> {
      if (!differential_) return named_target();
      return std::make_unique<prop::DifferentialTarget>(named_target(), shared_.control_token,
                                                        [&redactor](std::string text) { return redactor.redact(std::move(text)); });
    };

    run_id_ = make_run_id();
    const TargetChoice chosen = choice();
    PreflightStep setup{"check", &chosen, &description, *tokens, run_id_, shared_.quiet, preflight_only_};
    if (auto stop = run_preflight_step(setup, **probe_target)) return *stop;
    prop::CheckOptions options = check_options(**probe_target, description);
    probe_target->reset();
    if (differential_)
      if (const int status = differential_preflight(options, factory); status != 0) return status;
    if (options.reset_each_run) options.jobs = 1;
    announce(options);

    CheckProgress progress(!shared_.quiet && isatty(STDERR_FILENO) != 0, shared_.verbose);
    const auto started = std::chrono::steady_clock::now();
    prop::CheckSummary result = prop::run_check(factory, options, &progress);
    const double wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    return conclude(result, options, catalogue, wall_ms);
  }

  // The result, the reports and the exit status.
  int conclude(const prop::CheckSummary& result, const prop::CheckOptions& options, const ClauseCatalogue& catalogue,
               double wall_ms) const {
    const bool enforce_goals = shared_.target == "reference" && defect_.empty() && !no_goals_ && !result.failure;
    const std::size_t unmet = report_goals(result, options);
    const std::string reproduce = reproduce_line(options.run);
    RunResult report = prop::check_run_result(result, options, target_name(), reproduce, enforce_goals);
    report.kind = RunKind::Check;
    report.wall_ms = shared_.deterministic ? 0 : wall_ms;
    if (result.failure) {
      auto replay = report_failure(*result.failure, options);
      if (!replay) return usage_error(replay.error());
      if (!replay->empty()) report.scenarios.back().reproduce = *replay;
    } else {
      fmt::print("passed: {} runs, {} commands{}{}\n", result.passed, result.commands,
                 result.skipped > 0 ? fmt::format(", {} skipped", result.skipped) : "",
                 result.unknown > 0 ? fmt::format(", {} unknown", result.unknown) : "");
    }
    for (const std::string& reason : result.skip_reasons) fmt::print("  skipped or unknown: {}\n", reason);
    if (!shared_.quiet)
      fmt::print("wall time {:.2f} s, {:.0f} commands/s\n", wall_ms / 1000.0,
                 wall_ms > 0 ? static_cast<double>(result.commands) * 1000.0 / wall_ms : 0.0);
    fmt::print("reproduce: {}\n", reproduce);

    auto written = reports::write_reports(shared_.report_dir, report, catalogue, shared_.report_places);
    if (!written) return usage_error(written.error());
    if (!shared_.quiet) fmt::print("{}", reports::reports_lines(*written));
    if (result.failure || result.unknown > 0) return 1;
    if (enforce_goals && unmet > 0) {
      fmt::print("{} coverage goal(s) never reached: the generators miss them (or give --no-goals)\n", unmet);
      return 1;
    }
    return 0;
  }

  std::string reproduce_line(const RunOptions& run) const {
    std::string out = fmt::format("ringpool check {} --runs {} --max-steps {}", reproduce_arguments(shared_, profile_name(run.profile)),
                                  runs_, max_steps_);
    if (!defect_.empty()) out += " --inject-defect " + defect_;
    if (differential_) out += " --differential";
    return out;
  }

  std::string replay_line(const RunOptions& run, const std::string& file) const {
    std::string out = fmt::format("ringpool conform --target {} --profile {} --scenarios {}", shared_.target,
                                  profile_name(run.profile), file);
    if (!shared_.target_file.empty()) out += " --target-file " + shared_.target_file;
    if (shared_.timeout_seconds) out += " --timeout " + duration_text(*shared_.timeout_seconds);
    if (!defect_.empty()) out += " --inject-defect " + defect_;
    return out;
  }

  CLI::App* command_ = nullptr;
  SharedOptions shared_;
  std::size_t runs_ = 200;
  std::size_t max_steps_ = 40;
  std::string save_dir_ = "scenarios/regressions";
  bool no_save_ = false;
  CLI::Option* save_option_ = nullptr;
  std::size_t jobs_ = 1;
  std::string defect_;
  std::size_t max_shrink_runs_ = 3000;
  bool differential_ = false;
  bool no_goals_ = false;
  bool preflight_only_ = false;
  std::string run_id_;  // make_run_id's, once per run
};

}  // namespace

std::unique_ptr<Command> add_check_command(CLI::App& app) { return std::make_unique<CheckCommand>(app); }

}  // namespace ringpool::cli
