// Writing report files: the one place that creates a report directory and writes a file whole,
// with errors that name the path and the reason (every report writer goes through it).
#pragma once

#include <expected>
#include <filesystem>
#include <string>

namespace ringpool::reports {

// Creates `dir` and its parents; an empty path is the current directory.
std::expected<void, std::string> ensure_directory(const std::filesystem::path& dir);

// Writes `content` to `path`, replacing it; an error names the path and the system's reason.
std::expected<void, std::string> write_whole_file(const std::filesystem::path& path, const std::string& content);

}  // namespace ringpool::reports
