// JSON for a study's description and runs: the shard files `ringpool simulate --shard K/N`
// writes and `ringpool simulate merge` reads. Numbers round-trip exactly (nlohmann prints the
// shortest text that reads back to the same double), so a merged report equals a whole run's.
#pragma once

#include "sim/plan/study.hpp"

#include <nlohmann/json.hpp>

#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::sim::plan {

inline constexpr std::string_view kShardSchema = "ringpool-simulation-shard/2";

nlohmann::ordered_json description_json(const StudyDescription& description);
nlohmann::ordered_json knob_json(const KnobValue& value);
// A point's description; the knobs as [{name, value}] in sweep order.
nlohmann::ordered_json point_description_json(const PointDescription& point);
nlohmann::ordered_json run_json(const RunRecord& run);

struct ShardFile {
  Shard shard;
  StudyDescription description;
  std::vector<RunRecord> runs;
};

std::string render_shard_file(const ShardFile& file);
// An error says what is wrong ("runs[3].metrics.visits: expected an integer").
std::expected<ShardFile, std::string> parse_shard_file(std::string_view text);

// Merges shard files into one study: every shard 1..N of the same plan, seed and replications
// exactly once, every run exactly once. Shards may have been given the plan by different paths
// (plans/x.toml, ./plans/x.toml, /plans/x.toml): the plan's content decides, and the merged
// report names the file as shard 1 did. Errors name the shard.
std::expected<std::pair<StudyDescription, std::vector<RunRecord>>, std::string> merge_shards(std::vector<ShardFile> shards);

// The same study after a round trip through the shard format: what a whole run analyses, so its
// report is byte-identical to a merge of shards.
std::pair<StudyDescription, std::vector<RunRecord>> normalised(const StudyDescription& description,
                                                               const std::vector<RunRecord>& runs);

}  // namespace ringpool::sim::plan
