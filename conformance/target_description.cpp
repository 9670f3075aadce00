#include "conformance/target_description.hpp"

#include "conformance/capabilities.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>

namespace ringpool::embedded {
extern const std::string_view default_target_description_toml;
}

namespace ringpool::conformance {

namespace {

struct DescriptionError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail_at(const toml::node& node, std::string_view source, std::string_view message) {
  throw DescriptionError(fmt::format("{}:{}: {}", source, node.source().begin.line, message));
}

std::string read_string(const toml::table& table, std::string_view key, std::string_view source,
                        std::string fallback = {}) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return fallback;
  if (!node->is_string()) fail_at(*node, source, fmt::format("'{}' must be a string", key));
  return std::string(*node->value<std::string_view>());
}

bool read_bool(const toml::table& table, std::string_view key, std::string_view source) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return false;
  if (!node->is_boolean()) fail_at(*node, source, fmt::format("'{}' must be true or false", key));
  return *node->value<bool>();
}

// A count the target declares (numbers, local_numbers): an integer >= 0; absent is 0.
std::int64_t read_count(const toml::table& table, std::string_view key, std::string_view source) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return 0;
  const auto value = node->value<std::int64_t>();
  if (!node->is_integer() || !value || *value < 0 || *value > 100'000'000)
    fail_at(*node, source, fmt::format("'{}' must be a whole number of phone numbers, 0 or more", key));
  return *value;
}

void check_keys(const toml::table& table, std::span<const std::string_view> allowed, std::string_view where,
                std::string_view source) {
  for (const auto& [key, node] : table) {
    bool ok = false;
    for (std::string_view name : allowed) ok = ok || key.str() == name;
    if (!ok)
      fail_at(node, source,
              fmt::format("unknown key '{}' in {} (expected one of: {})", key.str(), where, fmt::join(allowed, ", ")));
  }
}

bool is_environment_variable_name(std::string_view name) {
  if (name.empty() || (name.front() >= '0' && name.front() <= '9')) return false;
  for (char c : name)
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  return true;
}

std::string upper_case(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

NetworkContext read_context(const toml::table& table, std::string_view name, std::string_view source) {
  static constexpr std::array<std::string_view, 16> keys = {
      "network",      "token",         "token_env",     "token_form",    "advertiser",    "campaign",
      "second_campaign", "affiliate",  "affiliate_parameter", "host",    "bulk_enabled",
      "generated_ids", "numbers",      "local_zipcode", "local_numbers", "comment"};
  check_keys(table, keys, fmt::format("[{}]", name), source);
  NetworkContext context;
  const toml::node* network = table.get("network");
  if (network == nullptr || !network->is_integer())
    fail_at(network != nullptr ? *network : static_cast<const toml::node&>(table), source,
            fmt::format("[{}] needs network = <integer id>", name));
  context.network = *network->value<std::int64_t>();
  // The token is optional here: a target file never needs a secret (target_tokens.hpp).
  context.token = read_string(table, "token", source);
  context.token_env = read_string(table, "token_env", source);
  if (!context.token_env.empty() && !is_environment_variable_name(context.token_env))
    fail_at(*table.get("token_env"), source,
            fmt::format("[{}] token_env must name an environment variable (letters, digits, '_'), e.g. "
                        "token_env = \"RINGPOOL_{}_TOKEN\"",
                        name, upper_case(name)));
  if (const std::string form = read_string(table, "token_form", source); !form.empty()) {
    const auto parsed = parse_token_form(form);
    if (!parsed)
      fail_at(*table.get("token_form"), source,
              fmt::format("[{}] token_form is \"header\" (Authorization: <token>), \"bearer\" (Authorization: Bearer "
                          "<token>) or \"query\" (oauth_token=<token>); leave it out and preflight finds one the server takes",
                          name));
    context.token_form = *parsed;
    context.token_form_declared = true;
  }
  context.advertiser = read_string(table, "advertiser", source);
  context.campaign = read_string(table, "campaign", source);
  if (context.advertiser.empty() || context.campaign.empty())
    fail_at(table, source, fmt::format("[{}] needs advertiser and campaign", name));
  context.second_campaign = read_string(table, "second_campaign", source);
  context.affiliate = read_string(table, "affiliate", source);
  context.affiliate_parameter = read_string(table, "affiliate_parameter", source);
  context.host = read_string(table, "host", source);
  context.bulk_enabled = read_bool(table, "bulk_enabled", source);
  context.generated_ids = read_bool(table, "generated_ids", source);
  if (table.contains("numbers")) context.numbers = read_count(table, "numbers", source);
  context.local_zipcode = read_string(table, "local_zipcode", source);
  context.local_numbers = read_count(table, "local_numbers", source);
  if (context.local_numbers > 0 && context.local_zipcode.empty())
    fail_at(*table.get("local_numbers"), source, fmt::format("[{}] local_numbers needs local_zipcode = \"<5 digits>\"", name));
  if (!context.local_zipcode.empty() && (context.local_zipcode.size() != 5 ||
                                         context.local_zipcode.find_first_not_of("0123456789") != std::string::npos))
    fail_at(*table.get("local_zipcode"), source, fmt::format("[{}] local_zipcode is a 5-digit ZIP code", name));
  return context;
}

// [tls] ca_file = "ca.pem", verify = true|false.
void read_tls(const toml::node& node, std::string_view source, TargetDescription& out) {
  const toml::table* tls = node.as_table();
  if (tls == nullptr) fail_at(node, source, "[tls] must be a table (ca_file = \"ca.pem\", verify = true)");
  static constexpr std::array<std::string_view, 2> tls_keys = {"ca_file", "verify"};
  check_keys(*tls, tls_keys, "[tls]", source);
  const std::string ca_file = read_string(*tls, "ca_file", source);
  if (!ca_file.empty()) {
    const std::filesystem::path path(ca_file);
    out.tls_ca_file = path.is_absolute() ? ca_file : (std::filesystem::path(source).parent_path() / path).string();
  }
  if (const toml::node* verify = tls->get("verify")) {
    auto value = verify->value<bool>();
    if (!value) fail_at(*verify, source, "[tls] verify must be true or false");
    out.tls_verify = *value;
  }
}

TargetDescription parse_or_throw(std::string_view text, std::string_view source) {
  toml::table root;
  try {
    root = toml::parse(text, source);
  } catch (const toml::parse_error& error) {
    throw DescriptionError(fmt::format("{}:{}: {}", source, error.source().begin.line, error.description()));
  }
  static constexpr std::array<std::string_view, 11> top_keys = {
      "urls", "tls", "timeout_seconds", "capabilities", "allocation_version", "pool_identity",
      "primary", "second", "bulk", "tags", "comment"};
  check_keys(root, top_keys, "the target description", source);
  TargetDescription out;
  if (const toml::table* urls = root["urls"].as_table()) {
    static constexpr std::array<std::string_view, 4> url_keys = {"management", "allocation", "bulk", "control"};
    check_keys(*urls, url_keys, "[urls]", source);
    out.management_url = read_string(*urls, "management", source);
    out.allocation_url = read_string(*urls, "allocation", source);
    out.bulk_url = read_string(*urls, "bulk", source);
    out.control_url = read_string(*urls, "control", source);
  }
  if (const toml::node* tls = root.get("tls")) read_tls(*tls, source, out);
  if (const toml::node* timeout = root.get("timeout_seconds")) {
    auto value = timeout->value<double>();
    if (!value || *value <= 0 || *value > 3600) fail_at(*timeout, source, "timeout_seconds must be a number in (0, 3600]");
    out.timeout_seconds = *value;
  }
  if (const toml::node* capabilities = root.get("capabilities")) {
    // An array lists capabilities the server has; a table says, per name, true (has) or false (lacks).
    const auto check_name = [&](const toml::node& node, const std::string& name) {
      if (std::string hint = capability_name_problem(name); !hint.empty()) fail_at(node, source, hint);
    };
    if (const toml::array* list = capabilities->as_array()) {
      for (const toml::node& entry : *list) {
        auto name = entry.value<std::string>();
        if (!name) fail_at(entry, source, "capabilities lists names (strings)");
        check_name(entry, *name);
        out.capabilities.insert_or_assign(*name, true);
      }
    } else if (const toml::table* table = capabilities->as_table()) {
      for (const auto& [key, value] : *table) {
        const std::string name(key.str());
        check_name(value, name);
        auto present = value.value<bool>();
        if (!present) fail_at(value, source, fmt::format("capabilities.{} must be true (present) or false (absent)", name));
        out.capabilities.insert_or_assign(name, *present);
      }
    } else {
      fail_at(*capabilities, source, "capabilities is an array of names, or a table of name = true|false");
    }
  }
  out.allocation_version = read_string(root, "allocation_version", source, out.allocation_version);
  if (const toml::table* identity = root["pool_identity"].as_table()) {
    static constexpr std::array<std::string_view, 2> identity_keys = {"id_field", "key_field"};
    check_keys(*identity, identity_keys, "[pool_identity]", source);
    out.pool_id_field = read_string(*identity, "id_field", source, out.pool_id_field);
    out.pool_key_field = read_string(*identity, "key_field", source, out.pool_key_field);
  }
  for (std::string_view name : {"primary", "second", "bulk", "tags"}) {
    const toml::node* node = root.get(name);
    if (node == nullptr) continue;
    const toml::table* table = node->as_table();
    if (table == nullptr) fail_at(*node, source, fmt::format("[{}] must be a table", name));
    out.contexts.emplace(std::string(name), read_context(*table, name, source));
  }
  if (!out.contexts.contains("primary"))
    throw DescriptionError(fmt::format("{}: a target description needs a [primary] table. Fix: add [primary] with network, "
                                       "advertiser and campaign (see share/ringpool/targets/vendor-template.toml)",
                                       source));
  return out;
}

}  // namespace

const NetworkContext* TargetDescription::context(std::string_view name) const {
  auto it = contexts.find(name);
  return it == contexts.end() ? nullptr : &it->second;
}

std::expected<TargetDescription, std::string> parse_target_description(std::string_view toml_text,
                                                                       std::string_view source) {
  try {
    return parse_or_throw(toml_text, source);
  } catch (const DescriptionError& error) {
    return std::unexpected(std::string(error.what()));
  }
}

std::string_view default_world_description_toml() { return embedded::default_target_description_toml; }

const TargetDescription& default_world_description() {
  static const TargetDescription description = [] {
    auto parsed = parse_target_description(embedded::default_target_description_toml,
                                           "conformance/targets/default-world.toml");
    if (!parsed) throw std::logic_error(parsed.error());
    return *parsed;
  }();
  return description;
}

}  // namespace ringpool::conformance
