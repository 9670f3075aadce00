#include "fuzz/fuzz_support.hpp"

#include "reference/domain/reference_model.hpp"
#include "reference/world_file/world_toml.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <cstdio>
#include <cstdlib>
#include <span>
#include <string_view>
#include <type_traits>

namespace ringpool::fuzz {
namespace {

constexpr std::uint64_t kInputsPerWorld = 512;
constexpr domain::PoolId kMaxPoolsPerWorld = 16;  // created by inputs; beyond it the world is reset
constexpr std::string_view kManagementBase = "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/";

bool is_valid_utf8(std::string_view text) {
  // nlohmann's parser checks UTF-8 strictly inside strings: wrap the text as one JSON string
  // after escaping only what JSON requires, so that the check is the library's.
  std::string quoted = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      quoted += '\\';
      quoted += c;
    } else if (byte < 0x20) {
      quoted += fmt::format("\\u{:04x}", byte);
    } else {
      quoted += c;
    }
  }
  quoted += '"';
  return nlohmann::json::accept(quoted);
}

// XML 1.0 (Char production): a character reference must name a character a document may hold,
// so "&#1;" is as illegal as a raw U+0001 (pugixml reads both without complaint).
bool character_references_are_legal(std::string_view xml) {
  for (std::size_t at = xml.find("&#"); at != std::string_view::npos; at = xml.find("&#", at + 2)) {
    std::size_t digit = at + 2;
    const bool hex = digit < xml.size() && xml[digit] == 'x';
    if (hex) ++digit;
    std::uint64_t code = 0;
    for (; digit < xml.size() && xml[digit] != ';' && code <= 0x10FFFF; ++digit) {
      const char c = xml[digit];
      const int value = (c >= '0' && c <= '9') ? c - '0' : (hex && c >= 'a' && c <= 'f') ? c - 'a' + 10
                        : (hex && c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (value < 0) return false;
      code = code * (hex ? 16 : 10) + static_cast<std::uint64_t>(value);
    }
    const bool legal = code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
                       (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
    if (!legal) return false;
  }
  return true;
}

}  // namespace

Harness& Harness::instance() {
  static Harness harness;
  return harness;
}

Harness::Harness() { load_world(); }

void Harness::load_world() {
  digest_.reset();
  api::ServiceOptions options;
  options.control_enabled = true;
  options.control_token = std::string(kControlToken);
  service_ = std::make_unique<api::Service>(world_file::load_default_world(1), options);
  pools_.clear();
  // One pool of each overflow setting on the demo network, for fuzzed allocations to use.
  for (const char* body : {R"({"id_from_network":"fuzz-a","max_pool_size":3,"fill_immediately":true,"allow_overflow":true})",
                           R"({"id_from_network":"fuzz-b","max_pool_size":2,"allow_overflow":false})"}) {
    api::Request create = api::make_request("POST", std::string(kManagementBase) + "ring_pools.json", body,
                                            {{"Authorization", "demo-token"}, {"Content-Type", "application/json"}});
    const api::Response created = service_->handle(create);
    const auto json = nlohmann::json::parse(created.body, nullptr, false);
    if (created.status >= 300 || json.is_discarded() || !json.contains("id")) {
      std::fprintf(stderr, "fuzz harness: could not create its pools: %d %s\n", created.status, created.body.c_str());
      std::abort();
    }
    pools_.push_back({json["id"].dump(), json.value("api_key", std::string())});
  }
}

void Harness::begin_input() {
  if (++inputs_ % kInputsPerWorld == 0 || service_->world().last_pool_id() > kMaxPoolsPerWorld) load_world();
}

namespace {

// FNV-1a over the bytes of each field: no allocation, so a digest costs far less than the
// control API's JSON (which was 85 % of an execution under ASan).
class Fingerprint {
 public:
  template <typename T>
    requires std::is_arithmetic_v<T> || std::is_enum_v<T>
  void add(T value) {
    add_bytes(&value, sizeof value);
  }
  void add(std::string_view text) {
    add(text.size());
    add_bytes(text.data(), text.size());
  }
  std::uint64_t value() const { return hash_; }

 private:
  void add_bytes(const void* data, std::size_t size) {
    for (const auto byte : std::span(static_cast<const unsigned char*>(data), size)) hash_ = (hash_ ^ byte) * 0x100000001b3ULL;
  }
  std::uint64_t hash_ = 0xcbf29ce484222325ULL;
};

// `autoscaling` receives the pool's autoscaling bookkeeping, `out` everything else.
void add_pool(Fingerprint& out, Fingerprint& autoscaling, const domain::RingPool& pool) {
  const domain::RingPoolSettings& settings = pool.settings;
  out.add(pool.id);
  out.add(pool.network_id);
  out.add(pool.advertiser_id);
  out.add(pool.campaign_id);
  out.add(pool.api_key);
  out.add(pool.type);
  out.add(pool.bulk_served);
  out.add(pool.local_fill_done);
  out.add(pool.local_shortfall);
  out.add(pool.destinations.size());
  for (const std::string& name : pool.parameter_names) out.add(name);
  out.add(settings.id_from_network);
  out.add(settings.name);
  out.add(settings.preferred);
  out.add(settings.lifetime_seconds);
  out.add(settings.max_pool_size);
  out.add(settings.fill_immediately);
  out.add(settings.allow_overflow);
  out.add(settings.local_center.has_value());
  out.add(settings.tn_prefix_whitelist ? settings.tn_prefix_whitelist->size() : std::size_t{0});
  out.add(settings.destination_type.value_or("(none)"));
  const domain::PoolNumbers& numbers = pool.numbers;
  out.add(numbers.overflow_number() ? numbers.overflow_number()->digits : 0);
  out.add(numbers.allocation_count());
  autoscaling.add(numbers.exhausted_since_tick());
  autoscaling.add(numbers.peak_utilisation_since_tick());
  out.add(numbers.pending_release());
  for (const domain::NumberSlot& slot : numbers.slots()) {
    out.add(slot.inventory_index);
    out.add(slot.number.digits);
    out.add(slot.status);
    out.add(slot.local);
    out.add(slot.release_when_free);
    out.add(slot.generation);
    out.add(slot.joined_at);
    out.add(slot.idle_since);
    out.add(slot.available_at);
    out.add(slot.last_lease_end);
    out.add(slot.lease_start);
    out.add(slot.lease_end);
    out.add(slot.lease_allocation_number);
    out.add(slot.lease.affiliate);
    out.add(slot.lease.visitor);
    for (const auto& [name, value] : slot.lease.parameters) {
      out.add(name);
      out.add(value);
    }
  }
}

}  // namespace

Harness::Digest Harness::state_digest() {
  // Everything the control API's views show (the clock, every pool's numbers and leases, each
  // network's inventory) and the pool settings the management API shows, read from the domain.
  // Each pool is caught up first, as the control API's pool view does, so that time-driven work
  // that a request merely triggers is not taken for a change the request made.
  domain::ReferenceModel& model = service_->model();
  Fingerprint out;
  Fingerprint autoscaling;
  out.add(model.now());
  out.add(model.world().last_pool_id());
  for (domain::PoolId id = 1; id <= model.world().last_pool_id(); ++id) {
    domain::RingPool* pool = model.world().find_pool(id);
    out.add(pool != nullptr);
    if (pool == nullptr) continue;
    model.engine().catch_up(*pool);
    add_pool(out, autoscaling, *pool);
  }
  for (const auto& [network_id, network] : model.world().networks) {
    const domain::InventoryState& inventory = model.engine().inventory(network_id);
    out.add(inventory.available_toll_free());
    out.add(inventory.available_local().size());
    out.add(inventory.aging());
  }
  return Digest{out.value(), autoscaling.value()};
}

api::Response Harness::handle_checked(const api::Request& request) {
  // The digest is the costliest part of an execution; most fuzzed requests fail, and a failed
  // request leaves the state (so the digest) as it was, so it is kept until a request succeeds.
  if (!digest_) digest_ = state_digest();
  api::Response response = service_->handle(request);
  const bool no_number = response.status == 503 && response.body.find("NoNumberAvailable") != std::string::npos;
  if (response.status >= 500 && !no_number) violation("a 5xx answer to client input", request, response);
  if (!body_parses_as_declared(response)) violation("a body that does not parse as its content type", request, response);
  if (response.status < 400) {
    digest_.reset();
  } else if (const Digest after = state_digest(); after.state != digest_->state) {
    violation("a failed request changed state (C-3)", request, response);
  } else if (after.autoscaling != digest_->autoscaling) {
    // P-7: an allocation that finds no idle number records the exhaustion that makes the pool
    // grow at the next tick, whether or not it then answers NoNumberAvailable.
    if (!no_number) violation("a failed request changed a pool's autoscaling record", request, response);
    digest_ = after;
  }
  return response;
}

void violation(std::string_view property, const api::Request& request, const api::Response& response) {
  std::fprintf(stderr, "\nfuzz property violated: %.*s\nrequest: %s %s (%zu body bytes)\nresponse: %d %s\n%s\n",
               static_cast<int>(property.size()), property.data(), request.method.c_str(), request.target.c_str(),
               request.body.size(), response.status, response.content_type.c_str(), response.body.substr(0, 2000).c_str());
  std::abort();
}

bool body_parses_as_declared(const api::Response& response) {
  const std::string_view type = response.content_type;
  if (type.starts_with("application/json")) return nlohmann::json::accept(response.body);
  if (type.starts_with("application/xml") || type.starts_with("text/xml")) {
    pugi::xml_document document;
    // pugixml does not reject characters XML 1.0 forbids (e.g. U+0001 as &#1;); check them too.
    if (!document.load_buffer(response.body.data(), response.body.size(), pugi::parse_default, pugi::encoding_utf8))
      return false;
    if (!is_valid_utf8(response.body)) return false;
    for (const char c : response.body) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
    }
    return character_references_are_legal(response.body);
  }
  return is_valid_utf8(response.body);
}

}  // namespace ringpool::fuzz
