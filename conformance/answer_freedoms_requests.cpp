// The request side of a valid server's freedoms (answer_freedoms.hpp): what it refuses that the
// reference takes ([dec] limits and spellings), and how it reads what a client sends in its own
// forms (its api_key form, lifetimes below the reference's limit).
#include "conformance/answer_freedoms.hpp"

#include "reference/api/allocation_api.hpp"
#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace ringpool::conformance::valid {

namespace {

using Json = nlohmann::json;

api::Response json_error(int status, std::string_view error_class, std::string message) {
  api::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = Json{{"errors", {{"class", error_class}, {"invalid_data", std::move(message)}}}}.dump();
  return response;
}

// A legacy error in A-4's shape for the request's format.
api::Response legacy_error(std::string_view path, int status, std::string_view error_class, std::string_view message) {
  api::Response response;
  response.status = status;
  if (path.ends_with(".xml")) {
    response.content_type = "application/xml";
    response.body = fmt::format("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Class>{}</Class><Message>{}</Message></Error>\n",
                                error_class, message);
  } else {
    response.content_type = path.ends_with(".csv") ? "text/csv" : "application/json";
    response.body = fmt::format("{}: {}", error_class, message);
  }
  return response;
}

bool is_write(const api::Request& request) { return request.method == "POST" || request.method == "PUT"; }

// The raw query as name/value pairs (still percent-encoded).
std::vector<std::pair<std::string, std::string>> query_pairs(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const auto equals = pair.find('=');
    out.emplace_back(std::string(pair.substr(0, equals)), equals == std::string_view::npos ? "" : std::string(pair.substr(equals + 1)));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

std::string joined(const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) out += (out.empty() ? "" : "&") + name + "=" + value;
  return out;
}

// The problem a strict reader of C-1 has with a management body, or empty.
std::string strict_type_problem(const Json& body) {
  for (const char* field : {"max_pool_size", "lifetime_seconds"})
    if (body.contains(field) && !body[field].is_number_integer()) return fmt::format("{} must be a JSON integer", field);
  for (const char* field : {"preferred", "fill_immediately", "allow_overflow"})
    if (body.contains(field) && !body[field].is_boolean()) return fmt::format("{} must be true or false", field);
  return {};
}

std::optional<std::int64_t> integer_of(const Json& value) {
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (!text.empty() && text.size() < 12 && std::ranges::all_of(text, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }))
      return std::stoll(text);
  }
  return std::nullopt;
}

bool ten_digits(const Json& value) {
  if (!value.is_string()) return false;
  const std::string text = value.get<std::string>();
  return text.size() == 10 && std::ranges::all_of(text, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

std::int64_t network_of_path(std::string_view path) {
  // /api/2022-08-01/<network>/advertisers/...
  const std::string_view prefix = "/api/";
  if (!path.starts_with(prefix)) return -1;
  path.remove_prefix(prefix.size());
  const auto slash = path.find('/');
  if (slash == std::string_view::npos) return -1;
  path.remove_prefix(slash + 1);
  const std::string_view id = path.substr(0, path.find('/'));
  if (id.empty() || id.size() > 15 || !std::ranges::all_of(id, [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) return -1;
  return std::stoll(std::string(id));
}

}  // namespace

bool AnswerFreedoms::any() const {
  const AnswerFreedoms none;
  return json_extra_fields != none.json_extra_fields || csv_extra_columns != none.csv_extra_columns ||
         xml_extra_element != none.xml_extra_element || key_order != none.key_order || list_order != none.list_order ||
         default_destination_null != none.default_destination_null || echo_optional_fields != none.echo_optional_fields ||
         request_id_null != none.request_id_null || tracking_url_leading_space != none.tracking_url_leading_space ||
         legacy_overflow_false != none.legacy_overflow_false || key_form != none.key_form ||
         non_object_body_403 != none.non_object_body_403 || unknown_network_404 != none.unknown_network_404 ||
         strict_json_types != none.strict_json_types || ten_digit_phones != none.ten_digit_phones ||
         ignore_other_destination_types != none.ignore_other_destination_types || no_number_status != none.no_number_status ||
         refuse_read_only_fields != none.refuse_read_only_fields || name_limit != none.name_limit ||
         max_pool_size_limit != none.max_pool_size_limit || lifetime_min != none.lifetime_min || lifetime_max != none.lifetime_max ||
         put_body_id_ignored != none.put_body_id_ignored || ignore_unknown_affiliate != none.ignore_unknown_affiliate ||
         legacy_needs_parameter != none.legacy_needs_parameter || requests_alias != none.requests_alias ||
         bulk_max_rows != none.bulk_max_rows || long_suffix_only != none.long_suffix_only ||
         documented_version_only != none.documented_version_only ||
         sticky_recorded_parameters != none.sticky_recorded_parameters;
}

ApiKind api_of_path(std::string_view path) {
  if (path.starts_with(api::wire::kControlPrefix)) return ApiKind::Control;
  if (path == api::wire::kBulkPath) return ApiKind::Bulk;
  if (api::match_legacy_route(path)) return ApiKind::Allocation;
  return ApiKind::Management;
}

std::string FreedomLayer::shown_key(const std::string& key) const {
  switch (freedoms_.key_form) {
    case KeyForm::Hex32: return key;
    case KeyForm::Uuid:
      if (key.size() != 32) return key;
      return fmt::format("{}-{}-{}-{}-{}", key.substr(0, 8), key.substr(8, 4), key.substr(12, 4), key.substr(16, 4), key.substr(20));
    case KeyForm::UpperHex40: {
      std::string out = key + fmt::format("{:08X}", static_cast<std::uint32_t>(seed_));
      std::ranges::transform(out, out.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      return out;
    }
  }
  return key;
}

std::string FreedomLayer::real_key(const std::string& key) const {
  auto it = keys_shown_.find(key);
  return it == keys_shown_.end() ? key : it->second;
}

std::optional<api::Response> FreedomLayer::refuse(ApiKind api, const api::Request& request) const {
  const std::string path(request.path());
  if (api == ApiKind::Management) {
    if (freedoms_.unknown_network_404 && network_of_path(path) >= 0 && !networks_.contains(network_of_path(path)))
      return json_error(404, "RecordNotFound", "Could not find the network.");
    const Json body = Json::parse(request.body, nullptr, false);
    if (!is_write(request) || !body.is_object()) return std::nullopt;
    if (freedoms_.strict_json_types)
      if (std::string problem = strict_type_problem(body); !problem.empty()) return json_error(403, "RecordInvalid", problem);
    if (freedoms_.ten_digit_phones && body.contains("destination_phone_number") && !ten_digits(body["destination_phone_number"]))
      return json_error(403, "RecordInvalid", "Destination phone number must be 10 digits.");
    if (freedoms_.refuse_read_only_fields)
      for (const char* field : {"id", "object_url", "api_key", "customer_phone_numbers", "default_customer_phone_number"})
        if (body.contains(field)) return json_error(403, "RecordInvalid", fmt::format("{} is read-only.", field));
    if (body.contains("name") && body["name"].is_string() && body["name"].get<std::string>().size() > freedoms_.name_limit)
      return json_error(403, "RecordInvalid", fmt::format("Name is longer than {} characters.", freedoms_.name_limit));
    if (body.contains("max_pool_size"))
      if (auto size = integer_of(body["max_pool_size"]); size && *size > freedoms_.max_pool_size_limit)
        return json_error(403, "RecordInvalid", fmt::format("Max pool size is at most {}.", freedoms_.max_pool_size_limit));
    if (body.contains("lifetime_seconds"))
      if (auto lifetime = integer_of(body["lifetime_seconds"]); lifetime && *lifetime > freedoms_.lifetime_max)
        return json_error(403, "RecordInvalid", fmt::format("Lifetime seconds is between {} and {}.", freedoms_.lifetime_min,
                                                            freedoms_.lifetime_max));
    return std::nullopt;
  }
  if (api == ApiKind::Allocation) {
    const auto route = api::match_legacy_route(path);
    if (freedoms_.documented_version_only && route && route->version != api::wire::kLegacyVersion) {
      api::Response response;
      response.status = 404;
      response.content_type = "text/plain";
      response.body = "Not Found";
      return response;
    }
    if (freedoms_.legacy_needs_parameter) {
      const auto pairs = query_pairs(request.raw_query());
      if (std::ranges::none_of(pairs, [](const auto& pair) { return pair.first != "ring_pool_key"; }))
        return legacy_error(path, 400, "InvalidParameter", "A RingPool parameter is required.");
    }
    return std::nullopt;
  }
  if (api == ApiKind::Bulk) {
    const Json body = Json::parse(request.body, nullptr, false);
    if (!body.is_object()) return std::nullopt;
    if (!freedoms_.requests_alias && !body.contains("requests") && body.contains("request"))
      return json_error(400, "InvalidRequest", "The batch is under \"requests\".");
    if (body.contains("requests") && body["requests"].is_array() && body["requests"].size() > freedoms_.bulk_max_rows)
      return json_error(413, "RequestTooLarge", fmt::format("A batch holds at most {} requests.", freedoms_.bulk_max_rows));
  }
  return std::nullopt;
}

api::Request FreedomLayer::rewrite(ApiKind api, const api::Request& request) {
  api::Request out = request;
  if (api == ApiKind::Management && is_write(request)) {
    Json body = Json::parse(request.body, nullptr, false);
    if (!body.is_object()) return out;
    bool changed = false;
    if (body.contains("lifetime_seconds"))
      if (auto lifetime = integer_of(body["lifetime_seconds"]); lifetime && *lifetime >= freedoms_.lifetime_min && *lifetime < 60) {
        body["lifetime_seconds"] = 60;  // leases of 60 s: longer than asked, which P-1 allows
        changed = true;
      }
    if (freedoms_.ignore_other_destination_types && body.contains("destination_type") &&
        body["destination_type"] != "Advertiser" && body["destination_type"] != "API") {
      body.erase("destination_type");
      changed = true;
    }
    if (freedoms_.put_body_id_ignored && request.method == "PUT" && body.contains("id_from_network")) {
      body.erase("id_from_network");
      changed = true;
    }
    if (changed) out.body = body.dump();
    return out;
  }
  if (api == ApiKind::Allocation && freedoms_.key_form != KeyForm::Hex32) {
    auto pairs = query_pairs(request.raw_query());
    for (auto& [name, value] : pairs)
      if (name == "ring_pool_key") value = real_key(value);
    out.target = std::string(request.path()) + (pairs.empty() ? "" : "?" + joined(pairs));
    return out;
  }
  if (api == ApiKind::Bulk && (freedoms_.key_form != KeyForm::Hex32 || freedoms_.long_suffix_only)) {
    Json body = Json::parse(request.body, nullptr, false);
    if (!body.is_object() || !body.contains("requests") || !body["requests"].is_array()) return out;
    for (Json& row : body["requests"]) {
      if (!row.is_object() || !row.contains("api_suffix") || !row["api_suffix"].is_string()) continue;
      std::string suffix = row["api_suffix"].get<std::string>();
      if (freedoms_.long_suffix_only && !suffix.starts_with(api::wire::kLegacyPoolsSegment)) {
        row["api_suffix"] = "unsupported/" + suffix;  // a row error, as the short forms are here
        continue;
      }
      const auto question = suffix.find('?');
      if (question == std::string::npos) continue;
      auto pairs = query_pairs(std::string_view(suffix).substr(question + 1));
      for (auto& [name, value] : pairs)
        if (name == "ring_pool_key") value = real_key(value);
      row["api_suffix"] = suffix.substr(0, question + 1) + joined(pairs);
    }
    out.body = body.dump();
  }
  return out;
}

}  // namespace ringpool::conformance::valid
