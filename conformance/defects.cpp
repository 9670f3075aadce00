#include "conformance/defects.hpp"

#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <regex>

namespace ringpool::conformance {

namespace {

using nlohmann::json;

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

std::string pool_id_of(std::string_view path) {
  const auto start = path.find("/ring_pools/");
  if (start == std::string_view::npos) return {};
  const auto id_start = start + 12;
  const auto end = path.find('/', id_start);
  return std::string(path.substr(id_start, end == std::string_view::npos ? std::string_view::npos : end - id_start));
}

bool is_success(const api::Response& response) { return response.status >= 200 && response.status < 300; }

api::Response json_answer(int status, const json& body) {
  api::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}

api::Response record_invalid(std::string message) {
  return json_answer(403, {{"errors", {{"class", "RecordInvalid"}, {"invalid_data", std::move(message)}}}});
}

api::Response text_answer(int status, std::string body) {
  api::Response response;
  response.status = status;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

std::string formatted(std::string_view number) {
  if (number.size() != 10) return std::string(number);
  return fmt::format("{}-{}-{}", number.substr(0, 3), number.substr(3, 3), number.substr(6));
}

// ---- management requests ----------------------------------------------------------------------

bool is_list_path(std::string_view path) { return path.ends_with("/ring_pools.json"); }
bool is_pool_path(std::string_view path) { return contains(path, "/ring_pools/") && path.ends_with(".json"); }

// The request with its JSON body replaced.
api::Request with_body(const api::Request& request, const json& body) {
  api::Request out = request;
  out.body = body.dump();
  return out;
}

// Applies `edit` to every ring pool object of a management answer (one pool or a list).
template <typename Edit>
void edit_pools(api::Response& response, Edit edit) {
  auto body = nlohmann::ordered_json::parse(response.body, nullptr, false);
  bool changed = false;
  auto visit = [&](nlohmann::ordered_json& pool) {
    if (pool.is_object() && pool.contains("api_key")) {
      edit(pool);
      changed = true;
    }
  };
  if (body.is_array())
    for (auto& pool : body) visit(pool);
  else
    visit(body);
  if (changed) response.body = body.dump();
}

// ---- allocation answers, in any format ---------------------------------------------------------

struct Allocation {
  std::string number;     // 10 digits, empty when the answer is no allocation
  std::string formatted;  // as the answer gave it
  bool overflow_flag = false;
};

std::string_view format_of(std::string_view path) {
  if (path.ends_with(".xml")) return "xml";
  if (path.ends_with(".csv")) return "csv";
  return "json";
}

Allocation read_allocation(const api::Response& response, std::string_view format) {
  Allocation out;
  if (response.status != 200) return out;
  std::smatch match;
  const std::string& body = response.body;
  if (format == "json") {
    auto parsed = json::parse(body, nullptr, false);
    if (!parsed.is_object() || !parsed.contains("promo_number") || !parsed["promo_number"].is_string()) return out;
    out.number = parsed["promo_number"].get<std::string>();
    out.formatted = parsed.value("promo_number_formatted", std::string{});
    out.overflow_flag = parsed.value("overflow", false);
  } else if (format == "xml") {
    static const std::regex number(R"re(<PromoNumber>\s*([0-9]{10})\s*</PromoNumber>)re");
    static const std::regex formatted_number(R"re(<PromoNumberFormatted>\s*([^<]*?)\s*</PromoNumberFormatted>)re");
    if (!std::regex_search(body, match, number)) return out;
    out.number = match[1];
    if (std::regex_search(body, match, formatted_number)) out.formatted = match[1];
    out.overflow_flag = contains(body, "<Overflow>true</Overflow>");
  } else {
    static const std::regex row(R"re(\n"?([^,"\r\n]*)"?,"?([0-9]{10})"?,)re");
    if (!std::regex_search(body, match, row)) return out;
    out.formatted = match[1];
    out.number = match[2];
  }
  return out;
}

// The answer with its number replaced by `number` (digits and formatted form).
void replace_number(api::Response& response, const Allocation& allocation, const std::string& number) {
  if (allocation.number.empty() || number.empty() || number == allocation.number) return;
  if (!allocation.formatted.empty()) replace_all(response.body, allocation.formatted, formatted(number));
  replace_all(response.body, allocation.number, number);
}

// ---- Bulk answers -------------------------------------------------------------------------------

template <typename Edit>
void edit_rows(api::Response& response, Edit edit) {
  auto body = nlohmann::ordered_json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("responses") || !body["responses"].is_array()) return;
  edit(body["responses"]);
  response.body = body.dump();
}

nlohmann::ordered_json invented_row(const nlohmann::ordered_json& row, const std::string& number) {
  nlohmann::ordered_json out = nlohmann::ordered_json::object();
  if (row.contains("request_id")) out["request_id"] = row["request_id"];
  out["promo_number_formatted"] = formatted(number);
  out["promo_number"] = number;
  out["tracking_url"] = "https://network1.ringpool.test/c/1/0-1";
  return out;
}

}  // namespace

const std::vector<DefectInfo>& known_defects() {
  static const std::vector<DefectInfo> defects = {
      {"list-not-array", "M-1", "the list of ring pools comes wrapped in an object instead of a JSON array", "M-1.1"},
      {"read-pool-404", "M-2", "reading an existing pool answers 404", "M-2.1"},
      {"create-answer-partial", "M-3", "a create answers the pool without object_url (not the full ring pool a GET returns)", "M-3.1"},
      {"create-not-idempotent", "M-3", "creating a pool whose id_from_network exists fails instead of updating it", "M-3.2"},
      {"update-not-applied", "M-4", "an update of an existing pool answers 200 with the pool unchanged", "M-4.1"},
      {"put-unknown-404", "M-4", "a PUT of an id the campaign does not have answers 404 instead of creating it", "M-4.2"},
      {"delete-keeps-pool", "M-5", "a delete answers 200 {} but the pool stays", "M-5.1"},
      {"delete-twice-404", "M-5", "deleting an already deleted pool answers 404 instead of 200 {}", "M-5.2"},
      {"token-only-in-header", "M-6", "a token given as the oauth_token query parameter or body key is refused (401)", "M-6.1"},
      {"auth-ignored", "M-6", "a missing or wrong API token is accepted", "M-6.2"},
      {"not-found-class", "M-7", "an unknown pool answers 404 with class NotFound instead of RecordNotFound", "M-7.1"},
      {"internal-error-class", "M-7a", "a management service failure answers class ServerError instead of InternalServiceError", "M-7a.1"},
      {"validation-400", "M-8", "validation failures answer 400 instead of 403", "M-8.1"},
      {"local-center-message", "M-8", "an unknown local_center key answers another message than 'Invalid Key in Local Center.'", "M-8.2"},
      {"id-from-network-optional", "M-9", "a pool created without id_from_network gets a made-up one instead of a 403", "M-9.1"},
      {"id-from-network-not-unique", "M-9", "an id_from_network taken in the network is accepted (under a made-up id)", "M-9.2"},
      {"allow-overflow-default-false", "M-10", "allow_overflow defaults to false", "M-10.1"},
      {"allow-overflow-change-ignored", "M-10", "an update changing allow_overflow answers 200 (the change ignored) instead of 403", "M-10.2"},
      {"max-pool-size-default-3", "M-11", "max_pool_size defaults to 3", "M-11.1"},
      {"preferred-ignored", "M-13", "preferred is ignored (the pool keeps false)", "M-13.1"},
      {"fill-immediately-ignored", "M-14", "fill_immediately is ignored (the pool keeps false)", "M-14.1"},
      {"destination-not-linked", "M-15", "a valid destination_phone_number is not linked (customer_phone_numbers stays empty)", "M-15.1"},
      {"invalid-destination-accepted", "M-15", "an invalid destination_phone_number is dropped and the pool saved (200)", "M-15.2"},
      {"tag-id-not-required", "M-15", "a tag network accepts a destination without obfuscated_tag_id", "M-15.3"},
      {"destination-type-api-refused", "M-16", "destination_type API is refused (403)", "M-16.1"},
      {"api-key-settable", "M-17", "an api_key in the body becomes the pool's api_key", "M-17.1"},
      {"representation-missing-field", "M-18", "pools are represented without default_customer_phone_number", "M-18.1"},
      {"local-center-unknown-key-accepted", "M-19", "unknown local_center keys are dropped silently instead of refused", "M-19.1"},
      {"lone-latitude-accepted", "M-19", "a local_center with latitude without longitude (or the reverse) is accepted", "M-19.2"},
      {"csv-not-served", "A-1", "allocate_number.csv answers 404", "A-1.1"},
      {"xml-missing-tracking-url", "A-2", "legacy xml allocations omit <TrackingUrl>", "A-2.1"},
      {"missing-tracking-url", "A-2", "legacy json allocations omit tracking_url", "A-2.2"},
      {"csv-wrong-header", "A-2", "legacy csv allocations have another header line", "A-2.3"},
      {"key-not-checked", "A-3", "a wrong ring_pool_key allocates as the right one would", "A-3.1"},
      {"xml-error-shape", "A-4", "legacy xml errors are <Fault> instead of <Error>", "A-4.1"},
      {"invalid-key-class", "A-4", "a wrong ring_pool_key answers class InvalidApiKey instead of InvalidKey", "A-4.2"},
      {"error-handle-missing", "A-5", "a legacy InternalServiceError carries no error handle", "A-5.1"},
      {"param10-refused", "A-6", "an allocation with param10 answers 400 InvalidParameter", "A-6.1"},
      {"referrer-pools-refused", "A-7", "allocations with a referrer (ReferralDomain and Search pools) answer 400", "A-7.1"},
      {"affiliate-refused", "A-9", "an allocation on behalf of a known affiliate answers 403 InvalidAffiliate", "A-9.1"},
      {"bulk-only-served-by-legacy", "A-11", "a bulk-served pool answers the legacy API with a number", "A-11.1"},
      {"overflow-error", "A-12", "an exhausted pool answers an error instead of its overflow number", "A-12.1"},
      {"requests-key-refused", "B-1", "a Bulk body with the requests key answers 400", "B-1.1"},
      {"empty-bulk-accepted", "B-1", "a Bulk body with no requests answers 200 with no rows", "B-1.2"},
      {"long-suffix-refused", "B-2", "Bulk rows with the api_suffix form ring_pools/<id>/... are row errors", "B-2.1"},
      {"request-id-dropped", "B-3", "Bulk rows do not echo request_id", "B-3.1"},
      {"bulk-rows-reversed", "B-4", "Bulk response rows come in reverse request order", "B-4.1"},
      {"bulk-row-without-formatted", "B-5", "Bulk success rows lack promo_number_formatted", "B-5.1"},
      {"bulk-overflow-flag-missing", "B-5", "Bulk rows never carry \"overflow\": true", "B-5.2"},
      {"bulk-error-row-without-message", "B-6", "Bulk error rows lack message", "B-6.1"},
      {"bulk-error-fails-every-row", "B-6", "one failed Bulk row makes every row of the request fail", "B-6.2"},
      {"bulk-missing-parameter-served", "B-7", "a Bulk row without any RingPool parameter is served a number", "B-7.1"},
      {"bulk-enabled-pool-not-served", "B-8", "Bulk rows of bulk-served pools answer BulkNumberAllocationNotEnabled", "B-8.1"},
      {"bulk-serves-other-types", "B-9", "Bulk rows of pools of another type than Custom are served a number", "B-9.1"},
      {"bulk-no-processing-time", "B-10", "Bulk responses lack the processing-time header", "B-10.1"},
      {"bulk-key-error-class", "B-11", "Bulk rows with a wrong key answer class Unauthorized instead of InvalidKey", "B-11.1"},
      {"lease-ends-early", "P-1", "once the clock moves, a pool hands out its first number again though its lease is active", "P-1.1"},
      {"lease-reuse", "P-1", "a number under an active lease is handed out again", "P-1.2"},
      {"overflow-number-leased", "P-4", "an exhausted pool answers with a leased trackable number instead of its overflow number", "P-4.1"},
      {"overflow-number-varies", "P-4", "an exhausted pool answers a different number each time instead of one overflow number", "P-4.2"},
      {"pool-exceeds-max-size", "P-4", "an exhausted pool hands out two more numbers beyond max_pool_size (+1)", "P-4.3"},
      {"fill-immediately-overfills", "P-6", "a pool created with fill_immediately hands out two numbers beyond max_pool_size (+1) at once", "P-6.1"},
      {"growth-past-max", "P-7", "once the clock moves, an exhausted pool grows past max_pool_size", "P-7.1"},
      {"local-numbers-never-arrive", "L-1", "a local pool never gets its local numbers (it answers its first number)", "L-1.1"},
      {"toll-free-fallback-empty", "L-4", "UseTollFree leaves unfilled local slots empty (a local pool answers its first number)", "L-4.1"},
      {"local-pool-refused", "L-5", "a pool with a local_center is refused (403)", "L-5.1"},
  };
  return defects;
}

const DefectInfo* find_defect(std::string_view name) {
  for (const DefectInfo& defect : known_defects())
    if (defect.name == name || defect.sentence == name) return &defect;
  return nullptr;
}

DefectiveTarget::DefectiveTarget(Target& inner, std::string defect, std::string valid_token)
    : inner_(inner), defect_(std::move(defect)), valid_token_(std::move(valid_token)) {
  if (const DefectInfo* info = find_defect(defect_)) defect_ = info->name;
}

DefectiveTarget::DefectiveTarget(std::unique_ptr<Target> inner, std::string defect, std::string valid_token)
    : owned_(std::move(inner)), inner_(*owned_), defect_(std::move(defect)), valid_token_(std::move(valid_token)) {
  if (const DefectInfo* info = find_defect(defect_)) defect_ = info->name;
}

std::expected<void, std::string> DefectiveTarget::begin_scenario(std::uint64_t seed,
                                                                 const std::optional<std::string>& world_toml) {
  forget();
  return inner_.begin_scenario(seed, world_toml);
}

void DefectiveTarget::forget() {
  deleted_.clear();
  created_.clear();
  keys_.clear();
  forged_keys_.clear();
  fill_immediately_.clear();
  local_.clear();
  local_wait_.clear();
  pools_.clear();
  invented_ = 0;
}

std::string DefectiveTarget::invented_number() { return fmt::format("80055{:05}", 100 + invented_++); }

Exchange DefectiveTarget::send(ApiKind api, const api::Request& request) {
  switch (api) {
    case ApiKind::Management: return send_management(request);
    case ApiKind::Allocation: return send_allocation(request);
    case ApiKind::Bulk: return send_bulk(request);
    case ApiKind::Control: break;
  }
  Exchange exchange = inner_.send(api, request);
  // A world reset through the control API (a live `serve --inject-defect`) starts the defect's
  // memory afresh, as a new scenario does in process: else the same commands after a reset got
  // other answers, and `check --differential` could not shrink what it found.
  if (exchange.response && is_success(*exchange.response) && request.method == "POST" &&
      request.path() == api::wire::kControlResetPath)
    forget();
  // The clock moved: numbers answered before may be answered again (leases end).
  if (exchange.response && is_success(*exchange.response) && request.method == "POST" &&
      request.path().ends_with("/clock/advance")) {
    const auto body = json::parse(request.body, nullptr, false);
    if (body.is_object() && body.value("seconds", 0.0) > 0)
      for (auto& [id, pool] : pools_) {
        pool.since_advance.clear();
        if (pool.answers > 0) pool.advanced_since_first = true;
      }
  }
  return exchange;
}

void DefectiveTarget::learn_pools(const api::Response& response, const std::string& request_body) {
  auto body = json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("id") || !body.contains("api_key") || !body["api_key"].is_string()) return;
  const std::string id = body["id"].is_string() ? body["id"].get<std::string>() : body["id"].dump();
  keys_[id] = body["api_key"].get<std::string>();
  const auto sent = json::parse(request_body, nullptr, false);
  if (!sent.is_object()) return;
  const auto& fill = sent.contains("fill_immediately") ? sent["fill_immediately"] : json();
  if (fill == true || fill == "true" || fill == 1 || fill == "1") fill_immediately_.insert(id);
  if (sent.contains("local_center")) {
    local_.insert(id);
    if (sent.contains("local_number_preferences") && sent["local_number_preferences"].is_object() &&
        sent["local_number_preferences"].value("allocation_fallback_strategy", std::string{}) == "Wait")
      local_wait_.insert(id);
  }
}

Exchange DefectiveTarget::send_management(const api::Request& request) {
  const std::string path(request.path());
  const std::string& method = request.method;
  auto body = json::parse(request.body, nullptr, false);
  const bool has_body = body.is_object();
  const bool writes = method == "POST" || method == "PUT";

  // Defects that answer, or change the request, before the server sees it.
  if (defect_ == "delete-twice-404" && method == "DELETE" && deleted_.contains(path))
    return Exchange{json_answer(404, {{"errors", {{"class", "RecordNotFound"}, {"invalid_data", "Already deleted."}}}}), {}};
  if (defect_ == "create-not-idempotent" && method == "POST" && has_body && body.contains("id_from_network")) {
    const std::string key = path + "#" + body["id_from_network"].dump();
    if (created_.contains(key)) return Exchange{record_invalid("Already exists."), {}};
    Exchange exchange = inner_.send(ApiKind::Management, request);
    if (exchange.response && is_success(*exchange.response)) created_.insert(key);
    return exchange;
  }
  if ((defect_ == "update-not-applied" || defect_ == "put-unknown-404") && method == "PUT" && is_pool_path(path)) {
    api::Request read = request;
    read.method = "GET";
    read.body.clear();
    if (has_body && body.contains("oauth_token") && !request.header("Authorization")) {
      read.headers.emplace("Authorization", body["oauth_token"].is_string() ? body["oauth_token"].get<std::string>() : "");
    }
    Exchange current = inner_.send(ApiKind::Management, read);
    if (current.response) {
      if (defect_ == "update-not-applied" && current.response->status == 200) return current;
      if (defect_ == "put-unknown-404" && current.response->status == 404) return current;
    }
  }
  if (defect_ == "delete-keeps-pool" && method == "DELETE" && is_pool_path(path)) {
    api::Request read = request;
    read.method = "GET";
    read.body.clear();
    Exchange current = inner_.send(ApiKind::Management, read);
    if (current.response && current.response->status == 200) return Exchange{json_answer(200, json::object()), {}};
  }
  if (defect_ == "token-only-in-header" && !request.header("Authorization"))
    return Exchange{json_answer(401, {{"errors", {{"class", "Unauthorized"}, {"invalid_data", "Give the token in the Authorization header."}}}}), {}};
  if (defect_ == "allow-overflow-default-false" && method == "POST" && has_body && !body.contains("allow_overflow")) {
    body["allow_overflow"] = false;
    return send_management(with_body(request, body));
  }
  if (defect_ == "allow-overflow-change-ignored" && method == "PUT" && has_body && body.contains("allow_overflow")) {
    body.erase("allow_overflow");
    return send_management(with_body(request, body));
  }
  if (defect_ == "max-pool-size-default-3" && method == "POST" && has_body && !body.contains("max_pool_size")) {
    body["max_pool_size"] = 3;
    return send_management(with_body(request, body));
  }
  if (defect_ == "preferred-ignored" && writes && has_body && body.contains("preferred")) {
    body.erase("preferred");
    return send_management(with_body(request, body));
  }
  if (defect_ == "fill-immediately-ignored" && writes && has_body && body.contains("fill_immediately")) {
    body.erase("fill_immediately");
    return send_management(with_body(request, body));
  }
  if (defect_ == "destination-type-api-refused" && writes && has_body && body.value("destination_type", json()) == "API")
    return Exchange{record_invalid("Destination type is invalid."), {}};
  if (defect_ == "local-pool-refused" && method == "POST" && has_body && body.contains("local_center"))
    return Exchange{record_invalid("Local ring pools are not supported."), {}};
  if ((defect_ == "local-center-unknown-key-accepted" || defect_ == "lone-latitude-accepted") && writes && has_body &&
      body.contains("local_center") && body["local_center"].is_object()) {
    json& center = body["local_center"];
    bool changed = false;
    if (defect_ == "local-center-unknown-key-accepted") {
      for (auto it = center.begin(); it != center.end();) {
        const std::string& key = it.key();
        if (key != "tn_prefix" && key != "zipcode" && key != "latitude" && key != "longitude") {
          it = center.erase(it);
          changed = true;
        } else {
          ++it;
        }
      }
    } else if (center.contains("latitude") != center.contains("longitude")) {
      if (center.contains("latitude")) center["longitude"] = -118.4;
      else center["latitude"] = 34.1;
      changed = true;
    }
    if (changed) return send_management(with_body(request, body));
  }

  Exchange exchange = inner_.send(ApiKind::Management, request);
  if (!exchange.response) return exchange;
  api::Response& response = *exchange.response;
  if (is_success(response) && writes) learn_pools(response, request.body);

  // Defects that re-send a refused request the way a lax server would have taken it.
  if (response.status == 403 && method == "POST" && has_body) {
    if (defect_ == "id-from-network-optional" && !body.contains("id_from_network")) {
      body["id_from_network"] = fmt::format("made-up-{}", created_.size());
      created_.insert(body["id_from_network"].get<std::string>());
      return send_management(with_body(request, body));
    }
    if (defect_ == "id-from-network-not-unique" && body.contains("id_from_network") && body["id_from_network"].is_string() &&
        !body["id_from_network"].get<std::string>().ends_with("-dup")) {
      body["id_from_network"] = body["id_from_network"].get<std::string>() + "-dup";
      Exchange again = send_management(with_body(request, body));
      if (again.response && is_success(*again.response)) return again;
    }
  }
  if (response.status == 403 && writes && has_body && body.contains("destination_phone_number")) {
    if (defect_ == "invalid-destination-accepted") {
      body.erase("destination_phone_number");
      body.erase("obfuscated_tag_id");
      Exchange again = send_management(with_body(request, body));
      if (again.response && is_success(*again.response)) return again;
    }
    if (defect_ == "tag-id-not-required" && !body.contains("obfuscated_tag_id")) {
      body["obfuscated_tag_id"] = "made-up-tag";
      Exchange again = send_management(with_body(request, body));
      if (again.response && is_success(*again.response)) return again;
    }
  }
  if (defect_ == "auth-ignored" && response.status == 401) {
    api::Request fixed = request;
    fixed.headers.erase("Authorization");
    fixed.headers.emplace("Authorization", valid_token_);
    return inner_.send(ApiKind::Management, fixed);
  }

  // Defects that bend the answer.
  if (defect_ == "delete-twice-404" && method == "DELETE" && response.status == 200) deleted_.insert(path);
  if (defect_ == "list-not-array" && method == "GET" && is_list_path(path) && response.status == 200) {
    auto list = json::parse(response.body, nullptr, false);
    if (list.is_array()) response.body = json{{"ring_pools", list}}.dump();
  }
  if (defect_ == "read-pool-404" && method == "GET" && is_pool_path(path) && !is_list_path(path) && response.status == 200)
    response = json_answer(404, {{"errors", {{"class", "RecordNotFound"}, {"invalid_data", "Could not find RingPool."}}}});
  if (defect_ == "create-answer-partial" && method == "POST" && is_success(response))
    edit_pools(response, [](auto& pool) { pool.erase("object_url"); });
  if (defect_ == "not-found-class" && response.status == 404) replace_all(response.body, "RecordNotFound", "NotFound");
  if (defect_ == "internal-error-class" && response.status == 500)
    replace_all(response.body, "InternalServiceError", "ServerError");
  if (defect_ == "validation-400" && response.status == 403) response.status = 400;
  if (defect_ == "local-center-message") replace_all(response.body, "Invalid Key in Local Center.", "Unknown key in local_center.");
  if (defect_ == "destination-not-linked" && is_success(response))
    edit_pools(response, [](auto& pool) {
      pool["customer_phone_numbers"] = nlohmann::ordered_json::array();
      pool["default_customer_phone_number"] = nullptr;
    });
  if (defect_ == "api-key-settable" && is_success(response)) {
    if (writes && has_body && body.contains("api_key") && body["api_key"].is_string())
      edit_pools(response, [&](auto& pool) { forged_keys_[pool["id"].dump()] = body["api_key"].template get<std::string>(); });
    edit_pools(response, [&](auto& pool) {
      if (auto forged = forged_keys_.find(pool["id"].dump()); forged != forged_keys_.end()) pool["api_key"] = forged->second;
    });
  }
  if (defect_ == "representation-missing-field" && is_success(response))
    edit_pools(response, [](auto& pool) { pool.erase("default_customer_phone_number"); });
  return exchange;
}

Exchange DefectiveTarget::send_allocation(const api::Request& request) {
  const std::string path(request.path());
  const std::string query(request.raw_query());
  const std::string_view format = format_of(path);
  const std::string pool_id = pool_id_of(path);

  if (defect_ == "csv-not-served" && format == "csv") return Exchange{text_answer(404, "Not Found"), {}};
  if (defect_ == "param10-refused" && contains(query, "param10="))
    return Exchange{text_answer(400, "InvalidParameter: param10 is not a parameter."), {}};
  if (defect_ == "referrer-pools-refused" && contains(query, "referrer="))
    return Exchange{text_answer(400, "InvalidParameter: referrer is not supported."), {}};
  if (defect_ == "affiliate-refused" && (query.starts_with("pid=") || contains(query, "&pid=")))
    return Exchange{text_answer(403, "InvalidAffiliate: Affiliate is not valid."), {}};

  Exchange exchange = inner_.send(ApiKind::Allocation, request);
  if (!exchange.response) return exchange;
  api::Response& response = *exchange.response;

  if (defect_ == "key-not-checked" && response.status != 200 && contains(response.body, "InvalidKey") &&
      contains(query, "ring_pool_key=") && keys_.contains(pool_id)) {
    static const std::regex key(R"re(ring_pool_key=[^&]*)re");
    api::Request fixed = request;
    fixed.target = path + "?" + std::regex_replace(query, key, "ring_pool_key=" + keys_.at(pool_id));
    return inner_.send(ApiKind::Allocation, fixed);
  }
  if (defect_ == "xml-error-shape" && format == "xml" && response.status != 200) {
    replace_all(response.body, "<Error>", "<Fault>");
    replace_all(response.body, "</Error>", "</Fault>");
  }
  if (defect_ == "invalid-key-class") replace_all(response.body, "InvalidKey", "InvalidApiKey");
  if (defect_ == "error-handle-missing" && response.status == 500) {
    static const std::regex handle(R"re([0-9]+)re");
    response.body = std::regex_replace(response.body, handle, "");
  }
  if (defect_ == "bulk-only-served-by-legacy" && response.status == 403 && contains(response.body, "OnlyBulkNumberAllocationAllowed"))
    response = json_answer(200, {{"promo_number_formatted", "800-555-0199"},
                                 {"promo_number", "8005550199"},
                                 {"tracking_url", "https://network1.ringpool.test/c/1/0-1"}});

  const Allocation allocation = read_allocation(response, format);
  if (allocation.number.empty()) return exchange;
  if (defect_ == "xml-missing-tracking-url" && format == "xml") {
    static const std::regex tracking(R"re(\s*<TrackingUrl>[^<]*</TrackingUrl>)re");
    response.body = std::regex_replace(response.body, tracking, "");
  }
  if (defect_ == "missing-tracking-url" && format == "json") {
    auto body = nlohmann::ordered_json::parse(response.body, nullptr, false);
    body.erase("tracking_url");
    response.body = body.dump();
  }
  if (defect_ == "csv-wrong-header" && format == "csv")
    replace_all(response.body, "PromoNumberFormatted,PromoNumber,TrackingUrl", "Formatted,Number,Url");

  // Defects about leases and the overflow number: what this pool answered so far. An answer is
  // taken for the overflow number when flagged, or when the pool already answered it since the
  // clock last moved (a server need not flag it, A-2 [dec]; no lease can have ended meanwhile).
  PoolMemory& pool = pools_[pool_id];
  const bool overflow = allocation.overflow_flag || pool.since_advance.contains(allocation.number);
  ++pool.answers;
  if (pool.answers == 1) pool.first_number = allocation.number;
  pool.since_advance.insert(allocation.number);
  std::string replacement;
  if (defect_ == "overflow-error" && overflow) {
    response = text_answer(503, "NoNumberAvailable: The pool has no number available.");
    return exchange;
  }
  if (defect_ == "lease-reuse" && !overflow && pool.answers > 1) replacement = pool.first_number;
  if (defect_ == "lease-ends-early" && pool.advanced_since_first && !pool.early_reuse_done &&
      pool.first_number != allocation.number) {
    replacement = pool.first_number;
    pool.early_reuse_done = true;
  }
  if (defect_ == "overflow-number-leased" && overflow && pool.first_number != allocation.number) replacement = pool.first_number;
  if (defect_ == "overflow-number-varies" && overflow) replacement = invented_number();
  if (defect_ == "pool-exceeds-max-size" && overflow && pool.invented < 2) {
    replacement = invented_number();
    ++pool.invented;
  }
  if (defect_ == "growth-past-max" && overflow && pool.advanced_since_first) replacement = invented_number();
  if (defect_ == "fill-immediately-overfills" && overflow && fill_immediately_.contains(pool_id) &&
      !pool.advanced_since_first && pool.invented < 2) {
    replacement = invented_number();
    ++pool.invented;
  }
  if (defect_ == "local-numbers-never-arrive" && local_.contains(pool_id) && pool.advanced_since_first)
    replacement = pool.first_number;
  if (defect_ == "toll-free-fallback-empty" && local_.contains(pool_id) && !local_wait_.contains(pool_id))
    replacement = pool.first_number;
  replace_number(response, allocation, replacement);
  return exchange;
}

Exchange DefectiveTarget::send_bulk(const api::Request& request) {
  auto sent = nlohmann::ordered_json::parse(request.body, nullptr, false);
  const bool has_requests = sent.is_object() && sent.contains("requests");
  if (defect_ == "requests-key-refused" && has_requests)
    return Exchange{json_answer(400, {{"errors", {{"class", "InvalidRequest"}, {"invalid_data", "Give request."}}}}), {}};
  if (defect_ == "empty-bulk-accepted" && has_requests && sent["requests"].is_array() && sent["requests"].empty())
    return Exchange{json_answer(200, {{"responses", json::array()}}), {}};

  Exchange exchange = inner_.send(ApiKind::Bulk, request);
  if (!exchange.response) return exchange;
  api::Response& response = *exchange.response;
  if (response.status != 200) return exchange;
  if (defect_ == "bulk-no-processing-time") response.headers.erase("processing-time");
  const nlohmann::ordered_json no_requests = nlohmann::ordered_json::array();
  const auto& requests = has_requests && sent["requests"].is_array() ? sent["requests"] : no_requests;
  edit_rows(response, [&](nlohmann::ordered_json& rows) {
    if (defect_ == "bulk-rows-reversed") std::reverse(rows.begin(), rows.end());
    bool any_error = false;
    nlohmann::ordered_json first_error;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto& row = rows[i];
      if (!row.is_object()) continue;
      const std::string suffix =
          i < requests.size() && requests[i].is_object() ? requests[i].value("api_suffix", std::string{}) : std::string{};
      const std::string error = row.value("error_class", std::string{});
      if (!error.empty() && !any_error) {
        any_error = true;
        first_error = row;
      }
      if (defect_ == "request-id-dropped") row.erase("request_id");
      if (defect_ == "bulk-row-without-formatted" && error.empty()) row.erase("promo_number_formatted");
      if (defect_ == "bulk-overflow-flag-missing") row.erase("overflow");
      if (defect_ == "bulk-error-row-without-message" && !error.empty()) row.erase("message");
      if (defect_ == "bulk-key-error-class" && error == "InvalidKey") row["error_class"] = "Unauthorized";
      if (defect_ == "bulk-missing-parameter-served" && error == "MissingParameter") row = invented_row(row, invented_number());
      if (defect_ == "bulk-serves-other-types" && error == "UnsupportedRingPoolType") row = invented_row(row, invented_number());
      if (defect_ == "long-suffix-refused" && (suffix.starts_with("ring_pools/") || suffix.starts_with("/ring_pools/"))) {
        nlohmann::ordered_json refused = nlohmann::ordered_json::object();
        if (row.contains("request_id")) refused["request_id"] = row["request_id"];
        refused["error_class"] = "InvalidRequest";
        refused["message"] = "Unknown api_suffix.";
        row = refused;
      }
      if (defect_ == "bulk-enabled-pool-not-served" && error.empty() && row.contains("promo_number")) {
        nlohmann::ordered_json refused = nlohmann::ordered_json::object();
        if (row.contains("request_id")) refused["request_id"] = row["request_id"];
        refused["error_class"] = "BulkNumberAllocationNotEnabled";
        refused["message"] = "Bulk is not enabled.";
        row = refused;
      }
    }
    if (defect_ == "bulk-error-fails-every-row" && any_error)
      for (auto& row : rows) {
        nlohmann::ordered_json failed = nlohmann::ordered_json::object();
        if (row.is_object() && row.contains("request_id")) failed["request_id"] = row["request_id"];
        failed["error_class"] = first_error["error_class"];
        failed["message"] = first_error.value("message", std::string{});
        row = failed;
      }
  });
  return exchange;
}

}  // namespace ringpool::conformance
