// World files (spec W-5): TOML text -> domain::World, with errors that name the line. The default
// world ships as worlds/default.toml and is embedded in the binary. This header keeps toml++ out
// of the many files that only load worlds; world_table.hpp has the steps that take a parsed table.
#pragma once

#include "reference/domain/world.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

namespace ringpool::world_file {

struct LoadError {
  std::string source;  // file name or "<inline>"
  int line = 0;        // 1-based; 0 when not tied to a line
  int column = 0;
  std::string message;  // what was wrong and what was expected

  // "worlds/x.toml:12:5: network.tokens must be an array of strings"
  std::string describe() const;
};

// Parses a world file. `seed` seeds the world's generator (api keys, ...).
std::expected<domain::World, LoadError> load_world(std::string_view toml_text,
                                                   std::string_view source_name,
                                                   std::uint64_t seed);

// A world file read once for many runs (the conformance reference and variant targets start every
// scenario afresh): its table and its world without the declared pools. build(seed) copies that
// world and declares the pools with keys from `seed`: load_world(text, source_name, seed)'s world
// and errors.
class PreparedWorld {
 public:
  static std::expected<PreparedWorld, LoadError> read(std::string_view toml_text, std::string_view source_name);
  std::expected<domain::World, LoadError> build(std::uint64_t seed) const;

 private:
  struct Table;  // the parsed toml::table, defined where toml++ is included
  PreparedWorld(std::shared_ptr<const Table> table, domain::World without_pools, std::string source_name)
      : table_(std::move(table)), without_pools_(std::move(without_pools)), source_name_(std::move(source_name)) {}

  std::shared_ptr<const Table> table_;
  domain::World without_pools_;
  std::string source_name_;
};

// The embedded copy of worlds/default.toml.
std::string_view default_world_toml();

// load_world(default_world_toml(), "default", seed); the embedded world is tested, so a failure
// here is a build defect and throws std::logic_error.
domain::World load_default_world(std::uint64_t seed);

}  // namespace ringpool::world_file
