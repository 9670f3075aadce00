// The steps of world_toml.hpp's load_world that take a parsed TOML table: for callers that hold
// the table already (tests of the two-step build, PreparedWorld). Kept apart so that only they
// compile toml++.
#pragma once

#include "reference/world_file/world_toml.hpp"

#include <toml++/toml.h>

namespace ringpool::world_file {

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

}  // namespace ringpool::world_file
