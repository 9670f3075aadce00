// World files (spec W-5): TOML text -> domain::World, with errors that name the line. The default
// world ships as worlds/default.toml and is embedded in the binary.
#pragma once

#include "reference/domain/world.hpp"

#include <toml++/toml.h>

#include <cstdint>
#include <expected>
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

// The two halves of load_world: the text's TOML table (an error names the line), and the world
// built from a table (errors still name lines).
std::expected<toml::table, LoadError> parse_world_toml(std::string_view toml_text, std::string_view source_name);
std::expected<domain::World, LoadError> load_world(const toml::table& root, std::string_view source_name,
                                                   std::uint64_t seed);

// load_world from a table in two steps, for callers that start many runs from one world file
// (`ringpool check` starts every run afresh): the world without its declared pools depends on no
// seed, so it is built once and copied per run; the declared pools then take their api keys from
// the run's seed. Together they give exactly load_world's world (and errors).
std::expected<domain::World, LoadError> load_world_without_pools(const toml::table& root, std::string_view source_name);
std::expected<domain::World, LoadError> add_declared_pools(domain::World without_pools, const toml::table& root,
                                                           std::string_view source_name, std::uint64_t seed);

// A world file read once for many runs (the conformance reference and variant targets start every
// scenario afresh): its table and its world without the declared pools. build(seed) copies that
// world and declares the pools with keys from `seed`: load_world(text, source_name, seed)'s world
// and errors.
class PreparedWorld {
 public:
  static std::expected<PreparedWorld, LoadError> read(std::string_view toml_text, std::string_view source_name);
  std::expected<domain::World, LoadError> build(std::uint64_t seed) const;

 private:
  PreparedWorld(toml::table table, domain::World without_pools, std::string source_name)
      : table_(std::move(table)), without_pools_(std::move(without_pools)), source_name_(std::move(source_name)) {}

  toml::table table_;
  domain::World without_pools_;
  std::string source_name_;
};

// The embedded copy of worlds/default.toml.
std::string_view default_world_toml();

// load_world(default_world_toml(), "default", seed); the embedded world is tested, so a failure
// here is a build defect and throws std::logic_error.
domain::World load_default_world(std::uint64_t seed);

}  // namespace ringpool::world_file
