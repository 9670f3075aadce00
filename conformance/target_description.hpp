// A target description (TOML, documented by conformance/targets/default-world.toml): the base
// URLs of a server's APIs and the networks, tokens, advertisers, campaigns and affiliates the
// scenarios may use there. Nothing else about a live server is assumed.
#pragma once

#include "conformance/token_form.hpp"
#include "reference/api/wire_paths.hpp"

#include <cstdint>
#include <expected>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace ringpool::conformance {

// One place scenarios act in: a network with a token, an advertiser and a campaign.
// Scenario files name them: "primary", "second", "bulk", "tags".
struct NetworkContext {
  std::int64_t network = 0;
  // The API token. A target file need not hold it (target_tokens.hpp fills it in from the
  // environment: RINGPOOL_TOKEN for every table of the primary network, `token_env` for others).
  std::string token;
  std::string token_env;     // optional: the environment variable that holds this table's token
  // How the token is sent (token_form.hpp). Declared with `token_form = "header"|"bearer"|"query"`,
  // else preflight finds a form the server takes (in process: the header).
  TokenForm token_form = TokenForm::Header;
  bool token_form_declared = false;
  std::string advertiser;
  std::string campaign;
  std::string second_campaign;       // optional
  std::string affiliate;             // optional
  std::string affiliate_parameter;   // optional: shared with other tables of the network
  std::string host;                  // optional: object_url / tracking_url host (strict checks)

  // Declared world facts (spec T-5): what a vendor-profile check may rely on about this network
  // beyond its names. The defaults are the documents' norm; a scenario that needs more than the
  // file declares is skipped, with the reason, never failed.
  bool bulk_enabled = false;   // Bulk enabled on the whole network: every pool it serves refuses the legacy API (B-8, A-11)
  bool generated_ids = false;  // the network generates id_from_network (auto_id_from_network, M-9)
  // How many numbers of the network's inventory one scenario may hold at once (W-3); absent: not
  // declared (checks that need a filled pool, P-6's lower bound, are skipped).
  std::optional<std::int64_t> numbers;
  // A ZIP code with `local_numbers` local numbers within 240 miles, in its state (L-1, L-3):
  // where the vendor profile checks that local numbers arrive. Empty: none declared.
  std::string local_zipcode;
  std::int64_t local_numbers = 0;
};

struct TargetDescription {
  std::string management_url, allocation_url, bulk_url, control_url;  // empty: not given
  double timeout_seconds = 10;
  // [tls]: for https URLs. `ca_file` (PEM) is trusted besides the system's CAs (relative paths are
  // from the target file's folder); verify = false accepts any certificate (a staging server's
  // self-signed one), which the console says.
  std::string tls_ca_file;
  bool tls_verify = true;
  // Declared capabilities: true = present (not probed), false = absent (never probed, scenarios
  // that need it are skipped). Those not named are probed.
  std::map<std::string, bool, std::less<>> capabilities;
  std::string allocation_version = std::string(api::wire::kLegacyVersion);
  std::string pool_id_field = "id";
  std::string pool_key_field = "api_key";
  std::map<std::string, NetworkContext, std::less<>> contexts;  // "primary" always present

  const NetworkContext* context(std::string_view name) const;
};

// Errors name the source and line and say what was expected.
std::expected<TargetDescription, std::string> parse_target_description(std::string_view toml_text,
                                                                       std::string_view source);
// The description of the embedded default world (conformance/targets/default-world.toml).
const TargetDescription& default_world_description();
std::string_view default_world_description_toml();

}  // namespace ringpool::conformance
