#include "conformance/valid_server.hpp"

#include "reference/world_file/world_toml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

namespace ringpool::conformance::valid {

namespace {

// 2026-03-14T15:09:26Z: not a month start and not on a 5-minute tick (T-1).
constexpr sim::Instant kShiftedEpoch = 1773500966000;
constexpr domain::NetworkId kPrimary = 1;
// Anchorage: ZIP 99501 and 50 numbers in 907 (Alaska), for the local-inventory choice.
constexpr domain::Coordinates kAnchorage{61.2176, -149.8631};
constexpr std::int64_t kAlaskaNumbers = 50;
constexpr std::int64_t kLocalNumbersNear90210 = 300;

const world_file::PreparedWorld& default_world() {
  static const world_file::PreparedWorld prepared = [] {
    auto read = world_file::PreparedWorld::read(world_file::default_world_toml(), "default");
    if (!read) throw std::logic_error("the embedded default world does not load: " + read.error().describe());
    return std::move(*read);
  }();
  return prepared;
}

// The primary network's inventory: its first `toll_free` toll-free numbers and its local numbers
// (and Alaska's), no ranges.
void shape_inventory(domain::Network& network, const WorldShape& shape) {
  std::vector<domain::InventoryNumber> kept;
  std::int64_t toll_free = 0;
  for (const domain::InventoryNumber& number : network.inventory) {
    if (number.kind == domain::NumberKind::TollFree && toll_free++ >= shape.toll_free_numbers) continue;
    kept.push_back(number);
  }
  if (shape.alaska)
    for (std::int64_t i = 0; i < kAlaskaNumbers; ++i)
      kept.push_back(domain::InventoryNumber{domain::PhoneNumber{9075550100ULL + static_cast<std::uint64_t>(i)},
                                             domain::NumberKind::Local, "AK", kAnchorage});
  std::ranges::sort(kept, [](const auto& a, const auto& b) { return a.number < b.number; });
  network.inventory = domain::InventoryNumbers();
  network.inventory.reserve(kept.size());
  for (domain::InventoryNumber& number : kept) network.inventory.push_back(std::move(number));
  network.toll_free_ranges.clear();
}

}  // namespace

void apply_to_world(domain::World& world, const ServerShape& shape) {
  const WorldShape& edits = shape.world;
  world.policy = shape.policy;
  if (shape.shifted_epoch && world.epoch == sim::kDefaultEpoch) world.epoch = kShiftedEpoch;
  if (!edits.second_network) world.networks.erase(2);
  if (!edits.tag_network) world.networks.erase(3);
  domain::Network* primary = world.find_network(kPrimary);
  if (primary == nullptr) return;
  // The world's own pools in a campaign or advertiser the draw removes go first (before they
  // hold numbers: the model starts after this); the numbers the others hold come on top of the
  // inventory the target file declares.
  std::int64_t held_by_world_pools = 0;
  for (domain::PoolId id = 1; id <= world.last_pool_id(); ++id) {
    const domain::RingPool* pool = world.find_pool(id);
    if (pool == nullptr || pool->network_id != kPrimary) continue;
    const bool gone = (!edits.bulk_advertiser && pool->advertiser_id == "adv-bulk") ||
                      (!edits.second_campaign && pool->advertiser_id == "adv-1" && pool->campaign_id == "camp-2");
    if (gone) world.remove_pool(id);
    else held_by_world_pools += pool->settings.max_pool_size + 1;
  }
  primary->bulk_enabled = edits.bulk_primary;
  primary->auto_id_from_network = edits.generated_ids;
  primary->affiliate_parameter = edits.affiliate_parameter;
  if (!edits.bulk_advertiser) {
    primary->advertisers.erase("adv-bulk");
    primary->affiliates.erase("bulk-pub");
  }
  if (!edits.publishers) primary->affiliates.clear();
  if (!edits.second_campaign)
    if (auto advertiser = primary->advertisers.find("adv-1"); advertiser != primary->advertisers.end())
      advertiser->second.campaigns.erase("camp-2");
  if (edits.toll_free_numbers != WorldShape{}.toll_free_numbers || edits.alaska) {
    WorldShape kept = edits;
    kept.toll_free_numbers += held_by_world_pools;
    shape_inventory(*primary, kept);
  }
  if (edits.alaska) world.zips.add(domain::ZipEntry{"99501", kAnchorage, "AK"});
}

std::expected<domain::World, std::string> world(const ServerShape& shape, std::uint64_t seed) {
  auto built = default_world().build(seed);
  if (!built) return std::unexpected(built.error().describe());
  apply_to_world(*built, shape);
  return std::move(*built);
}

api::ServiceOptions service_options(const ServerShape& shape, api::ServiceOptions base) {
  base.dialect = shape.dialect;
  base.control_endpoints = shape.control_endpoints;
  base.max_body_bytes = shape.max_body_bytes;
  base.prepare_world = [shape](domain::World& world) { apply_to_world(world, shape); };
  return base;
}

TargetDescription description(const ServerShape& shape) {
  const WorldShape& edits = shape.world;
  TargetDescription out = default_world_description();
  if (!edits.second_network) out.contexts.erase("second");
  if (!edits.tag_network) out.contexts.erase("tags");
  if (!edits.bulk_advertiser) out.contexts.erase("bulk");
  for (auto& [name, context] : out.contexts) {
    // Not declared (the target file leaves token_form out): the form preflight finds.
    if (!shape.dialect.accept_plain_tokens) context.token_form = TokenForm::Bearer;
    if (context.network != kPrimary) continue;
    context.bulk_enabled = edits.bulk_primary;
    if (name == "primary") context.generated_ids = edits.generated_ids;
    if (!edits.publishers) context.affiliate.clear();
    context.affiliate_parameter = edits.affiliate_parameter;
    context.numbers = edits.toll_free_numbers;
    context.local_zipcode.clear();
    context.local_numbers = 0;
  }
  NetworkContext& primary = out.contexts.at("primary");
  if (!edits.second_campaign) primary.second_campaign.clear();
  if (edits.alaska) {
    primary.local_zipcode = "99501";
    primary.local_numbers = kAlaskaNumbers;
  } else if (edits.local_declared) {
    primary.local_zipcode = "90210";
    primary.local_numbers = kLocalNumbersNear90210;
  }
  // Probing finds the control endpoints the draw serves; none of a ringpool's own capabilities.
  out.capabilities.clear();
  return out;
}

std::string description_toml(const Draw& draw) {
  const TargetDescription drawn = description(shape_of(draw));
  std::string out = fmt::format(
      "# The target file of the valid server drawn from seed {} (`ringpool serve --variant {}`): what the suite may\n"
      "# rely on about its world (T-5), declared honestly.\n# choices: {}\ntimeout_seconds = 10\ncapabilities = {{}}\n"
      "allocation_version = \"{}\"\n\n",
      draw.seed, draw.seed, draw.describe(), drawn.allocation_version);
  for (const auto& [name, context] : drawn.contexts) {
    out += fmt::format("[{}]\nnetwork = {}\ntoken = \"{}\"\nadvertiser = \"{}\"\ncampaign = \"{}\"\n", name, context.network, context.token,
                       context.advertiser, context.campaign);
    if (!context.second_campaign.empty()) out += fmt::format("second_campaign = \"{}\"\n", context.second_campaign);
    if (!context.affiliate.empty()) out += fmt::format("affiliate = \"{}\"\n", context.affiliate);
    if (!context.affiliate_parameter.empty()) out += fmt::format("affiliate_parameter = \"{}\"\n", context.affiliate_parameter);
    if (!context.host.empty()) out += fmt::format("host = \"{}\"\n", context.host);
    if (context.bulk_enabled) out += "bulk_enabled = true\n";
    if (context.generated_ids) out += "generated_ids = true\n";
    if (context.numbers) out += fmt::format("numbers = {}\n", *context.numbers);
    if (!context.local_zipcode.empty())
      out += fmt::format("local_zipcode = \"{}\"\nlocal_numbers = {}\n", context.local_zipcode, context.local_numbers);
    out += "\n";
  }
  return out;
}

std::function<api::Response(const api::Request&)> handler(api::Service& service, const ServerShape& shape, std::uint64_t seed) {
  std::set<std::int64_t> networks;
  for (const auto& [id, network] : service.world().networks) networks.insert(id);
  auto layer = std::make_shared<FreedomLayer>(shape.answers, std::move(networks), shape.world.affiliate_parameter, seed);
  return [layer, &service](const api::Request& request) {
    return layer->handle(api_of_path(request.path()), request, [&service](const api::Request& sent) { return service.handle(sent); });
  };
}

}  // namespace ringpool::conformance::valid
