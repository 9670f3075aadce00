// Running a study: the shard slices, the worker threads, and whole studies under other seeds for
// the recommendation's stability.
#include "sim/core/rng.hpp"
#include "sim/plan/run_simulation.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_json.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <exception>
#include <mutex>
#include <thread>

namespace ringpool::sim::plan {

std::optional<Shard> parse_shard(std::string_view text) {
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto number = [](std::string_view part) -> std::optional<int> {
    int value = 0;
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (error != std::errc() || end != part.data() + part.size()) return std::nullopt;
    return value;
  };
  auto index = number(text.substr(0, slash));
  auto count = number(text.substr(slash + 1));
  if (!index || !count || *count < 1 || *count > 100'000 || *index < 1 || *index > *count) return std::nullopt;
  return Shard{*index, *count};
}

std::vector<std::size_t> shard_runs(std::size_t run_count, Shard shard) {
  std::vector<std::size_t> runs;
  for (std::size_t i = static_cast<std::size_t>(shard.index - 1); i < run_count; i += static_cast<std::size_t>(shard.count))
    runs.push_back(i);
  return runs;
}

std::vector<RunRecord> run_study(const Plan& plan, const StudyOptions& options) {
  const std::size_t replications = static_cast<std::size_t>(plan.replications);
  const std::vector<std::size_t> indices = shard_runs(plan.points.size() * replications, options.shard);
  std::vector<RunRecord> records(indices.size());
  std::atomic<std::size_t> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex failure_lock;
  const Rng root(plan.seed);
  const auto worker = [&] {
    for (std::size_t slot = next++; slot < indices.size(); slot = next++) {
      try {
        const std::size_t index = indices[slot];
        RunRecord& record = records[slot];
        record.point = index / replications;
        record.replication = static_cast<int>(index % replications);
        record.metrics = simulate_run(plan, plan.points[record.point],
                                      root.stream(fmt::format("replication-{}", record.replication)));
      } catch (...) {
        const std::lock_guard lock(failure_lock);
        if (!failure) failure = std::current_exception();
        next = indices.size();
      }
      const std::size_t finished = ++done;
      if (options.progress) options.progress(finished, indices.size());
    }
  };
  const int jobs = std::clamp<int>(options.jobs, 1, static_cast<int>(std::max<std::size_t>(indices.size(), 1)));
  std::vector<std::thread> threads;
  for (int i = 1; i < jobs; ++i) threads.emplace_back(worker);
  worker();
  for (std::thread& thread : threads) thread.join();
  if (failure) std::rethrow_exception(failure);
  return records;
}

std::vector<SeedOutcome> measure_stability(const Plan& plan, const std::vector<std::uint64_t>& seeds,
                                           const StudyOptions& options) {
  std::vector<SeedOutcome> outcomes;
  for (std::uint64_t seed : seeds) {
    Plan reseeded = plan;
    reseeded.seed = seed;
    StudyOptions whole = options;
    whole.shard = Shard{};
    auto [description, runs] = normalised(describe(reseeded), run_study(reseeded, whole));
    outcomes.push_back(SeedOutcome{seed, analyse(std::move(description), std::move(runs)).recommendation.point});
  }
  return outcomes;
}

}  // namespace ringpool::sim::plan
