#include "reports/simulation_files.hpp"

#include "reports/simulation_csv.hpp"
#include "reports/simulation_html.hpp"
#include "reports/simulation_json.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace ringpool::reports {

namespace simulation_files_detail {

std::expected<void, std::string> ensure_directory(const std::filesystem::path& dir) {
  if (dir.empty()) return {};
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return std::unexpected(fmt::format("cannot create directory {}: {}", dir.string(), error.message()));
  if (!std::filesystem::is_directory(dir, error))
    return std::unexpected(fmt::format("cannot create directory {}: a file of that name is in the way", dir.string()));
  return {};
}

std::expected<void, std::string> write_whole_file(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return std::unexpected(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
  out.close();
  if (!out) return std::unexpected(fmt::format("cannot write {}: {}", path.string(), std::strerror(errno)));
  return {};
}


std::expected<SimulationReportPaths, std::string> write_simulation_reports_impl(const std::filesystem::path& dir,
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

std::string shard_file_name_impl(sim::plan::Shard shard) { return fmt::format("shard-{}-of-{}.json", shard.index, shard.count); }

std::expected<std::filesystem::path, std::string> write_shard_file_impl(const std::filesystem::path& dir,
                                                                   const sim::plan::ShardFile& file) {
  if (auto created = ensure_directory(dir); !created) return std::unexpected(created.error());
  const std::filesystem::path path = dir / shard_file_name(file.shard);
  if (auto written = write_whole_file(path, sim::plan::render_shard_file(file)); !written) return std::unexpected(written.error());
  return path;
}

}  // namespace simulation_files_detail

std::expected<SimulationReportPaths, std::string> write_simulation_reports(const std::filesystem::path& dir,
                                                                           const sim::plan::StudyResult& result) {
  return simulation_files_detail::write_simulation_reports_impl(dir, result);
}

std::string shard_file_name(sim::plan::Shard shard) { return simulation_files_detail::shard_file_name_impl(shard); }

std::expected<std::filesystem::path, std::string> write_shard_file(const std::filesystem::path& dir,
                                                                   const sim::plan::ShardFile& file) {
  return simulation_files_detail::write_shard_file_impl(dir, file);
}

}  // namespace ringpool::reports
