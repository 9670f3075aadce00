// Loads the world a command runs on: the embedded default, or a TOML file given by the user.
#pragma once

#include "reference/domain/world.hpp"

#include <cstdint>
#include <expected>
#include <string>

namespace ringpool::cli {

// `path` empty means the embedded default world. The error says what was wrong, with file:line.
std::expected<domain::World, std::string> load_world_source(const std::string& path, std::uint64_t seed);

}  // namespace ringpool::cli
