#include "conformance/variant_target.hpp"

#include "conformance/target_description.hpp"
#include "conformance/valid_server.hpp"
#include "reference/world_file/world_toml.hpp"

#include <charconv>

#include <fmt/format.h>

#include <stdexcept>

namespace ringpool::embedded {
extern const std::string_view variant_target_description_toml;
}

namespace ringpool::conformance {

namespace variant {

namespace {
// 2026-03-14T15:09:26Z: not a month start and not on a 5-minute tick.
constexpr sim::Instant kVariantEpoch = 1773500966000;
constexpr domain::NetworkId kVariantNetwork = 1;
}  // namespace

// Each flip names its clause and, after the colon, the reference's choice.
domain::ReferencePolicy policy(domain::ReferencePolicy base) {
  base.reuse_order = domain::ReuseOrder::MostRecentlyUsed;         // P-2 [ref]: LRU
  base.overflow_within_max_pool_size = false;                      // P-4 [dec]: included
  base.initial_fill_rounding = domain::FillRounding::Down;         // P-6 [dec]: up, at least 2
  base.growth_trigger = domain::GrowthTrigger::OnDemand;           // P-7 [ref]: ticks
  base.lease_grace_seconds = 30;                                   // P-1 [dec]: free at exactly t+L
  base.repeat_visitors = domain::RepeatVisitors::SameNumber;       // P-3 [dec]: a new lease each call
  base.preferred_is_exclusive = false;                             // M-13 [dec]: clears the others
  base.partial_updates = false;                                    // M-4 [dec]: partial updates
  base.aging_seconds = 7200;                                       // P-8 [ref]: 86400
  base.local_fill_delay_seconds = 540;                             // L-1 [ref]: 600
  return base;
}

api::Dialect dialect() {
  api::Dialect out;
  out.created_status = 200;                                        // M-3/M-4 [dec]: 201
  out.list_order = api::ListOrder::DescendingId;                   // M-1 [dec]: ascending
  out.validation_errors = api::ValidationErrorForm::PerField;      // M-8 [dec]: class form
  out.invalid_key_status = 401;                                    // A-4 [dec]: 403
  out.content_type_parameters = "; charset=utf-8";                 // A-2 [dec]: none
  out.pretty_json = true;                                          // compact in the reference
  out.xml_indent = "\t";                                           // two spaces in the reference
  out.csv_line_end = "\n";                                         // CRLF (RFC 4180) in the reference
  out.integer_processing_time = true;                              // B-10 [dec]: three decimals
  out.legacy_overflow_flag = false;                                // A-2 [dec]: "overflow": true, <Overflow>
  out.tracking_urls = api::TrackingUrlForm::TrackPoolCount;        // A-10 [dec]: /c/<network>/<pool>-<n>
  out.unknown_pool_not_found = true;                               // A-4 [dec]: as a wrong key (InvalidKey)
  out.accept_bearer_tokens = false;                                // M-6 [dec]: Bearer accepted too
  return out;
}

api::ControlEndpointSet control_endpoints() {
  api::ControlEndpointSet out = api::ControlEndpointSet::none();  // T-4 [dec]: all five
  out.insert(api::ControlEndpoint::Clock);
  out.insert(api::ControlEndpoint::ClockAdvance);
  return out;
}

api::ServiceOptions service_options(api::ServiceOptions options) {
  options.dialect = dialect();
  options.control_endpoints = control_endpoints();
  options.max_body_bytes = 2 * 1024 * 1024;                        // C-4 [dec]: 1 MiB
  options.prepare_world = apply_to_world;                          // a reset keeps the variant
  return options;
}

void apply_to_world(domain::World& world) {
  world.policy = policy(world.policy);
  if (world.epoch == sim::kDefaultEpoch) world.epoch = kVariantEpoch;  // T-1 [dec]: 2026-01-01T00:00:00Z
}

std::expected<domain::World, std::string> world(std::uint64_t seed) {
  // The default world read once: a fresh variant world per `ringpool check` run read the TOML
  // every time.
  static const world_file::PreparedWorld prepared = [] {
    auto read = world_file::PreparedWorld::read(world_file::default_world_toml(), "default");
    if (!read) throw std::logic_error("the embedded default world does not load: " + read.error().describe());
    return std::move(*read);
  }();
  auto loaded = prepared.build(seed);
  if (!loaded) return std::unexpected(loaded.error().describe());
  // One network: the others' tokens are unknown here (401, M-6), as on a vendor's single network.
  std::erase_if(loaded->networks, [](const auto& entry) { return entry.first != kVariantNetwork; });
  apply_to_world(*loaded);
  return std::move(*loaded);
}

}  // namespace variant

VariantTarget::VariantTarget(std::string control_token) : control_token_(std::move(control_token)) {
  description_ = variant_description();
  // Up before the first scenario, like a live server, so that probing finds what it serves.
  if (auto begun = begin_scenario(1, std::nullopt); !begun) throw std::logic_error(begun.error());
}

VariantTarget::VariantTarget(std::string control_token, valid::Draw draw)
    : control_token_(std::move(control_token)), drawn_(true), draw_(std::move(draw)), shape_(valid::shape_of(draw_)),
      description_(valid::description(shape_)) {
  if (auto begun = begin_scenario(1, std::nullopt); !begun) throw std::logic_error(begun.error());
}

const TargetDescription& VariantTarget::description() const { return description_; }

std::expected<void, std::string> VariantTarget::begin_scenario(std::uint64_t seed,
                                                               const std::optional<std::string>& world_toml) {
  if (world_toml) return std::unexpected("the variant target loads no world files (it has no 'world' capability)");
  api::ServiceOptions options;
  options.control_enabled = true;
  options.control_token = control_token_;
  if (!drawn_) {
    auto world = variant::world(seed);
    if (!world) return std::unexpected(world.error());
    service_ = std::make_unique<api::Service>(std::move(*world), variant::service_options(std::move(options)));
    return {};
  }
  auto world = valid::world(shape_, seed);
  if (!world) return std::unexpected(world.error());
  std::set<std::int64_t> networks;
  for (const auto& [id, network] : world->networks) networks.insert(id);
  service_ = std::make_unique<api::Service>(std::move(*world), valid::service_options(shape_, std::move(options)));
  freedoms_ = std::make_unique<valid::FreedomLayer>(shape_.answers, std::move(networks), shape_.world.affiliate_parameter, draw_.seed);
  return {};
}

Exchange VariantTarget::send(ApiKind api, const api::Request& request) {
  if (!service_) return Exchange{std::nullopt, "no scenario has begun"};
  if (!freedoms_) return Exchange{service_->handle(request), {}};
  return Exchange{freedoms_->handle(api, request, [this](const api::Request& sent) { return service_->handle(sent); }), {}};
}

std::expected<std::optional<valid::Draw>, std::string> parse_variant_target(std::string_view target) {
  if (target == "variant") return std::optional<valid::Draw>();
  constexpr std::string_view prefix = "variant:";
  std::uint64_t seed = 0;
  const char* end = target.data() + target.size();
  if (target.starts_with(prefix)) {
    const auto parsed = std::from_chars(target.data() + prefix.size(), end, seed);
    if (parsed.ec == std::errc() && parsed.ptr == end && target.size() > prefix.size()) return std::optional<valid::Draw>(valid::draw(seed));
  }
  return std::unexpected(fmt::format("'{}' is not a variant target: 'variant' (today's variant) or 'variant:SEED' (the valid "
                                     "server drawn from SEED, a whole number)", target));
}

const TargetDescription& variant_description() {
  static const TargetDescription description = [] {
    auto parsed = parse_target_description(embedded::variant_target_description_toml, "conformance/targets/variant.toml");
    if (!parsed) throw std::logic_error(parsed.error());
    return *parsed;
  }();
  return description;
}

}  // namespace ringpool::conformance
