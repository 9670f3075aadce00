#include "reports/simulation_files.hpp"

#include "reports/simulation_csv.hpp"
#include "reports/simulation_html.hpp"
#include "reports/output_files.hpp"
#include "reports/simulation_json.hpp"

#include <fmt/format.h>

namespace ringpool::reports {

std::expected<SimulationReportPaths, std::string> write_simulation_reports(const std::filesystem::path& dir,
                                                                           const sim::plan::StudyResult& result) {
  SimulationReportPaths paths{dir / "simulation.json", dir / "simulation.html", dir / "points.csv", dir / "runs.csv"};
  if (auto created = ensure_directory(dir); !created) return std::unexpected(created.error());
  for (const auto& [path, content] :
       {std::pair{paths.json, render_simulation_json(result)}, std::pair{paths.html, render_simulation_html(result)},
        std::pair{paths.points_csv, render_simulation_points_csv(result)},
        std::pair{paths.runs_csv, render_simulation_runs_csv(result)}})
    if (auto written = write_whole_file(path, content); !written) return std::unexpected(written.error());
  return paths;
}

std::string shard_file_name(sim::plan::Shard shard) { return fmt::format("shard-{}-of-{}.json", shard.index, shard.count); }

std::expected<std::filesystem::path, std::string> write_shard_file(const std::filesystem::path& dir,
                                                                   const sim::plan::ShardFile& file) {
  if (auto created = ensure_directory(dir); !created) return std::unexpected(created.error());
  const std::filesystem::path path = dir / shard_file_name(file.shard);
  if (auto written = write_whole_file(path, sim::plan::render_shard_file(file)); !written) return std::unexpected(written.error());
  return path;
}

}  // namespace ringpool::reports
