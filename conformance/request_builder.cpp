#include "conformance/request_builder.hpp"

#include "conformance/auth.hpp"
#include "conformance/client_url.hpp"
#include "reference/api/wire_paths.hpp"

#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include <vector>

namespace ringpool::conformance {

std::string RequestBuilder::campaign_of(const Step& step, const NetworkContext& context) const {
  if (step.campaign.empty()) {
    auto pool = state_.pools.find(step.alias);
    const bool alias_step = step.kind != StepKind::ListPools && step.kind != StepKind::Request;
    return alias_step && pool != state_.pools.end() && !pool->second.campaign.empty() ? pool->second.campaign
                                                                                       : context.campaign;
  }
  if (step.campaign == "second") {
    if (context.second_campaign.empty())
      throw MissingPrerequisite(fmt::format("the [{}] network has no second_campaign", step.context));
    return context.second_campaign;
  }
  return placeholders_.expand(step.campaign);
}

std::string RequestBuilder::pool_id_from_network(const Step& step) const {
  if (step.id) return placeholders_.expand(*step.id);
  return placeholders_.pool(step.alias).name;
}

std::string RequestBuilder::expanded_query(const StringPairs& pairs) const {
  StringPairs expanded;
  expanded.reserve(pairs.size());
  for (const auto& [name, value] : pairs) expanded.emplace_back(placeholders_.expand(name), placeholders_.expand(value));
  return query_string(expanded);
}

nlohmann::ordered_json RequestBuilder::bulk_row(const BulkRow& row) const {
  if (row.raw) return nlohmann::ordered_json(placeholders_.expand_json(*row.raw));
  nlohmann::ordered_json out;
  if (row.suffix) {
    out["api_suffix"] = placeholders_.expand(*row.suffix);
  } else {
    const PoolRecord& pool = placeholders_.pool(*row.pool);
    const std::string key = row.key ? placeholders_.expand(*row.key) : pool.key;
    StringPairs query;
    if (key != kOmitValue) query.emplace_back("ring_pool_key", key);
    for (const auto& [name, value] : row.params) query.emplace_back(name, value);
    // B-2's forms: ring_pools/<id>/..., <id>/... and /ring_pools/<id>/...
    const std::string prefix = row.form == "short"   ? ""
                               : row.form == "slash" ? "/" + std::string(api::wire::kLegacyPoolsSegment)
                                                     : std::string(api::wire::kLegacyPoolsSegment);
    std::string suffix = fmt::format("{}{}/{}{}", prefix, pool.id, api::wire::kLegacyAction, row.format);
    append_query(suffix, expanded_query(query));
    out["api_suffix"] = suffix;
  }
  if (row.request_id) out["request_id"] = nlohmann::ordered_json(placeholders_.expand_json(*row.request_id));
  return out;
}

bool RequestBuilder::own_id(const std::string& id) const {
  if (!state_.run_prefix.empty() && id.find(state_.run_prefix) != std::string::npos) return true;
  for (const auto& [alias, pool] : state_.pools)
    if (pool.name == id) return true;
  return false;
}

void RequestBuilder::require_own_ids(const OutgoingRequest& out) const {
  const api::Request& request = out.request;
  if (out.api != ApiKind::Management || request.method == "GET" || request.method == "HEAD") return;
  const auto refuse = [](const std::string& why) {
    throw NotSentToLiveTarget(fmt::format("not sent to a live server: {}, which the run cannot make its own (it could "
                                          "change what the run did not create); in process only",
                                          why));
  };
  // /api/<version>/<network>/advertisers/<a>/advertiser_campaigns/<c>/ring_pools[/<id>].json
  if (auto parsed = boost::urls::parse_origin_form(request.target)) {
    std::vector<std::string> segments;
    for (const std::string segment : parsed->segments()) segments.push_back(segment);
    if (segments.size() >= 7 && segments[0] == "api" && segments[3] == "advertisers" && segments[5] == "advertiser_campaigns") {
      bool advertiser_declared = false, campaign_declared = false;
      for (const auto& [name, context] : options_.description.contexts) {
        advertiser_declared = advertiser_declared || context.advertiser == segments[4];
        campaign_declared = campaign_declared || context.campaign == segments[6] || context.second_campaign == segments[6];
      }
      if (!advertiser_declared && !own_id(segments[4])) refuse(fmt::format("advertiser '{}' is not in the target file", segments[4]));
      if (!campaign_declared && !own_id(segments[6])) refuse(fmt::format("campaign '{}' is not in the target file", segments[6]));
      if (segments.size() >= 9) {
        std::string id = segments[8];
        if (id.ends_with(api::wire::kJsonExtension)) id.resize(id.size() - api::wire::kJsonExtension.size());
        if (!own_id(id)) refuse(fmt::format("it addresses pool '{}'", id.size() > 40 ? id.substr(0, 40) + "..." : id));
      }
    }
  }
  nlohmann::json body = out.body ? *out.body : nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object()) return;
  const auto id = body.find("id_from_network");
  if (id == body.end()) return;
  if (id->is_string() && id->get_ref<const std::string&>().empty()) refuse("an empty id_from_network");
  if (id->is_string() && !own_id(id->get<std::string>())) refuse(fmt::format("id_from_network '{}'", id->get<std::string>()));
  if (id->is_number() && !(id->is_number_integer() && id->get<std::int64_t>() == run_number(state_.run_prefix)))
    refuse(fmt::format("id_from_network {} (give \"${{run_number}}\" for a number unique to the run)", id->dump()));
  if (!id->is_string() && !id->is_number()) refuse(fmt::format("id_from_network {}", id->dump()));
}

OutgoingRequest RequestBuilder::build(const Step& step) const {
  (void)placeholders_.network(step.context);  // a step on a network the description lacks cannot run
  OutgoingRequest out;
  if (step.body_json) out.body = placeholders_.expand_json(*step.body_json);
  step_kind_info(step.kind).build(*this, step, out);

  api::Request& request = out.request;
  append_query(request.target, expanded_query(step.query));
  for (const auto& [name, value] : step.headers) request.headers.emplace(placeholders_.expand(name), placeholders_.expand(value));
  if (out.api == ApiKind::Management)
    apply_auth(step, placeholders_, state_.run_prefix, request, out.body ? &*out.body : nullptr);
  if (out.api == ApiKind::Control && !request.header("X-Control-Token"))
    request.headers.emplace("X-Control-Token", options_.control_token);
  // A header given as "<omit>" is not sent (e.g. the control token, to test its absence).
  for (auto it = request.headers.begin(); it != request.headers.end();)
    it = it->second == kOmitValue ? request.headers.erase(it) : std::next(it);
  if (step.body_text) request.body = placeholders_.expand(*step.body_text);
  else if (out.body) request.body = out.body->dump();
  if (!request.body.empty() && !request.header("Content-Type")) request.headers.emplace("Content-Type", "application/json");
  if (state_.live_target) require_own_ids(out);
  return out;
}

}  // namespace ringpool::conformance
