// Reads a [policy] table outside a world file (a simulation plan's [policy], a sweep's values of
// a knob) with the world file's own reader, so every knob a world file knows a plan knows too.
#pragma once

#include "reference/domain/policy.hpp"
#include "reference/world_file/world_toml.hpp"

#include <toml++/toml.h>

#include <expected>
#include <string_view>

namespace ringpool::world_file {

// `table` holds [policy] keys exactly as in a world file; an error names `source_name` and, for
// tables parsed from text, the line and column of the offending key or value.
std::expected<domain::ReferencePolicy, LoadError> read_policy_table(const toml::table& table,
                                                                    std::string_view source_name);

}  // namespace ringpool::world_file
