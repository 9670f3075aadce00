// The answer side of a valid server's freedoms (answer_freedoms.hpp): extra fields, columns and
// elements, other key orders and list orders, optional echoes left out, its own api_key form,
// request ids answered as null, and the documents' tracking URLs with a leading space.
#include "conformance/answer_freedoms.hpp"

#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>

namespace ringpool::conformance::valid {

namespace {

using Json = nlohmann::json;
using Ordered = nlohmann::ordered_json;

bool success(const api::Response& response) { return response.status >= 200 && response.status < 300; }

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

Ordered reordered(const Ordered& object, KeyOrder order) {
  std::vector<std::string> keys;
  for (const auto& [key, value] : object.items()) keys.push_back(key);
  if (order == KeyOrder::Alphabetical) std::ranges::sort(keys);
  if (order == KeyOrder::Reversed) std::ranges::reverse(keys);
  Ordered out = Ordered::object();
  for (const std::string& key : keys) out[key] = object[key];
  return out;
}

std::string id_text(const Ordered& id) { return id.is_string() ? id.get<std::string>() : id.dump(); }

// The raw query without the parameter `name`.
std::string without_parameter(std::string_view query, std::string_view name) {
  std::string out;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    if (pair.substr(0, pair.find('=')) != name) out += (out.empty() ? "" : "&") + std::string(pair);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return out;
}

}  // namespace

void FreedomLayer::forget() {
  lifetime_asked_.clear();
  keys_shown_.clear();
  now_ms_ = 0;
  lifetime_seconds_.clear();
  visitors_.clear();
}

// P-3 [dec]: a repeat visitor gets its number again. Who is a repeat visitor is the server's own
// reading here: the same recorded parameters (A-6: the ones a pool names), however the others
// differ, while the first call's lease is active.
void FreedomLayer::keep_repeat_visitors(const api::Request& request, api::Response& response) {
  if (!freedoms_.sticky_recorded_parameters || response.status != 200) return;
  const std::string path(request.path());
  const auto pool_start = path.find("/ring_pools/");
  if (pool_start == std::string::npos) return;
  const std::string pool = path.substr(pool_start + 12, path.find('/', pool_start + 12) - pool_start - 12);
  std::vector<std::string> recorded;
  std::string_view query = request.raw_query();
  while (!query.empty()) {
    const auto amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const std::string_view name = pair.substr(0, pair.find('='));
    const bool named = (name.starts_with("param") && name.size() <= 7 && name.size() > 5) || (name.starts_with('m') && name.size() <= 3 && name.size() > 1);
    if (named) recorded.emplace_back(pair);
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  std::ranges::sort(recorded);
  std::string key;
  for (const std::string& pair : recorded) key += pair + "&";
  static const std::regex number(R"re([2-9][0-9]{9})re");
  std::smatch found;
  std::string body = response.body;
  if (path.ends_with(".csv")) body = body.substr(std::min(body.size(), body.find('\n') + 1));
  if (!std::regex_search(body, found, number)) return;
  const std::string answered = found[0];
  auto& visitor = visitors_[pool][key];
  if (!visitor.first.empty() && now_ms_ < visitor.second) {
    const std::string formatted = answered.substr(0, 3) + "-" + answered.substr(3, 3) + "-" + answered.substr(6);
    const std::string kept = visitor.first.substr(0, 3) + "-" + visitor.first.substr(3, 3) + "-" + visitor.first.substr(6);
    replace_all(response.body, formatted, kept);
    replace_all(response.body, answered, visitor.first);
    return;
  }
  const auto lifetime = lifetime_seconds_.find(pool);
  visitor = {answered, now_ms_ + (lifetime != lifetime_seconds_.end() ? lifetime->second : 1800) * 1000};
}

api::Response FreedomLayer::handle(ApiKind api, const api::Request& request, const Next& next) {
  if (auto refused = refuse(api, request)) return std::move(*refused);
  const api::Request sent = rewrite(api, request);
  api::Response response = next(sent);
  if (api == ApiKind::Allocation && freedoms_.ignore_unknown_affiliate && response.status == 403 &&
      response.body.find("InvalidAffiliate") != std::string::npos) {
    // A-9 [dec]: an unknown affiliate is ignored, the allocation made without it.
    api::Request again = sent;
    const std::string query = without_parameter(sent.raw_query(), affiliate_parameter_);
    again.target = std::string(sent.path()) + (query.empty() ? "" : "?" + query);
    response = next(again);
  }
  answer(api, sent, request, response);
  if (api == ApiKind::Allocation) keep_repeat_visitors(sent, response);
  if (api == ApiKind::Control && request.method == "POST" && request.path() == api::wire::kControlClockAdvancePath && success(response)) {
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("seconds") && body["seconds"].is_number())
      now_ms_ += static_cast<std::int64_t>(body["seconds"].get<double>() * 1000);
  }
  if (response.status == 503 && response.body.find("NoNumberAvailable") != std::string::npos)
    response.status = freedoms_.no_number_status;
  if (api == ApiKind::Control && request.method == "POST" && request.path() == api::wire::kControlResetPath && success(response))
    forget();
  return response;
}

void FreedomLayer::remember_pools(const api::Request& original, const api::Response& response) {
  const Json asked = Json::parse(original.body, nullptr, false);
  const auto pool = Ordered::parse(response.body, nullptr, false);
  if (!pool.is_object() || !pool.contains("id")) return;
  const std::string id = id_text(pool["id"]);
  if (asked.is_object() && asked.contains("lifetime_seconds")) {
    const Json& lifetime = asked["lifetime_seconds"];
    const std::int64_t value = lifetime.is_number_integer() ? lifetime.get<std::int64_t>()
                               : lifetime.is_string() && !lifetime.get<std::string>().empty() &&
                                         lifetime.get<std::string>().find_first_not_of("0123456789") == std::string::npos &&
                                         lifetime.get<std::string>().size() < 12
                                   ? std::stoll(lifetime.get<std::string>())
                                   : -1;
    if (value >= freedoms_.lifetime_min && value < 60) lifetime_asked_[id] = value;
    else if (value >= 60) lifetime_asked_.erase(id);
  }
  if (freedoms_.key_form != KeyForm::Hex32 && pool.contains("api_key") && pool["api_key"].is_string()) {
    const std::string key = pool["api_key"].get<std::string>();
    keys_shown_[shown_key(key)] = key;
  }
}

void FreedomLayer::bend_pool(Ordered& pool) {
  if (!pool.is_object()) return;
  const std::string id = pool.contains("id") ? id_text(pool["id"]) : "";
  if (pool.contains("lifetime_seconds") && pool["lifetime_seconds"].is_number_integer())
    lifetime_seconds_[id] = pool["lifetime_seconds"].get<std::int64_t>();
  if (auto asked = lifetime_asked_.find(id); asked != lifetime_asked_.end()) pool["lifetime_seconds"] = asked->second;
  if (freedoms_.key_form != KeyForm::Hex32 && pool.contains("api_key") && pool["api_key"].is_string())
    pool["api_key"] = shown_key(pool["api_key"].get<std::string>());
  if (freedoms_.default_destination_null && pool.contains("default_customer_phone_number")) pool["default_customer_phone_number"] = nullptr;
  if (!freedoms_.echo_optional_fields)
    for (const char* field : {"destination_type", "local_center", "local_number_preferences", "tn_prefix_whitelist"}) pool.erase(field);
  if (freedoms_.json_extra_fields) pool["created_by"] = "api";
  if (freedoms_.key_order != KeyOrder::Documented) pool = reordered(pool, freedoms_.key_order);
}

void FreedomLayer::answer(ApiKind api, const api::Request& sent, const api::Request& original, api::Response& response) {
  // The server's keys shown in its own form wherever an answer quotes them (A-4's message).
  if (freedoms_.key_form != KeyForm::Hex32 && api != ApiKind::Management)
    for (const auto& [shown, real] : keys_shown_) replace_all(response.body, real, shown);
  if (api == ApiKind::Management) answer_management(sent, original, response);
  else if (api == ApiKind::Allocation && response.status == 200) answer_allocation(sent.path(), response);
  else if (api == ApiKind::Bulk && response.status == 200) answer_bulk(original, response);
}

void FreedomLayer::answer_management(const api::Request& sent, const api::Request& original, api::Response& response) {
  if (freedoms_.non_object_body_403 && response.status == 400 && response.body.find("InvalidRequest") != std::string::npos) {
    response.status = 403;
    replace_all(response.body, "InvalidRequest", "RecordInvalid");
  }
  if (!success(response)) return;
  if (sent.method == "POST" || sent.method == "PUT") remember_pools(original, response);
  auto body = Ordered::parse(response.body, nullptr, false);
  if (body.is_array()) {
    for (Ordered& pool : body) bend_pool(pool);
    if (freedoms_.list_order == ListOrderFreedom::ByIdFromNetwork)
      std::stable_sort(body.begin(), body.end(), [](const Ordered& a, const Ordered& b) {
        return a.value("id_from_network", std::string()) < b.value("id_from_network", std::string());
      });
    if (freedoms_.list_order == ListOrderFreedom::Shuffled && body.size() > 1)
      std::rotate(body.begin(), body.begin() + static_cast<std::ptrdiff_t>(seed_ % body.size()), body.end());
  } else if (body.is_object() && body.contains("api_key")) {
    bend_pool(body);
  } else {
    return;
  }
  response.body = body.dump();
}

void FreedomLayer::answer_allocation(std::string_view path, api::Response& response) const {
  if (path.ends_with(".json")) {
    auto body = Ordered::parse(response.body, nullptr, false);
    if (!body.is_object() || !body.contains("promo_number")) return;
    if (freedoms_.tracking_url_leading_space && body.contains("tracking_url") && body["tracking_url"].is_string())
      body["tracking_url"] = " " + body["tracking_url"].get<std::string>();
    if (freedoms_.legacy_overflow_false && !body.contains("overflow")) body["overflow"] = false;
    if (freedoms_.json_extra_fields) body["call_tracking"] = true;
    response.body = body.dump();
  } else if (path.ends_with(".xml")) {
    if (freedoms_.tracking_url_leading_space) replace_all(response.body, "<TrackingUrl>", "<TrackingUrl> ");
    if (freedoms_.legacy_overflow_false && response.body.find("<Overflow>") == std::string::npos)
      replace_all(response.body, "</Response>", "<Overflow>false</Overflow></Response>");
    if (freedoms_.xml_extra_element) replace_all(response.body, "</Response>", "<Campaign>spring</Campaign></Response>");
  } else if (path.ends_with(".csv")) {
    answer_csv_allocation(response);
  }
}

void FreedomLayer::answer_csv_allocation(api::Response& response) const {
  const auto header_end = response.body.find('\n');
  if (header_end == std::string::npos) return;
  std::string header = response.body.substr(0, header_end);
  std::string rest = response.body.substr(header_end + 1);
  const bool crlf = header.ends_with('\r');
  if (crlf) header.pop_back();
  const auto row_end = rest.find_first_of("\r\n");
  std::string row = rest.substr(0, row_end);
  const std::string tail = row_end == std::string::npos ? "" : rest.substr(row_end);
  if (freedoms_.tracking_url_leading_space) {
    // The third field, quoted with its space (RFC 4180 allows spaces; quotes keep them visible).
    static const std::regex third(R"re(^((?:"[^"]*"|[^,]*),(?:"[^"]*"|[^,]*),)"?([^",]*)"?)re");
    row = std::regex_replace(row, third, "$1\" $2\"", std::regex_constants::format_first_only);
  }
  if (freedoms_.csv_extra_columns) {
    header += ",Region";
    row += ",US";
  }
  response.body = header + (crlf ? "\r\n" : "\n") + row + tail;
}

void FreedomLayer::answer_bulk(const api::Request& original, api::Response& response) const {
  auto body = Ordered::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("responses") || !body["responses"].is_array()) return;
  const Json requests = [&] {
    const Json parsed = Json::parse(original.body, nullptr, false);
    return parsed.is_object() && parsed.contains("requests") && parsed["requests"].is_array() ? parsed["requests"] : Json::array();
  }();
  std::size_t index = 0;
  for (Ordered& row : body["responses"]) {
    const bool asked_id = index < requests.size() && requests[index].is_object() && requests[index].contains("request_id");
    ++index;
    if (!row.is_object()) continue;
    if (freedoms_.request_id_null && !asked_id && !row.contains("request_id")) row["request_id"] = nullptr;
    if (row.contains("error_class")) continue;
    if (freedoms_.tracking_url_leading_space && row.contains("tracking_url") && row["tracking_url"].is_string())
      row["tracking_url"] = " " + row["tracking_url"].get<std::string>();
    if (freedoms_.json_extra_fields) row["call_tracking"] = true;
  }
  if (freedoms_.json_extra_fields) body["batch_size"] = body["responses"].size();
  response.body = body.dump();
}

}  // namespace ringpool::conformance::valid
