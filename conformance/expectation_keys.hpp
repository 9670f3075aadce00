// The expectation keys of the scenario vocabulary, each registered once: its name, what it can
// judge (a response, a Bulk row, a captured list), how its value is read from TOML and how it is
// checked. Adding a key means adding one entry to expectation_keys.cpp; the parser, the checker
// and the documentation table (scenarios/README.md, kept in step by a test) all read this list.
#pragma once

#include "conformance/scenario.hpp"
#include "conformance/toml_reader.hpp"

#include <span>
#include <string_view>

namespace ringpool::conformance {

class Judge;

struct ExpectationKey {
  std::string_view name;
  unsigned subjects = 0;      // subject::kResponse | kRow | kList: what it can judge
  std::string_view passes;    // one line: when the check passes (for docs and messages)
  // Reads the key's value; `name` is the key, for messages.
  ExpectationValue (*parse)(const TomlReader& reader, const toml::node& value, std::string_view name);
  void (*check)(Judge& judge, const ExpectationValue& value);
};

// Every key, in the order checks run and are reported.
std::span<const ExpectationKey> expectation_keys();
const ExpectationKey* find_expectation_key(std::string_view name);

// Keys of a tier that are not checks: `clause` (attribute its checks to another clause), `note`
// and `comment` (for people); a row expectation also has `index`.
inline constexpr std::string_view kTierMetaKeys[] = {"clause", "note", "comment"};

// Reads one tier (`where` names it in messages: "expect", "a row expectation") that judges
// `subject`. Every key must be known and apply to the subject, and the tier must hold at least one
// check: an empty tier, or one with only `clause`/`note`, is an error (a check never vanishes
// silently).
Expectations parse_expectations(const TomlReader& reader, const toml::node& node, std::string_view where,
                                unsigned subject);

// "a response", "a Bulk row" or "a captured list (distinct steps)".
std::string_view subject_name(unsigned subject);
// The subjects of a flag set, joined by "or".
std::string subjects_text(unsigned subjects);

}  // namespace ringpool::conformance
