// `ringpool simulate PLAN.toml`: the capacity planner (issues 9, 23). Runs every (sweep point,
// replication) of a plan against the reference Engine, prints the recommendation beside the rule
// of thumb and Erlang-B and why no cheaper point qualifies, and writes JSON, CSV and HTML
// reports; with --shard K/N it runs one slice and writes a shard file, and `ringpool simulate
// merge DIR...` turns the shards into exactly the report one whole run writes. Exit status: 0 a
// point meets the plan's targets (or it sets none), 1 none does, 2 usage or plan errors.
#include "cli/commands.hpp"
#include "reports/simulation_console.hpp"
#include "reports/simulation_files.hpp"
#include "reports/simulation_progress.hpp"
#include "reports/simulation_text.hpp"
#include "sim/plan/plan_parser.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_json.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <variant>
#include <vector>

namespace ringpool::cli {

namespace {

namespace fs = std::filesystem;
using namespace ringpool::sim::plan;
using reports::simulation_text::count_of;

std::expected<std::string, std::string> read_text(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return std::unexpected(fmt::format("'{}' is a directory", path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot open '{}'", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Runs `work` with progress on stderr: a heartbeat thread ticks the progress once a second so a
// batch log gets a line at least every 10 s even while one long run is in flight.
template <typename Work>
auto with_progress(bool enabled, std::string label, std::size_t total, Work&& work) {
  const auto started = std::chrono::steady_clock::now();
  const reports::SimulationProgress::Clock clock = [started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const reports::SimulationProgress::Sink sink = [enabled](std::string_view text) {
    if (!enabled) return;
    fmt::print(stderr, "{}", text);
    std::fflush(stderr);
  };
  reports::SimulationProgress progress(isatty(fileno(stderr)) != 0, std::move(label), total, clock, sink);
  std::mutex mutex;
  std::condition_variable wake;
  bool stop = false;
  std::thread heartbeat([&] {
    std::unique_lock lock(mutex);
    while (!wake.wait_for(lock, std::chrono::seconds(1), [&] { return stop; })) progress.heartbeat();
  });
  const auto stop_heartbeat = [&] {
    {
      const std::lock_guard lock(mutex);
      stop = true;
    }
    wake.notify_all();
    heartbeat.join();
    progress.finish();
  };
  try {
    auto result = work([&](std::size_t done, std::size_t) { progress.update(done); });
    stop_heartbeat();
    return result;
  } catch (...) {
    stop_heartbeat();
    throw;
  }
}

class SimulateCommand final : public Command {
 public:
  explicit SimulateCommand(CLI::App& app) {
    command_ = app.add_subcommand("simulate", "Size a ring pool for a traffic plan: overflow, misattribution and cost");
    command_->footer(
        "Exit status: 0 a sweep point meets the plan's targets (or it sets none); 1 none does; 2 usage or plan errors.\n"
        "Examples:\n"
        "  ringpool simulate scenarios/plans/small-local-business.toml\n"
        "  ringpool simulate scenarios/plans/national-brand.toml --replications 20 --jobs 2 --report out/brand\n"
        "  ringpool simulate scenarios/plans/tv-ad-burst.toml --stability-seeds 3\n"
        "  ringpool simulate scenarios/plans/national-brand.toml --shard 2/8 --report out/shard-2\n"
        "  ringpool simulate merge out/shard-* --report out/brand\n"
        "The plan format and the report schema: scenarios/plans/README.md");
    command_->add_option("plan", plan_path_, "The plan (TOML)");
    command_->add_option("--seed", seed_, "Seed of the run (default: the plan's seed, else 1)");
    command_->add_option("--replications", replications_, "Replications per sweep point (default: the plan's, else 10)")
        ->check(CLI::Range(1, 100000));
    command_->add_option("--jobs,-j", jobs_, "Threads (default: the machine's cores); results do not depend on it")
        ->check(CLI::Range(1, 1024));
    command_->add_option("--report", report_dir_, "Directory for the report files")->capture_default_str();
    command_->add_option("--shard", shard_text_, "Run only slice K of N (e.g. 3/8) and write a shard file for 'merge'");
    command_->add_option("--stability-seeds", stability_seeds_,
                         "Also run the whole study with N more seeds (seed+1 ... seed+N) and report whether the "
                         "recommendation stays the same (N+1 times the runs)")
        ->check(CLI::Range(0, 20));
    command_->add_flag("--quiet,-q", quiet_, "No progress and no table; only the recommendation and the report paths");

    merge_ = command_->add_subcommand("merge", "Merge the shard files of a --shard run into the whole run's report");
    merge_->add_option("dirs", merge_dirs_, "Directories (or files) holding shard-K-of-N.json files")->required();
    merge_->add_option("--report", report_dir_, "Directory for the report files")->capture_default_str();
    merge_->add_flag("--quiet,-q", quiet_, "Only the recommendation and the report paths");
  }

  int run_if_selected() override {
    if (!command_->parsed()) return -1;
    return merge_->parsed() ? merge() : simulate();
  }

 private:
  static int usage_error(const std::string& message) {
    fmt::print(stderr, "ringpool simulate: {}\n", message);
    return 2;
  }

  // The plan with the command line's overrides, or the exit status of the error already printed.
  std::variant<Plan, int> load_plan() const {
    if (plan_path_.empty()) return usage_error("give a plan file (ringpool simulate PLAN.toml), or 'merge DIR...'");
    auto text = read_text(plan_path_);
    if (!text) return usage_error(text.error());
    const fs::path plan_dir = fs::path(plan_path_).parent_path();
    const FileReader reader = [&](std::string_view path) { return read_text(plan_dir / fs::path(path)); };
    auto plan = parse_plan(*text, plan_path_, reader);
    if (!plan) {
      fmt::print(stderr, "{}\n", plan.error().describe());
      return 2;
    }
    if (seed_) plan->seed = *seed_;
    if (replications_) plan->replications = *replications_;
    return std::move(*plan);
  }

  int simulate() {
    auto loaded = load_plan();
    if (const int* status = std::get_if<int>(&loaded)) return *status;
    const Plan& plan = std::get<Plan>(loaded);
    StudyOptions options;
    if (!shard_text_.empty()) {
      auto shard = parse_shard(shard_text_);
      if (!shard) return usage_error(fmt::format("--shard '{}': expected K/N with 1 <= K <= N (e.g. 3/8)", shard_text_));
      if (stability_seeds_ > 0) return usage_error("--stability-seeds runs whole studies; give it without --shard");
      options.shard = *shard;
    }
    options.jobs = jobs_ ? *jobs_ : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const StudyDescription description = describe(plan);
    const std::size_t runs = shard_runs(description.run_count(), options.shard).size();
    if (!quiet_) fmt::print("{}", reports::render_simulation_header(description, options.jobs, shard_text_, runs));
    std::fflush(stdout);
    const auto started = std::chrono::steady_clock::now();
    std::vector<RunRecord> records = with_progress(!quiet_, "simulating", runs, [&](auto progress) {
      options.progress = progress;
      return run_study(plan, options);
    });
    const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!shard_text_.empty()) {
      auto written = reports::write_shard_file(report_dir_, ShardFile{options.shard, description, std::move(records)});
      if (!written) return usage_error(written.error());
      fmt::print("shard {} done in {:.1f} s: {}\n", shard_text_, wall_seconds, written->string());
      fmt::print("merge every shard with: ringpool simulate merge DIR... --report OUT\n");
      return 0;
    }
    auto [normal_description, normal_runs] = normalised(description, records);
    StudyResult result = analyse(std::move(normal_description), std::move(normal_runs));
    // Wall time goes to the console only, never into the report files (same seed, same bytes).
    if (!quiet_) fmt::print("{} in {:.1f} s\n\n", count_of(static_cast<std::int64_t>(records.size()), "run", "runs"), wall_seconds);
    if (stability_seeds_ > 0) measure_seeds(plan, options, result);
    return finish(result);
  }

  void measure_seeds(const Plan& plan, const StudyOptions& options, StudyResult& result) const {
    std::vector<std::uint64_t> seeds;
    for (int k = 1; k <= stability_seeds_; ++k) seeds.push_back(plan.seed + static_cast<std::uint64_t>(k));
    const std::size_t total = seeds.size() * result.description.run_count();
    std::vector<SeedOutcome> others = with_progress(!quiet_, "other seeds", total, [&](auto progress) {
      std::size_t before = 0;
      StudyOptions each = options;
      std::vector<SeedOutcome> outcomes;
      for (std::uint64_t seed : seeds) {
        each.progress = [&](std::size_t done, std::size_t all) { progress(before + done, all); };
        std::vector<SeedOutcome> one = measure_stability(plan, {seed}, each);
        outcomes.insert(outcomes.end(), one.begin(), one.end());
        before += result.description.run_count();
      }
      return outcomes;
    });
    result.stability = {SeedOutcome{plan.seed, result.recommendation.point}};
    result.stability.insert(result.stability.end(), others.begin(), others.end());
  }

  int merge() {
    std::vector<fs::path> files;
    for (const std::string& given : merge_dirs_) {
      std::error_code error;
      if (fs::is_directory(given, error)) {
        std::vector<fs::path> found;
        for (const auto& entry : fs::directory_iterator(given, error)) {
          const std::string name = entry.path().filename().string();
          if (name.starts_with("shard-") && name.ends_with(".json")) found.push_back(entry.path());
        }
        if (found.empty()) return usage_error(fmt::format("'{}' holds no shard-K-of-N.json file", given));
        std::sort(found.begin(), found.end());
        files.insert(files.end(), found.begin(), found.end());
      } else {
        files.emplace_back(given);
      }
    }
    std::vector<ShardFile> shards;
    for (const fs::path& file : files) {
      auto text = read_text(file);
      if (!text) return usage_error(text.error());
      auto parsed = parse_shard_file(*text);
      if (!parsed) return usage_error(fmt::format("{}: {}", file.string(), parsed.error()));
      shards.push_back(std::move(*parsed));
    }
    auto merged = merge_shards(std::move(shards));
    if (!merged) return usage_error(merged.error());
    if (!quiet_) fmt::print("ringpool simulate merge: {} shard files, {} runs\n\n", files.size(), merged->second.size());
    return finish(analyse(std::move(merged->first), std::move(merged->second)));
  }

  int finish(const StudyResult& result) {
    fmt::print("{}", quiet_ ? reports::render_simulation_console_brief(result) : reports::render_simulation_console(result));
    auto written = reports::write_simulation_reports(report_dir_, result);
    if (!written) return usage_error(written.error());
    fmt::print("\nReports: {}  {}  {}  {}\n", written->html.string(), written->json.string(), written->points_csv.string(),
               written->runs_csv.string());
    return result.recommendation.point || !result.description.has_targets() ? 0 : 1;
  }

  CLI::App* command_ = nullptr;
  CLI::App* merge_ = nullptr;
  std::string plan_path_;
  std::optional<std::uint64_t> seed_;
  std::optional<int> replications_;
  std::optional<int> jobs_;
  std::string report_dir_ = "reports/out/simulation";
  std::string shard_text_;
  int stability_seeds_ = 0;
  bool quiet_ = false;
  std::vector<std::string> merge_dirs_;
};

}  // namespace

std::unique_ptr<Command> add_simulate_command(CLI::App& app) { return std::make_unique<SimulateCommand>(app); }

}  // namespace ringpool::cli
