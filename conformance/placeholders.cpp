#include "conformance/placeholders.hpp"

#include "conformance/client_url.hpp"
#include "conformance/expectation_checker.hpp"

#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <charconv>
#include <system_error>

namespace ringpool::conformance {

namespace {

bool is_network_table(std::string_view name) {
  return name == "primary" || name == "second" || name == "bulk" || name == "tags";
}

bool is_network_field(std::string_view name) {
  return name == "token" || name == "network" || name == "advertiser" || name == "campaign" ||
         name == "second_campaign" || name == "affiliate" || name == "affiliate_parameter" || name == "host" ||
         name == "base" || name == "local_zipcode";
}

constexpr std::string_view kRunNumber = "${run_number}";

}  // namespace

std::int64_t run_number(const std::string& run_prefix) {
  // 1 followed by 14 digits: never a small number a vendor's own ids are likely to use.
  constexpr std::uint64_t kSpan = 100'000'000'000'000ULL;
  return static_cast<std::int64_t>(kSpan + sim::fnv1a64(run_prefix) % kSpan);
}

const NetworkContext& Placeholders::network(const std::string& name) const {
  const NetworkContext* context = description_.context(name);
  if (context == nullptr) throw MissingPrerequisite(fmt::format("the target description has no [{}] network", name));
  return *context;
}

std::string Placeholders::network_field(const NetworkContext& context, std::string_view field) const {
  // A table that leaves out the host or the affiliate parameter shares them with the other
  // tables of the same network (the [bulk] advertiser lives in the primary network).
  if ((field == "host" && context.host.empty()) || (field == "affiliate_parameter" && context.affiliate_parameter.empty())) {
    for (const auto& [name, other] : description_.contexts) {
      if (other.network != context.network) continue;
      const std::string& value = field == "host" ? other.host : other.affiliate_parameter;
      if (!value.empty()) return value;
    }
    if (field == "affiliate_parameter") return "pid";  // W-1's default
    throw PlaceholderError(
        fmt::format("${{{}}}: no table of network {} in the target description gives it", field, context.network));
  }
  if (field == "token") return context.token;
  if (field == "network") return std::to_string(context.network);
  if (field == "advertiser") return context.advertiser;
  if (field == "campaign") return context.campaign;
  if (field == "second_campaign") return context.second_campaign;
  if (field == "affiliate") return context.affiliate;
  if (field == "affiliate_parameter") return context.affiliate_parameter;
  if (field == "host") return context.host;
  if (field == "local_zipcode") return context.local_zipcode;  // a declared world fact (T-5): world_facts.cpp skips first
  if (field == "base") return management_base(context, context.campaign);
  throw PlaceholderError(fmt::format("unknown network field '{}'", field));
}

const PoolRecord& Placeholders::pool(const std::string& alias) const {
  auto it = state_.pools.find(alias);
  if (it != state_.pools.end()) return it->second;
  for (const Step& step : scenario_.steps)
    if ((step.kind == StepKind::CreatePool || step.kind == StepKind::UsePool) && step.alias == alias)
      throw MissingPrerequisite(fmt::format("pool '{}' was not created (see the step that creates it)", alias));
  throw PlaceholderError(fmt::format("pool '{}' is never created in this scenario (create_pool or use_pool)", alias));
}

bool Placeholders::declared_capture(std::string_view name) const {
  for (const Step& step : scenario_.steps) {
    for (const auto& [source, list] : step.capture)
      if (list == name) return true;
    for (const auto& [source, list] : step.capture_rows)
      if (list == name) return true;
  }
  return false;
}

std::string Placeholders::lookup(std::string_view name) const {
  if (name == "run") return state_.run_prefix;
  if (name == "run_number") return std::to_string(run_number(state_.run_prefix));
  if (name == "i") return std::to_string(state_.iteration);
  if (name.starts_with("filler:")) return filler(name.substr(7));
  if (name == "version") return description_.allocation_version;
  if (name.starts_with("pool.")) {
    const std::string_view rest = name.substr(5);
    const auto dot = rest.rfind('.');
    if (dot == std::string_view::npos) throw PlaceholderError(fmt::format("${{{}}}: use pool.<alias>.id, .key or .name", name));
    const PoolRecord& record = pool(std::string(rest.substr(0, dot)));
    const std::string_view field = rest.substr(dot + 1);
    if (field == "id") return record.id;
    if (field == "key") return record.key;
    if (field == "name") return record.name;
    throw PlaceholderError(fmt::format("${{{}}}: a pool has id, key and name", name));
  }
  if (const auto dot = name.find('.'); dot != std::string_view::npos) {
    const std::string table(name.substr(0, dot));
    if (is_network_table(table)) return network_field(network(table), name.substr(dot + 1));
  }
  if (auto it = state_.captures.find(std::string(name)); it != state_.captures.end() && !it->second.empty())
    return it->second.back();
  if (is_network_field(name)) return network_field(network(state_.step_context), name);
  if (state_.captures.contains(std::string(name)) || declared_capture(name))
    throw MissingPrerequisite(fmt::format("nothing was captured as '{}' (an earlier step failed)", name));
  throw PlaceholderError(fmt::format("${{{}}} is not defined: capture it in an earlier step, or use run, run_number, i, token, "
                                     "network, advertiser, campaign, affiliate, host, base, pool.<alias>.id|key|name, filler:N",
                                     name));
}

// ${filler:N}: N bytes of 'x' (at most 16 MiB), for bodies of an exact size (C-4) that need
// no field of that size (C-7 limits a name to 255 characters).
std::string Placeholders::filler(std::string_view count) {
  std::size_t bytes = 0;
  const auto [end, error] = std::from_chars(count.data(), count.data() + count.size(), bytes);
  if (error != std::errc{} || end != count.data() + count.size() || bytes > 16u * 1024u * 1024u)
    throw PlaceholderError(fmt::format("${{filler:{}}}: give a byte count of at most 16777216", count));
  return std::string(bytes, 'x');
}

std::string Placeholders::expand(const std::string& text) const {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const auto start = text.find("${", at);
    if (start == std::string::npos) break;
    const auto end = text.find('}', start + 2);
    if (end == std::string::npos) throw PlaceholderError(fmt::format("'{}' has an unclosed ${{", text));
    out.append(text, at, start - at);
    out += lookup(std::string_view(text).substr(start + 2, end - start - 2));
    at = end + 1;
  }
  out.append(text, at);
  return out;
}

nlohmann::json Placeholders::expand_json(const nlohmann::json& value) const {
  if (value.is_string() && value.get_ref<const std::string&>() == kRunNumber) return run_number(state_.run_prefix);
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, member] : value.items()) out[key] = expand_json(member);
    return out;
  }
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const nlohmann::json& member : value) out.push_back(expand_json(member));
    return out;
  }
  return expand_strings(value, [this](const std::string& text) { return expand(text); });
}

}  // namespace ringpool::conformance
