// `ringpool check`: random traffic against the reference, the variant or a live server, judged by
// the permissive model; the first failure is shrunk and saved as a scenario that `ringpool
// conform` replays. Prints the seed and swarm, progress (stderr, on a terminal), coverage goals;
// writes the JSON/JUnit/HTML reports; exits 0 when every run passed (and, against the reference,
// every coverage goal was reached), 1 on a failure, 2 on usage errors.
#include "cli/commands.hpp"
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

#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
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
        "--deterministic) whatever --jobs is.\n"
        "Examples:\n"
        "  ringpool check --target reference --runs 10000\n"
        "  ringpool check --target variant --profile vendor\n"
        "  ringpool check --inject-defect lease-reuse --profile vendor --save /tmp/found\n"
        "  ringpool check --target http://127.0.0.1:8080 --control-token T --profile vendor\n"
        "  ringpool check --target http://127.0.0.1:8080 --control-token T --differential");
    command_->add_option("--target", target_, "'reference', 'variant' or the base URL of a live server")->capture_default_str();
    command_->add_option("--profile", profile_, "vendor, strict or reference (default: strict for the reference, vendor otherwise)")
        ->check(CLI::IsMember({"vendor", "strict", "reference"}));
    command_->add_option("--runs", runs_, "Number of random runs")->capture_default_str()->check(CLI::Range(1, 100'000'000));
    command_->add_option("--max-steps", max_steps_, "Most commands in one run")->capture_default_str()->check(CLI::Range(1, 10'000));
    command_->add_option("--seed", seed_, "Seed: the same seed gives the same runs")->capture_default_str();
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
    command_->add_option("--target-file", target_file_, "Target description (TOML), as for conform")->check(CLI::ExistingFile);
    command_->add_option("--token", token_, "API token of the primary network; prefer RINGPOOL_TOKEN")->envname("RINGPOOL_TOKEN");
    command_->add_option("--control-token", control_token_, "X-Control-Token (T-4); prefer RINGPOOL_CONTROL_TOKEN")
        ->envname("RINGPOOL_CONTROL_TOKEN");
    command_->add_option("--report", report_dir_, "Directory for report.json, report.html and junit.xml")->capture_default_str();
    command_->add_option("--junit", junit_path_, "Write the JUnit XML here instead of <report>/junit.xml");
    command_->add_option("--max-shrink-runs", max_shrink_runs_, "Most runs spent shrinking a failure")->capture_default_str();
    command_->add_flag("--differential", differential_,
                       "Also run every command on an in-process reference started from the same world, seed and clock, "
                       "and fail on any answer that differs (T-2); needs a live ringpool server with the control API's "
                       "reset (ringpool serve --control); the profile defaults to reference");
    command_->add_flag("--deterministic", deterministic_, "Zero wall times, so the same seed gives byte-identical reports");
    command_->add_flag("--no-goals", no_goals_, "Do not fail on coverage goals never reached");
    command_->add_flag("--quiet,-q", quiet_, "Print only the result");
    command_->add_flag("--verbose,-v", verbose_, "Print every run with its seed and the swarm configuration it drew")
        ->excludes("--quiet");
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
  TargetChoice choice() const { return {target_, target_file_, control_token_, defect_}; }

  int usage_error(const std::string& message) const {
    fmt::print(stderr, "ringpool check: {}\n", message);
    return 2;
  }

  int run() {
    const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
    const bool in_process = choice().in_process();
    auto described = target_description(choice());
    if (!described) return usage_error(described.error());
    TargetDescription description = std::move(*described);
    NetworkContext& primary = description.contexts.at("primary");
    if (!token_.empty()) primary.token = token_;
    if (control_token_.empty() && in_process) control_token_ = "conformance-control";
    if (differential_ && in_process)
      return usage_error("--differential compares a live server with the in-process reference: give --target URL");
    auto probe_target = cli::make_target(choice(), description);  // also what the capabilities are probed on
    if (!probe_target) return usage_error(probe_target.error());

    // The target as the user named it (a defect injected), without the differential comparison;
    // make_target succeeded above with the same choice.
    const auto named_target = [this, description]() -> std::unique_ptr<Target> {
      return std::move(*cli::make_target(choice(), description));
    };
    const Redactor redactor(description, control_token_);
    prop::TargetFactory factory = [&]() -> std::unique_ptr<Target> {
      if (!differential_) return named_target();
      return std::make_unique<prop::DifferentialTarget>(named_target(), control_token_,
                                                        [&redactor](std::string text) { return redactor.redact(std::move(text)); });
    };

    prop::CheckOptions options;
    options.runs = runs_;
    options.max_steps = max_steps_;
    options.jobs = jobs_;
    options.max_shrink_runs = max_shrink_runs_;
    RunOptions& run = options.run;
    run.profile = *parse_profile(profile_.empty() ? (target_ == "reference" ? "strict" : differential_ ? "reference" : "vendor")
                                                  : profile_);
    run.seed = seed_;
    run.run_id = "ck" + sim::Rng(seed_).stream("run-id").hex(6);
    if (!in_process) {
      const auto now = std::chrono::system_clock::now().time_since_epoch();
      run.run_id += fmt::format("{:x}", std::chrono::duration_cast<std::chrono::seconds>(now).count() % 0xFFFFF);
    }
    run.description = description;
    run.control_token = control_token_;
    run.deterministic = deterministic_;
    run.tool_version = std::string(kVersion);
    run.capabilities = probe_capabilities(**probe_target, description, control_token_);
    probe_target->reset();
    if (differential_) {
      // Both sides must start every run from the same world: the live server must load ringpool
      // world files through the control API's reset, and run on the virtual clock.
      if (const std::string why_not = prop::differential_unsupported(run.capabilities); !why_not.empty()) {
        fmt::print(stderr, "ringpool check: {}\n", why_not);
        return 2;
      }
      auto preflight = factory();
      if (auto begun = preflight->begin_scenario(1, std::string(world_file::default_world_toml())); !begun) {
        fmt::print(stderr, "ringpool check: --differential cannot start the live server and the reference alike: {}\n",
                   begun.error());
        return 2;
      }
    } else if (!in_process && run.profile == Profile::Reference) {
      fmt::print("differential mode off: --differential also compares every answer with an in-process reference (T-2)\n");
    }
    options.limits = prop::limits_for(run.capabilities, description);  // capabilities and declared world facts (T-5)
    options.limits.faults = options.limits.faults && !differential_;
    options.reset_each_run = !in_process && run.capabilities.present.contains(capability::kReset);
    if (options.reset_each_run && options.jobs > 1) {
      fmt::print("--jobs {} ignored: each run resets the live target's world, so runs go one at a time\n", options.jobs);
      options.jobs = 1;
    }

    const std::string reproduce = reproduce_line(run);
    fmt::print("ringpool check: target {}{}, profile {}, seed {}, {} runs of up to {} commands, {} job{}\n",
               defect_.empty() ? target_ : target_ + " with defect " + defect_,
               differential_ ? " (differential: against an in-process reference)" : "", profile_name(run.profile), seed_, runs_,
               max_steps_, jobs_, jobs_ == 1 ? "" : "s");
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
    options.limits.large_pools = in_process || options.reset_each_run;
    if (!options.limits.large_pools)
      fmt::print("pools of at most 20 numbers: the target lacks the control API's reset, so runs share its inventory\n");

    CheckProgress progress(!quiet_ && isatty(STDERR_FILENO) != 0, verbose_);
    const auto started = std::chrono::steady_clock::now();
    prop::CheckSummary result = prop::run_check(factory, options, &progress);
    const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Coverage goals.
    const bool enforce_goals = target_ == "reference" && defect_.empty() && !no_goals_ && !result.failure;
    std::size_t unmet = 0;
    if (!quiet_) fmt::print("coverage goals ({} runs):\n", result.runs);
    for (const prop::CoverageGoal& goal : prop::coverage_goals()) {
      const auto it = result.coverage.reached.find(std::string(goal.name));
      const std::size_t count = it == result.coverage.reached.end() ? 0 : it->second;
      const std::string_view off = prop::goal_out_of_reach(goal.name, options.limits);
      unmet += count == 0 && off.empty() ? 1 : 0;
      if (!quiet_)
        fmt::print("  {} {:<40} {:<5} {}\n", count > 0 ? "reached" : off.empty() ? "NEVER  " : "off    ", goal.name, goal.clause,
                   count > 0 ? fmt::format("{} times", count) : off.empty() ? std::string(goal.what) : std::string(off));
    }

    RunResult report = prop::check_run_result(result, options, defect_.empty() ? target_ : target_ + " with defect " + defect_,
                                               reproduce, enforce_goals);
    std::string saved;
    if (result.failure) {
      const prop::Failure& failure = *result.failure;
      fmt::print("FAILED: run {} (swarm: {}) fails {}; shrunk from {} to {} commands in {} tries:\n", failure.run_index + 1,
                 failure.swarm, failure.clause, failure.original.size(), failure.shrunk.size(), failure.shrink_runs);
      for (const prop::Command& command : failure.shrunk) fmt::print("  {}\n", command.describe());
      if (!failure.divergence.empty()) fmt::print("  the live server and the in-process reference differ at {}\n", failure.divergence);
      for (const CheckResult& check : failure.replay.checks)
        if (check.outcome == Outcome::Failed)
          fmt::print("  {} [{}] {}: {}: expected {}, got {}\n", check.clause, level_name(check.level), check.step, check.what,
                     check.expected, check.actual);
      if (failure.clause == "A-12" && !in_process && !options.reset_each_run && !options.limits.clock_advance)
        fmt::print("  note: the target has neither reset nor clock-advance, so every run's pools drained its inventory "
                   "for good (deleted pools' numbers age, P-8); after many runs a new pool can get no number at all\n");
      if (!no_save_ && !in_process && save_option_->count() == 0) {
        fmt::print("not saved: against a live target the shrunk scenario is kept only with --save DIR (conform replays "
                   "{} by default)\n", save_dir_);
      } else if (!no_save_) {
        std::error_code error;
        fs::create_directories(save_dir_, error);
        fs::path path = fs::path(save_dir_) / prop::regression_file_name(failure);
        for (int n = 2; fs::exists(path); ++n)
          path = fs::path(save_dir_) / fmt::format("{}-{}.toml", prop::regression_file_name(failure).substr(0, prop::regression_file_name(failure).size() - 5), n);
        std::ofstream out(path, std::ios::binary);
        out << failure.scenario_toml;
        if (!out) return usage_error(fmt::format("cannot write {}", path.string()));
        saved = path.string();
        fmt::print("saved: {}\nreplay: {}\n", saved, replay_line(run, saved));
        report.scenarios.back().reproduce = replay_line(run, saved);
      }
    } else {
      fmt::print("passed: {} runs, {} commands{}{}\n", result.passed, result.commands,
                 result.skipped > 0 ? fmt::format(", {} skipped", result.skipped) : "",
                 result.unknown > 0 ? fmt::format(", {} unknown", result.unknown) : "");
    }
    for (const std::string& reason : result.skip_reasons) fmt::print("  skipped or unknown: {}\n", reason);
    if (!quiet_)
      fmt::print("wall time {:.2f} s, {:.0f} commands/s\n", wall_seconds,
                 wall_seconds > 0 ? static_cast<double>(result.commands) / wall_seconds : 0.0);
    fmt::print("reproduce: {}\n", reproduce);

    std::optional<fs::path> junit;
    if (!junit_path_.empty()) junit = junit_path_;
    auto written = reports::write_reports(report_dir_, report, catalogue, junit);
    if (!written) return usage_error(written.error());
    if (!quiet_) fmt::print("reports: {}, {}, {}\n", written->json.string(), written->junit.string(), written->html.string());
    if (result.failure || result.unknown > 0) return 1;
    if (enforce_goals && unmet > 0) {
      fmt::print("{} coverage goal(s) never reached: the generators miss them (or give --no-goals)\n", unmet);
      return 1;
    }
    return 0;
  }

  std::string reproduce_line(const RunOptions& run) const {
    std::string out = fmt::format("ringpool check --target {} --profile {} --seed {} --runs {} --max-steps {}", target_,
                                  profile_name(run.profile), seed_, runs_, max_steps_);
    if (!target_file_.empty()) out += " --target-file " + target_file_;
    if (!defect_.empty()) out += " --inject-defect " + defect_;
    if (differential_) out += " --differential";
    // Never a token's value: tokens come from the environment again, or show as <token>.
    const char* env_token = std::getenv("RINGPOOL_TOKEN");
    if (!token_.empty() && (env_token == nullptr || token_ != env_token)) out += " --token <token>";
    const char* env_control = std::getenv("RINGPOOL_CONTROL_TOKEN");
    if (!choice().in_process() && !control_token_.empty() &&
        (env_control == nullptr || control_token_ != env_control))
      out += " --control-token <token>";
    return out;
  }

  std::string replay_line(const RunOptions& run, const std::string& file) const {
    std::string out = fmt::format("ringpool conform --target {} --profile {} --scenarios {}", target_,
                                  profile_name(run.profile), file);
    if (!target_file_.empty()) out += " --target-file " + target_file_;
    if (!defect_.empty()) out += " --inject-defect " + defect_;
    return out;
  }

  CLI::App* command_ = nullptr;
  std::string target_ = "reference";
  std::string profile_;
  std::size_t runs_ = 200;
  std::size_t max_steps_ = 40;
  std::uint64_t seed_ = 1;
  std::string save_dir_ = "scenarios/regressions";
  bool no_save_ = false;
  CLI::Option* save_option_ = nullptr;
  std::size_t jobs_ = 1;
  std::string defect_;
  std::string target_file_;
  std::string token_;
  std::string control_token_;
  std::string report_dir_ = "reports/out/check";
  std::string junit_path_;
  std::size_t max_shrink_runs_ = 3000;
  bool differential_ = false;
  bool deterministic_ = false;
  bool no_goals_ = false;
  bool quiet_ = false;
  bool verbose_ = false;
};

}  // namespace

std::unique_ptr<Command> add_check_command(CLI::App& app) { return std::make_unique<CheckCommand>(app); }

}  // namespace ringpool::cli
