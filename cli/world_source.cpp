#include "cli/world_source.hpp"

#include "reference/world_file/world_toml.hpp"

#include <fstream>
#include <sstream>

namespace ringpool::cli {

std::expected<domain::World, std::string> load_world_source(const std::string& path, std::uint64_t seed) {
  if (path.empty()) return world_file::load_default_world(seed);
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::unexpected("cannot read world file '" + path + "' (does it exist, and is it readable?)");
  std::ostringstream text;
  text << file.rdbuf();
  auto world = world_file::load_world(text.str(), path, seed);
  if (!world) return std::unexpected(world.error().describe());
  return std::move(*world);
}

}  // namespace ringpool::cli
