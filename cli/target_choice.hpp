// What `--target`, `--target-file` and `--inject-defect` name, shared by `conform` and `check`:
// "reference" and "variant" run in process, anything else is a base URL (the description's
// per-API URLs override it for their API).
#pragma once

#include "cli/target_kind.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"
#include "conformance/target_tokens.hpp"

#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace ringpool::cli {

struct TargetChoice {
  std::string target;         // "reference", "variant", "variant:SEED" or a base URL
  std::string target_file;    // a target description (TOML), or empty for the built-in one
  std::string control_token;
  std::string defect;         // a runner defect to inject, or empty

  bool variant() const { return is_variant_target(target); }
  bool in_process() const { return is_in_process_target(target); }
};

// The whole text of a file, or "cannot open 'PATH'".
std::expected<std::string, std::string> read_text_file(const std::string& path);

// The description the target is judged with: the file's, else the variant's or the default
// world's. The error says what is wrong with the file.
std::expected<conformance::TargetDescription, std::string> target_description(const TargetChoice& choice);

// Fills in the description's tokens (conformance/target_tokens.hpp): `token` is --token's value as
// CLI11 read it (from the command line or RINGPOOL_TOKEN); the environment is read for the other
// variables. In process, only a --token given on the command line applies (the reference's demo
// tokens are known). The error is the first token problem, with its fix, for a live target.
// Returns where each table's token came from (for preflight's messages).
std::expected<std::vector<conformance::TokenOrigin>, std::string> apply_tokens(const TargetChoice& choice,
                                                                               const std::string& token,
                                                                               conformance::TargetDescription& description);

// The target, with the defect injected (tokens for a defect that re-sends come from the primary
// network). Errors: an unknown defect, a URL that is not one.
std::expected<std::unique_ptr<conformance::Target>, std::string> make_target(const TargetChoice& choice,
                                                                              const conformance::TargetDescription& description);

}  // namespace ringpool::cli
