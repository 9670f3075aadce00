// Where each network table's API token comes from, so that a target file never needs a secret:
// RINGPOOL_TOKEN (or --token) is the token of every table of the primary network ([primary], and
// [bulk] when it lives there); a table of another network names its variable with `token_env`.
// A token written in the file is the fallback. A token that is missing or is a template's
// placeholder ("set RINGPOOL_TOKEN instead", "...", "<token>") is a setup mistake, found before
// anything is sent, with the line that fixes it.
#pragma once

#include "conformance/target_description.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance {

inline constexpr std::string_view kTokenVariable = "RINGPOOL_TOKEN";
inline constexpr std::string_view kControlTokenVariable = "RINGPOOL_CONTROL_TOKEN";

// Reads an environment variable (injected: nothing below the CLI reads the environment itself).
using EnvironmentLookup = std::function<std::optional<std::string>(std::string_view name)>;

struct TokenSources {
  std::optional<std::string> flag;  // --token: the primary network's token, before RINGPOOL_TOKEN
  EnvironmentLookup environment;    // may be empty: no variable is set
};

// Where a table's token came from, for messages ("RINGPOOL_TOKEN", "--token", "the target file").
struct TokenOrigin {
  std::string table;     // "primary", "second", ...
  std::string variable;  // the environment variable that would hold it ("" when none applies)
  std::string source;    // "--token", "RINGPOOL_TOKEN", "the target file", or "" when missing
};

// A setup mistake about a token: what is wrong and the one line that fixes it.
struct TokenProblem {
  std::string table;
  std::string what;
  std::string fix;
};

// Why `token` looks like a template's placeholder rather than a token, or "" when it does not:
// empty, white space inside, "...", "<...>", "TODO", "changeme" and the like.
std::string placeholder_token_problem(std::string_view token);

// Fills in every table's token (precedence: --token then RINGPOOL_TOKEN for the primary network's
// tables, the table's `token_env` variable for others — or for any table that names one — then
// the file's `token`) and returns where each came from, in table order.
std::vector<TokenOrigin> resolve_tokens(TargetDescription& description, const TokenSources& sources);

// The tables whose token is missing or a placeholder, each with its fix.
std::vector<TokenProblem> token_problems(const TargetDescription& description, const std::vector<TokenOrigin>& origins);

}  // namespace ringpool::conformance
