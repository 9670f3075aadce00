#include "cli/installed_paths.hpp"

#include <system_error>

// Where the shipped data lies relative to the executable's directory ("../share/ringpool" in an
// install; the top-level CMakeLists.txt sets it from the install layout, and the build tree mirrors
// it with a link to the scenarios). No source path is compiled in.
#ifndef RINGPOOL_DATA_DIR_FROM_BINARY
#define RINGPOOL_DATA_DIR_FROM_BINARY "../share/ringpool"
#endif

namespace ringpool::cli {

namespace fs = std::filesystem;

fs::path installed_data_dir() {
  std::error_code error;
  const fs::path executable = fs::read_symlink("/proc/self/exe", error);
  if (error) return {};
  return (executable.parent_path() / RINGPOOL_DATA_DIR_FROM_BINARY).lexically_normal();
}

fs::path installed_doc_dir() {
  const fs::path data = installed_data_dir();
  return data.empty() ? fs::path() : data.parent_path() / "doc" / "ringpool";
}

fs::path default_scenarios_dir() {
  std::error_code error;
  if (fs::is_directory("scenarios", error) && fs::exists("scenarios/README.md", error)) return "scenarios";
  const fs::path installed = installed_data_dir() / "scenarios";
  if (!installed_data_dir().empty() && fs::is_directory(installed, error)) return installed;
  return {};
}

std::string shipped_file(std::string_view source_path, std::string_view installed_path) {
  std::error_code error;
  if (fs::exists(source_path, error)) return std::string(source_path);
  return (installed_data_dir() / (installed_path.empty() ? source_path : installed_path)).string();
}

std::string guide(std::string_view installed_name) {
  std::error_code error;
  const fs::path installed = installed_doc_dir() / installed_name;
  if (fs::exists(installed, error)) return installed.string();
  for (const Guide& known : kGuides)
    if (known.installed == installed_name && fs::exists(known.source, error)) return std::string(known.source);
  return installed.string();
}

}  // namespace ringpool::cli
