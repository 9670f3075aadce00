#include "conformance/defects.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ringpool::conformance {

namespace {

bool is_legacy_json(const api::Request& request) {
  return request.path().find("/allocate_number.json") != std::string_view::npos;
}

std::string pool_id_of(std::string_view path) {
  const auto start = path.find("/ring_pools/");
  if (start == std::string_view::npos) return {};
  const auto id_start = start + 12;
  const auto end = path.find('/', id_start);
  return std::string(path.substr(id_start, end == std::string_view::npos ? std::string_view::npos : end - id_start));
}

api::Response json_answer(int status, const nlohmann::json& body) {
  api::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}

}  // namespace

const std::vector<DefectInfo>& known_defects() {
  static const std::vector<DefectInfo> defects = {
      {"list-not-array", "M-1", "the list of ring pools comes wrapped in an object instead of a JSON array"},
      {"create-not-idempotent", "M-3", "creating a pool whose id_from_network exists fails instead of updating it"},
      {"delete-twice-404", "M-5", "deleting an already deleted pool answers 404 instead of 200 {}"},
      {"auth-ignored", "M-6", "a missing or wrong API token is accepted"},
      {"missing-tracking-url", "A-2", "legacy json allocations omit tracking_url"},
      {"invalid-key-class", "A-4", "a wrong ring_pool_key answers class InvalidApiKey instead of InvalidKey"},
      {"bulk-only-served-by-legacy", "A-11", "a bulk-served pool answers the legacy API with a number"},
      {"overflow-error", "A-12", "an exhausted pool answers an error instead of its overflow number"},
      {"lease-reuse", "P-1", "a number under an active lease is handed out again"},
      {"request-id-dropped", "B-3", "Bulk rows do not echo request_id"},
      {"bulk-rows-reversed", "B-4", "Bulk response rows come in reverse request order"},
      {"bulk-no-processing-time", "B-10", "Bulk responses lack the processing-time header"},
  };
  return defects;
}

const DefectInfo* find_defect(std::string_view name) {
  for (const DefectInfo& defect : known_defects())
    if (defect.name == name) return &defect;
  return nullptr;
}

DefectiveTarget::DefectiveTarget(Target& inner, std::string defect, std::string valid_token)
    : inner_(inner), defect_(std::move(defect)), valid_token_(std::move(valid_token)) {}

std::expected<void, std::string> DefectiveTarget::begin_scenario(std::uint64_t seed,
                                                                 const std::optional<std::string>& world_toml) {
  deleted_.clear();
  created_.clear();
  first_number_.clear();
  return inner_.begin_scenario(seed, world_toml);
}

Exchange DefectiveTarget::send(ApiKind api, const api::Request& request) {
  const std::string path(request.path());
  if (defect_ == "delete-twice-404" && api == ApiKind::Management && request.method == "DELETE" && deleted_.contains(path))
    return Exchange{json_answer(404, {{"errors", {{"class", "RecordNotFound"}, {"invalid_data", "Already deleted."}}}}), {}};
  if (defect_ == "create-not-idempotent" && api == ApiKind::Management && request.method == "POST") {
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("id_from_network")) {
      const std::string key = path + "#" + body["id_from_network"].dump();
      if (created_.contains(key))
        return Exchange{json_answer(403, {{"errors", {{"class", "RecordInvalid"}, {"invalid_data", "Already exists."}}}}), {}};
      Exchange exchange = inner_.send(api, request);
      if (exchange.response && exchange.response->status >= 200 && exchange.response->status < 300) created_.insert(key);
      return exchange;
    }
  }

  Exchange exchange = inner_.send(api, request);
  if (!exchange.response) return exchange;
  api::Response& response = *exchange.response;

  if (defect_ == "delete-twice-404" && api == ApiKind::Management && request.method == "DELETE" && response.status == 200)
    deleted_.insert(path);
  if (defect_ == "auth-ignored" && api == ApiKind::Management && response.status == 401) {
    api::Request fixed = request;
    fixed.headers.erase("Authorization");
    fixed.headers.emplace("Authorization", valid_token_);
    return inner_.send(api, fixed);
  }
  if (defect_ == "list-not-array" && api == ApiKind::Management && request.method == "GET" && path.ends_with("/ring_pools.json") &&
      response.status == 200) {
    auto list = nlohmann::json::parse(response.body, nullptr, false);
    if (list.is_array()) response.body = nlohmann::json{{"ring_pools", list}}.dump();
  }
  if (api == ApiKind::Allocation && is_legacy_json(request)) {
    auto body = nlohmann::json::parse(response.body, nullptr, false);
    const bool allocation = response.status == 200 && body.is_object() && body.contains("promo_number");
    if (defect_ == "missing-tracking-url" && allocation) {
      body.erase("tracking_url");
      response.body = body.dump();
    }
    if (defect_ == "overflow-error" && allocation && body.value("overflow", false)) {
      response.status = 503;
      response.content_type = "text/plain";
      response.body = "NoNumberAvailable: The pool has no number available.";
    }
    if (defect_ == "lease-reuse" && allocation && !body.value("overflow", false)) {
      auto [it, fresh] = first_number_.emplace(pool_id_of(path), body["promo_number"].get<std::string>());
      if (!fresh) {
        const std::string& number = it->second;
        body["promo_number"] = number;
        body["promo_number_formatted"] = number.substr(0, 3) + "-" + number.substr(3, 3) + "-" + number.substr(6);
        response.body = body.dump();
      }
    }
    if (defect_ == "bulk-only-served-by-legacy" && response.status == 403 &&
        response.body.find("OnlyBulkNumberAllocationAllowed") != std::string::npos) {
      response = json_answer(200, {{"promo_number_formatted", "800-555-0199"},
                                   {"promo_number", "8005550199"},
                                   {"tracking_url", "https://network1.ringpool.test/c/1/0-1"}});
    }
  }
  if (defect_ == "invalid-key-class" && api == ApiKind::Allocation) {
    const auto at = response.body.find("InvalidKey");
    if (at != std::string::npos) response.body.replace(at, 10, "InvalidApiKey");
  }
  if (api == ApiKind::Bulk && response.status == 200) {
    if (defect_ == "bulk-no-processing-time") response.headers.erase("processing-time");
    if (defect_ == "bulk-rows-reversed" || defect_ == "request-id-dropped") {
      auto body = nlohmann::ordered_json::parse(response.body, nullptr, false);
      if (body.is_object() && body.contains("responses") && body["responses"].is_array()) {
        auto& rows = body["responses"];
        if (defect_ == "bulk-rows-reversed") std::reverse(rows.begin(), rows.end());
        else
          for (auto& row : rows) row.erase("request_id");
        response.body = body.dump();
      }
    }
  }
  return exchange;
}

}  // namespace ringpool::conformance
