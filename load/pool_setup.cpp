#include "load/pool_setup.hpp"

#include "conformance/clock_body.hpp"

#include <boost/url/url.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ringpool::load {

namespace {

using transport::ClientAnswer;

std::string management_base(const conformance::NetworkContext& context) {
  boost::urls::url url;
  url.set_path("/api/2022-08-01");
  auto segments = url.segments();
  segments.push_back(std::to_string(context.network));
  segments.push_back("advertisers");
  segments.push_back(context.advertiser);
  segments.push_back("advertiser_campaigns");
  segments.push_back(context.campaign);
  segments.push_back("ring_pools");
  return std::string(url.encoded_path());
}

std::string excerpt(const std::string& text) { return text.size() <= 300 ? text : text.substr(0, 300) + "..."; }

}  // namespace

PoolSetup::PoolSetup(transport::HttpClientLoop& loop, std::size_t connection, const LoadOptions& options, std::string target_base)
    : loop_(loop), connection_(connection), options_(options), target_base_(std::move(target_base)) {}

api::Request PoolSetup::control_request(std::string method, std::string target, std::string body) const {
  api::Request request = api::make_request(std::move(method), std::move(target), std::move(body));
  request.headers.emplace("X-Control-Token", options_.control_token);
  if (!request.body.empty()) request.headers.emplace("Content-Type", "application/json");
  return request;
}

std::expected<ClockProbe, std::string> PoolSetup::probe_clock() {
  ClockProbe out;
  if (options_.control_token.empty()) return out;
  const ClientAnswer answer = loop_.call(connection_, control_request("GET", "/_control/clock"));
  if (!answer.response) return std::unexpected(fmt::format("cannot reach {}: {}", target_base_, answer.transport_error));
  out.status = answer.response->status;
  if (answer.response->status == 200) out.now_ms = conformance::clock_ms_of(answer.response->body);
  const auto server = answer.response->headers.find("Server");
  out.ringpool_server = server != answer.response->headers.end() && server->second.starts_with("ringpool/");
  return out;
}

std::optional<std::int64_t> PoolSetup::read_clock() {
  const ClientAnswer answer = loop_.call(connection_, control_request("GET", "/_control/clock"));
  if (!answer.response || answer.response->status != 200) return std::nullopt;
  return conformance::clock_ms_of(answer.response->body);
}

std::string PoolSetup::run_prefix() const { return fmt::format("{}-s{}-", options_.run_id, options_.shard_index); }

std::expected<void, std::string> PoolSetup::create_pools(std::vector<PoolInfo>& pools) {
  const conformance::NetworkContext* primary = options_.description.context("primary");
  const conformance::NetworkContext* bulk = options_.description.context("bulk");
  if (primary == nullptr) return std::unexpected("the target description has no [primary] table");
  const bool wants_bulk = options_.mix.weight(RequestKind::Bulk) > 0;
  if (wants_bulk && bulk == nullptr) return std::unexpected("the mix has bulk requests but the target description has no [bulk] table");
  for (int group = 0; group < (wants_bulk ? 2 : 1); ++group) {
    const conformance::NetworkContext& context = group == 0 ? *primary : *bulk;
    for (int i = 0; i < options_.pools; ++i) {
      PoolInfo pool;
      pool.table = group == 0 ? "primary" : "bulk";
      pool.base = management_base(context);
      pool.token = context.token;
      pool.token_form = context.token_form;
      pool.facts.id_from_network = fmt::format("{}{}{}", run_prefix(), group == 0 ? "p" : "b", i);
      pool.facts.lifetime_ms = std::int64_t{options_.lifetime_seconds} * 1000;
      pool.facts.max_pool_size = options_.pool_size;
      pool.facts.allow_overflow = true;
      pool.facts.bulk = group == 1;
      nlohmann::ordered_json body;
      body["id_from_network"] = pool.facts.id_from_network;
      body["name"] = fmt::format("ringpool load {}", options_.run_id);
      body["max_pool_size"] = options_.pool_size;
      body["lifetime_seconds"] = options_.lifetime_seconds;
      body["fill_immediately"] = true;
      body["allow_overflow"] = true;
      api::Request request = api::make_request("POST", pool.base + ".json", body.dump());
      conformance::attach_token(request, pool.token, pool.token_form);
      request.headers.emplace("Content-Type", "application/json");
      const ClientAnswer answer = loop_.call(connection_, request);
      if (!answer.response) return std::unexpected(fmt::format("cannot reach {}: {}", target_base_, answer.transport_error));
      const auto created = nlohmann::json::parse(answer.response->body, nullptr, false);
      const std::string& id_field = options_.description.pool_id_field;
      const std::string& key_field = options_.description.pool_key_field;
      const bool has_id = created.is_object() && created.contains(id_field) &&
                          (created[id_field].is_number_integer() ||
                           (created[id_field].is_string() && !created[id_field].get<std::string>().empty() && created[id_field].get<std::string>().size() <= 18 &&
                            std::all_of(created[id_field].get<std::string>().begin(), created[id_field].get<std::string>().end(),
                                        [](char c) { return c >= '0' && c <= '9'; })));
      if ((answer.response->status != 200 && answer.response->status != 201) || !has_id || !created.contains(key_field) ||
          !created[key_field].is_string())
        return std::unexpected(fmt::format("could not create pool {} (POST {}.json answered {}): {}", pool.facts.id_from_network,
                                           pool.base, answer.response->status, excerpt(answer.response->body)));
      const auto& id = created[id_field];
      pool.facts.id = id.is_number_integer() ? id.get<std::int64_t>() : std::stoll(id.get<std::string>());
      pool.key = created[key_field].get<std::string>();
      pools.push_back(std::move(pool));
    }
  }
  return {};
}

std::optional<nlohmann::json> PoolSetup::pool_view(std::int64_t id) {
  const ClientAnswer answer = loop_.call(connection_, control_request("GET", fmt::format("/_control/ring_pools/{}", id)));
  if (!answer.response || answer.response->status != 200) return std::nullopt;
  auto view = nlohmann::json::parse(answer.response->body, nullptr, false);
  if (!view.is_object()) return std::nullopt;
  return view;
}

std::vector<std::string> PoolSetup::delete_pools(const std::vector<PoolInfo>& pools) {
  std::vector<std::string> problems;
  for (const PoolInfo& pool : pools) {
    api::Request request = api::make_request("DELETE", fmt::format("{}/{}.json", pool.base, pool.facts.id_from_network));
    conformance::attach_token(request, pool.token, pool.token_form);
    const ClientAnswer answer = loop_.call(connection_, request);
    if (!answer.response || answer.response->status != 200)
      problems.push_back(fmt::format("could not delete pool {}: {}", pool.facts.id_from_network,
                                     answer.response ? excerpt(answer.response->body) : answer.transport_error));
  }
  return problems;
}

std::optional<std::vector<std::string>> PoolSetup::listed_ids(const PoolInfo& pool) {
  api::Request request = api::make_request("GET", pool.base + ".json");
  conformance::attach_token(request, pool.token, pool.token_form);
  const ClientAnswer answer = loop_.call(connection_, request);
  if (!answer.response || answer.response->status != 200) return std::nullopt;
  const auto body = nlohmann::json::parse(answer.response->body, nullptr, false);
  if (!body.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const auto& listed : body)
    if (listed.is_object() && listed.contains("id_from_network") && listed["id_from_network"].is_string())
      out.push_back(listed["id_from_network"].get<std::string>());
  return out;
}

std::vector<std::string> PoolSetup::leftovers(const std::vector<PoolInfo>& pools) {
  std::vector<std::string> out;
  std::set<std::string> campaigns;
  for (const PoolInfo& pool : pools) {
    if (!campaigns.insert(pool.base).second) continue;
    const auto listed = listed_ids(pool);
    if (!listed) continue;
    for (const std::string& id : *listed) {
      if (!id.starts_with(run_prefix())) continue;
      api::Request request = api::make_request("DELETE", fmt::format("{}/{}.json", pool.base, id));
      conformance::attach_token(request, pool.token, pool.token_form);
      const ClientAnswer answer = loop_.call(connection_, request);
      const auto again = listed_ids(pool);
      if (again && std::find(again->begin(), again->end(), id) == again->end()) continue;
      out.push_back(fmt::format("{}: still listed after it was deleted ({})", id,
                                answer.response ? fmt::format("DELETE answered {}", answer.response->status)
                                                : answer.transport_error));
    }
  }
  return out;
}

}  // namespace ringpool::load
