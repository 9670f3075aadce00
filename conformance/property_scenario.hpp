// The permissive model of `ringpool check`: turns a command list into a scenario of the one
// vocabulary (step_kinds.*, expectation_keys.*) whose expectations are the *set* of answers a
// conforming server may give, tier by tier ([doc] in `expect`, [dec] in `strict`). The scenario is
// what runs, and what is saved when a run fails, so `ringpool conform` replays exactly the
// judgement that failed.
#pragma once

#include "conformance/property_commands.hpp"

#include <toml++/toml.h>

#include <string>
#include <vector>

namespace ringpool::conformance::property {

// What the scenario file says about where it came from (title, description).
struct ScenarioOrigin {
  std::string title;        // "check: p-1 ..." or "check run 17 of seed 1"
  std::string description;  // the command that found it, the seed, the swarm configuration
};

// The scenario TOML for `commands`. Commands that address a pool never created are left out (so
// that any sub-list of a run, as shrinking makes, is a valid scenario). The model it encodes, per
// pool and per stretch of time without an advance ("segment", in which every lease is active),
// and per window of sure-trackable answers (property_model.hpp):
//  - P-1/P-4 [doc]: among the numbers the pool answered, at most one value repeats (the overflow
//    number; none without allow_overflow), and at most max_pool_size + 1 distinct ones; a number
//    surely leased is answered by nothing else while its lease is active, nor was it the overflow;
//  - A-12 [doc]: an allocation from a live pool with allow_overflow succeeds; A-2 its fields;
//  - A-4 [doc] wrong keys answer InvalidKey; A-11 [doc] bulk-served pools refuse the legacy API;
//  - B-3, B-4, B-5, B-10, B-11 [doc]: request ids echoed, rows in order, success rows' fields,
//    processing-time, key errors as InvalidKey;
//  - M-1..M-6, M-10 [doc]: lists are arrays with the live pools, reads reflect writes, creates
//    and deletes are idempotent, tokens checked, allow_overflow never changes.
// `limits`: what the target allows and declares (T-5); the model relies on nothing more.
std::string scenario_toml(const std::vector<Command>& commands, const ScenarioOrigin& origin, const GeneratorLimits& limits = {});
// The same scenario as a table, before it is printed: what `check` runs (parse_scenario_table),
// sparing the print and the re-parse; printing it and parsing the text gives an equal table
// (tests/check/ proves it). `kept`: how many commands it kept (effective_commands(...).size()).
toml::table scenario_table(const std::vector<Command>& commands, const ScenarioOrigin& origin, std::size_t* kept = nullptr,
                           const GeneratorLimits& limits = {});

// The commands scenario_toml keeps (those addressing a created pool), in order: what a saved file
// holds, and what the reported length counts.
std::vector<Command> effective_commands(const std::vector<Command>& commands, const GeneratorLimits& limits = {});

// The world the typed pools of a run come from (appended to the default world): one pool of each
// type in the primary network's second campaign, and one of each other type served by Bulk.
std::string typed_pools_world();

}  // namespace ringpool::conformance::property
