// The variant reference target (`ringpool conform --target variant`): the reference built, by
// configuration only, with every [dec] and [ref] choice of the spec flipped to another choice the
// spec allows, serving one network and the clock control endpoints alone. The vendor profile must
// pass it with zero failures and the strict profile must fail it on [dec] clauses only: it is how
// the suite proves it has no false failures on a valid server that is not the reference.
#pragma once

#include "conformance/answer_freedoms.hpp"
#include "conformance/target.hpp"
#include "conformance/target_description.hpp"
#include "conformance/valid_choices.hpp"
#include "reference/api/service.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ringpool::conformance {

namespace variant {

// `base` with the flipped pool knobs: leases held 30 s past lifetime_seconds (P-1), MRU reuse
// (P-2), repeat visitors get their number again (P-3), the overflow number on top of
// max_pool_size (P-4), 10 % fill rounded down (P-6), growth on demand (P-7), aging 2 h (P-8),
// several preferred pools (M-13), updates that replace the settings (M-4), local fill after 9
// minutes (L-1). Knobs it does not flip keep
// `base`'s values.
domain::ReferencePolicy policy(domain::ReferencePolicy base = {});
// Creates answer 200, lists newest first, per-field 403 bodies, no Bearer tokens, InvalidKey
// 401, an unknown pool 404, "; charset=utf-8", pretty JSON, tab-indented xml, LF csv, no legacy
// overflow flag, /track/ tracking URLs, integer processing-time.
api::Dialect dialect();
// GET /_control/clock and POST /_control/clock/advance only (T-4 allows any subset).
api::ControlEndpointSet control_endpoints();
// `options` (a server's own: tokens, clock source) with the variant's dialect, control endpoints
// and request size limit (C-4: 2 MiB).
api::ServiceOptions service_options(api::ServiceOptions options);
// The default world reduced to network 1 (with its bulk-enabled advertiser and publisher), the
// variant policy, and a clock that starts at 2026-03-14T15:09:26Z (T-1), not at a tick.
std::expected<domain::World, std::string> world(std::uint64_t seed);
// Makes `world` the variant's: its policy flipped and, unless the world chose another start than
// the default, its clock start moved (T-1).
void apply_to_world(domain::World& world);

}  // namespace variant

// `--target variant` (today's variant: one point of the space of valid servers) or
// `--target variant:SEED` (the valid server drawn from SEED, valid_choices.hpp).
class VariantTarget final : public Target {
 public:
  explicit VariantTarget(std::string control_token);
  VariantTarget(std::string control_token, valid::Draw draw);

  std::string describe() const override { return drawn_ ? "variant:" + std::to_string(draw_.seed) : "variant"; }
  std::string base_url(ApiKind) const override { return drawn_ ? describe() : "variant:"; }
  // A fresh variant world per scenario. It loads no world file: like a vendor's server it has no
  // `world` capability, so scenarios that need one are skipped before they begin.
  std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                  const std::optional<std::string>& world_toml) override;
  Exchange send(ApiKind api, const api::Request& request) override;
  bool begins_afresh() const override { return true; }

  // What the runner may assume: conformance/targets/variant.toml, or the drawn world's honest
  // description (valid::description).
  const TargetDescription& description() const;
  const valid::Draw& draw() const { return draw_; }

 private:
  std::string control_token_;
  bool drawn_ = false;
  valid::Draw draw_;
  valid::ServerShape shape_;
  TargetDescription description_;
  std::unique_ptr<valid::FreedomLayer> freedoms_;
  std::unique_ptr<api::Service> service_;
};

// Parses "variant" (nullopt: today's variant) or "variant:SEED"; an error for anything else
// that starts with "variant".
std::expected<std::optional<valid::Draw>, std::string> parse_variant_target(std::string_view target);

// conformance/targets/variant.toml: what the runner may assume about the variant ([primary] and
// [bulk] only).
const TargetDescription& variant_description();

}  // namespace ringpool::conformance
