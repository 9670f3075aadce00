#include "conformance/cleanup.hpp"

#include "conformance/client_url.hpp"
#include "conformance/response_view.hpp"
#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace ringpool::conformance {

namespace {

api::Request delete_request(const NetworkContext& context, const std::string& campaign, const std::string& id) {
  api::Request request;
  request.method = "DELETE";
  request.target = management_base(context, campaign) + "/" + encode_path_segment(id) + std::string(api::wire::kJsonExtension);
  attach_token(request, context.token, context.token_form);
  return request;
}

// Sets Bulk enablement back where the target file declares it, for every scope a set_bulk step of
// the scenario named (whether or not the step ran: setting the declared value changes nothing).
void restore_bulk_enablement(Target& target, const Scenario& scenario, const RunOptions& options, RunListener* listener) {
  std::set<std::pair<std::string, std::string>> scopes;  // (table, scope)
  for (const Step& step : scenario.steps)
    if (step.kind == StepKind::SetBulk) scopes.emplace(step.context, step.scope);
  for (const auto& [table, scope] : scopes) {
    const NetworkContext* context = options.description.context(table);
    if (context == nullptr) continue;
    nlohmann::ordered_json body{{"network", context->network}};
    if (scope == "advertiser") body["advertiser"] = context->advertiser;
    if (scope == "affiliate") body["affiliate"] = context->affiliate;
    body["enabled"] = declared_bulk_enabled(options.description, table, scope);
    api::Request request = api::make_request("POST", std::string(api::wire::kControlBulkPath), body.dump(),
                                             {{"Content-Type", "application/json"}, {"X-Control-Token", options.control_token}});
    const Exchange exchange = target.send(ApiKind::Control, request);
    if (listener != nullptr && exchange.response)
      listener->exchanged(ApiKind::Control, request, ResponseView(*exchange.response, "json"));
  }
}

// The ids of every pool `campaign` lists, or nullopt when it did not answer a list.
std::optional<std::vector<std::string>> listed_ids(Target& target, const NetworkContext& context, const std::string& campaign) {
  api::Request request = api::make_request("GET", management_base(context, campaign) + std::string(api::wire::kJsonExtension));
  attach_token(request, context.token, context.token_form);
  const Exchange exchange = target.send(ApiKind::Management, request);
  if (!exchange.response || exchange.response->status != 200) return std::nullopt;
  const auto body = nlohmann::json::parse(exchange.response->body, nullptr, false);
  if (!body.is_array()) return std::nullopt;
  std::vector<std::string> out;
  for (const nlohmann::json& pool : body)
    if (pool.is_object() && pool.contains("id_from_network") && pool["id_from_network"].is_string())
      out.push_back(pool["id_from_network"].get<std::string>());
  return out;
}

}  // namespace

bool declared_bulk_enabled(const TargetDescription& description, std::string_view table, std::string_view scope) {
  if (description.context(table) == nullptr) return false;
  return table == "bulk" && (scope == "advertiser" || scope == "affiliate");
}

std::vector<CreatedPool> clean_up(Target& target, const Scenario& scenario, const ScenarioState& state,
                                  const RunOptions& options, RunListener* listener) {
  std::vector<CreatedPool> out;
  for (auto it = state.created.rbegin(); it != state.created.rend(); ++it) {
    const PoolRecord& pool = state.pools.at(*it);
    const NetworkContext* context = options.description.context(pool.context);
    if (context == nullptr) continue;
    const std::string campaign = pool.campaign.empty() ? context->campaign : pool.campaign;
    const api::Request request = delete_request(*context, campaign, pool.name);
    const Exchange exchange = target.send(ApiKind::Management, request);
    if (listener != nullptr && exchange.response)
      listener->exchanged(ApiKind::Management, request, ResponseView(*exchange.response, "json"));
    const bool gone = exchange.response && (exchange.response->status == 200 || exchange.response->status == 404);
    out.push_back(CreatedPool{pool.context, campaign, pool.name, gone});
  }
  restore_bulk_enablement(target, scenario, options, listener);
  return out;
}

std::vector<std::string> remove_run_leftovers(Target& target, const TargetDescription& description,
                                              const std::vector<std::string>& prefixes, const RunResult& run) {
  // (table, campaign) -> ids a scenario created there
  std::map<std::pair<std::string, std::string>, std::set<std::string>> created;
  for (const ScenarioResult& scenario : run.scenarios)
    for (const CreatedPool& pool : scenario.created) created[{pool.table, pool.campaign}].insert(pool.id_from_network);
  // The campaigns the run created pools in; every declared one when an answer never came (a
  // create that timed out may have made a pool nobody recorded) or the run was interrupted.
  std::set<std::pair<std::string, std::string>> campaigns;
  for (const auto& [where, ids] : created) campaigns.insert(where);
  const bool lost_answers = run.interrupted || std::any_of(run.scenarios.begin(), run.scenarios.end(), [](const ScenarioResult& scenario) {
                              return scenario.outcome == Outcome::Unknown;
                            });
  if (lost_answers)
    for (const auto& [table, context] : description.contexts) {
      campaigns.emplace(table, context.campaign);
      if (!context.second_campaign.empty()) campaigns.emplace(table, context.second_campaign);
    }

  std::vector<std::string> leftovers;
  std::set<std::tuple<std::int64_t, std::string, std::string>> seen;  // (network, campaign, id): tables may share a campaign
  for (const auto& [table, campaign] : campaigns) {
    const NetworkContext* context = description.context(table);
    if (context == nullptr) continue;
    const auto ours = [&](const std::string& id) {
      auto it = created.find({table, campaign});
      const bool prefixed =
          std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& prefix) { return !prefix.empty() && id.starts_with(prefix); });
      return prefixed || (it != created.end() && it->second.contains(id));
    };
    const auto listed = listed_ids(target, *context, campaign);
    if (!listed) continue;  // a campaign that does not list cannot be searched (preflight said why)
    for (const std::string& id : *listed) {
      if (!ours(id) || !seen.emplace(context->network, campaign, id).second) continue;
      const Exchange exchange = target.send(ApiKind::Management, delete_request(*context, campaign, id));
      std::string why = exchange.response ? fmt::format("DELETE answered {}", exchange.response->status)
                                          : fmt::format("DELETE got no answer ({})", exchange.transport_error);
      const auto again = listed_ids(target, *context, campaign);
      if (again && std::find(again->begin(), again->end(), id) == again->end()) continue;  // removed now
      leftovers.push_back(fmt::format("[{}] {}/{}: still listed after the run deleted it ({})", table, campaign, id, why));
    }
  }
  return leftovers;
}

}  // namespace ringpool::conformance
