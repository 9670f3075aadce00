#include "reports/output_files.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace ringpool::reports {

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

}  // namespace ringpool::reports
