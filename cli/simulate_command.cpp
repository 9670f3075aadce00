// `ringpool simulate PLAN.toml`: the capacity planner (issue 9). Runs every (sweep point,
// replication) of a plan against the reference Engine, prints the recommendation beside the rule
// of thumb and Erlang-B, and writes JSON, CSV and HTML reports; with --shard K/N it runs one
// slice and writes a shard file, and `ringpool simulate merge DIR...` turns the shards into
// exactly the report one whole run writes. Exit status: 0 a point meets the plan's targets,
// 1 none does, 2 usage or plan errors.
#include "cli/commands.hpp"
#include "cli/installed_paths.hpp"
#include "reports/simulation_files.hpp"
#include "sim/plan/plan_parser.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_json.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>

namespace ringpool::cli {

namespace {

namespace fs = std::filesystem;
using namespace ringpool::sim::plan;

std::expected<std::string, std::string> read_text(const fs::path& path) {
  std::error_code error;
  if (fs::is_directory(path, error)) return std::unexpected(fmt::format("'{}' is a directory", path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot open '{}'", path.string()));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Progress on stderr, at most five times a second, only when stderr is a terminal.
class Progress {
 public:
  Progress(bool enabled, std::string label) : enabled_(enabled && isatty(fileno(stderr)) != 0), label_(std::move(label)) {}

  void update(std::size_t done, std::size_t total) {
    if (!enabled_) return;
    const std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (done < total && now - last_ < std::chrono::milliseconds(200)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    std::string eta;
    if (done > 0 && done < total) eta = fmt::format(", about {:.0f} s left", elapsed / static_cast<double>(done) * static_cast<double>(total - done));
    fmt::print(stderr, "\r{}: {}/{} runs ({:.0f}%){}\x1b[K", label_, done, total, 100.0 * static_cast<double>(done) / static_cast<double>(total), eta);
    if (done == total) fmt::print(stderr, "\r\x1b[K");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  std::string label_;
  std::mutex mutex_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_{};
};

std::string percent(double fraction) { return fmt::format("{:.2f}%", fraction * 100); }

std::string knobs_text(const PointDescription& point) {
  std::string out;
  for (const auto& [name, value] : point.knobs) out += fmt::format("{}{}={}", out.empty() ? "" : " ", name, value.text());
  return out.empty() ? std::string("(as written)") : out;
}

// The console summary: one line per point (up to 40), the cross-checks and the recommendation.
void print_summary(const StudyResult& result) {
  const StudyDescription& study = result.description;
  const std::size_t overflow = metric_index("overflow_rate");
  const std::size_t misattributed = metric_index("misattributed_share");
  const std::size_t held = metric_index("held_mean");
  const std::size_t cost = metric_index("cost_per_month");
  constexpr std::size_t kShown = 40;
  fmt::print("{:<36} {:>9} {:>10} {:>10} {:>10} {:>8} {:>12}  {}\n", "point", "trackable", "overflow", "Erlang-B",
             "misattr.", "held", "cost/month", "targets");
  for (std::size_t i = 0; i < result.points.size() && i < kShown; ++i) {
    const PointResult& point = result.points[i];
    fmt::print("{:<36} {:>9} {:>10} {:>10} {:>10} {:>8.1f} {:>12.2f}  {}{}\n", knobs_text(study.points[i]),
               study.points[i].trackable_numbers, percent(point.metrics[overflow].mean),
               percent(study.points[i].erlang_b_overflow), percent(point.metrics[misattributed].mean),
               point.metrics[held].mean, point.metrics[cost].mean, point.meets_targets ? "met" : "missed",
               result.recommendation.point == i ? "  <- recommended" : "");
  }
  if (result.points.size() > kShown) fmt::print("... and {} more points (see the report)\n", result.points.size() - kShown);
  const std::size_t featured = result.recommendation.point.value_or(0);
  const PointDescription& point = study.points[featured];
  fmt::print("\nRule of thumb (peak visits/hour x lifetime hours): {:.1f} numbers", point.rule_of_thumb_numbers);
  if (point.erlang_b_numbers_for_target && study.targets.overflow_rate_max)
    fmt::print("; Erlang-B at the peak load of {:.1f} erlangs for overflow <= {}: {} trackable numbers",
               point.peak_offered_load_erlangs, percent(*study.targets.overflow_rate_max), *point.erlang_b_numbers_for_target);
  fmt::print(".\n");
  if (result.recommendation.point) {
    fmt::print("Recommended: {} ({} trackable numbers; overflow {}, misattributed {}).\n", knobs_text(point),
               point.trackable_numbers, percent(result.points[featured].metrics[overflow].mean),
               percent(result.points[featured].metrics[misattributed].mean));
  } else {
    fmt::print("No recommendation.\n");
  }
  fmt::print("{}\n", result.recommendation.explanation);
}

class SimulateCommand final : public Command {
 public:
  explicit SimulateCommand(CLI::App& app) {
    command_ = app.add_subcommand("simulate", "Size a ring pool for a traffic plan: overflow, misattribution and cost");
    const std::string plans = shipped_file("scenarios/plans");
    command_->footer(
        "Exit status: 0 a sweep point meets the plan's targets (or it sets none); 1 none does; 2 usage or plan errors.\n"
        "Examples:\n"
        "  ringpool simulate " + plans + "/small-local-business.toml\n"
        "  ringpool simulate " + plans + "/national-brand.toml --replications 20 --jobs 2 --report out/brand\n"
        "  ringpool simulate " + plans + "/national-brand.toml --shard 2/8 --report out/shard-2\n"
        "  ringpool simulate merge out/shard-* --report out/brand\n"
        "The plan format and the report schema: " + plans + "/README.md");
    command_->add_option("plan", plan_path_, "The plan (TOML)");
    command_->add_option("--seed", seed_, "Seed of the run (default: the plan's seed, else 1)");
    command_->add_option("--replications", replications_, "Replications per sweep point (default: the plan's, else 10)")
        ->check(CLI::Range(1, 100000));
    command_->add_option("--jobs,-j", jobs_, "Threads (default: the machine's cores); results do not depend on it")
        ->check(CLI::Range(1, 1024));
    command_->add_option("--report", report_dir_, "Directory for the report files")->capture_default_str();
    command_->add_option("--shard", shard_text_, "Run only slice K of N (e.g. 3/8) and write a shard file for 'merge'");
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

  int simulate() {
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
    StudyOptions options;
    if (!shard_text_.empty()) {
      auto shard = parse_shard(shard_text_);
      if (!shard) return usage_error(fmt::format("--shard '{}': expected K/N with 1 <= K <= N (e.g. 3/8)", shard_text_));
      options.shard = *shard;
    }
    options.jobs = jobs_ ? *jobs_ : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    const StudyDescription description = describe(*plan);
    const std::size_t runs = shard_runs(description.run_count(), options.shard).size();
    if (!quiet_)
      fmt::print("ringpool simulate: {} — {} points x {} replications = {} runs{}, seed {}, {} threads\n", plan->title,
                 description.points.size(), plan->replications, description.run_count(),
                 shard_text_.empty() ? "" : fmt::format(" (shard {}: {} runs)", shard_text_, runs), plan->seed, options.jobs);
    std::fflush(stdout);
    Progress progress(!quiet_, "simulating");
    options.progress = [&](std::size_t done, std::size_t total) { progress.update(done, total); };
    const auto started = std::chrono::steady_clock::now();
    std::vector<RunRecord> records = run_study(*plan, options);
    const double wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    if (!shard_text_.empty()) {
      auto written = reports::write_shard_file(report_dir_, ShardFile{options.shard, description, std::move(records)});
      if (!written) return usage_error(written.error());
      fmt::print("shard {} done in {:.1f} s: {}\n", shard_text_, wall_seconds, written->string());
      fmt::print("merge every shard with: ringpool simulate merge DIR... --report OUT\n");
      return 0;
    }
    auto [normal_description, normal_runs] = normalised(description, records);
    const StudyResult result = analyse(std::move(normal_description), std::move(normal_runs));
    // Wall time goes to the console only, never into the report files (same seed, same bytes).
    if (!quiet_) fmt::print("{} runs in {:.1f} s\n\n", records.size(), wall_seconds);
    return finish(result);
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
    if (quiet_) {
      fmt::print("{}\n", result.recommendation.explanation);
    } else {
      print_summary(result);
    }
    auto written = reports::write_simulation_reports(report_dir_, result);
    if (!written) return usage_error(written.error());
    fmt::print("\nReports: {}  {}  {}  {}\n", written->html.string(), written->json.string(), written->points_csv.string(),
               written->runs_csv.string());
    return result.recommendation.point ? 0 : 1;
  }

  CLI::App* command_ = nullptr;
  CLI::App* merge_ = nullptr;
  std::string plan_path_;
  std::optional<std::uint64_t> seed_;
  std::optional<int> replications_;
  std::optional<int> jobs_;
  std::string report_dir_ = "reports/out/simulation";
  std::string shard_text_;
  bool quiet_ = false;
  std::vector<std::string> merge_dirs_;
};

}  // namespace

std::unique_ptr<Command> add_simulate_command(CLI::App& app) { return std::make_unique<SimulateCommand>(app); }

}  // namespace ringpool::cli
