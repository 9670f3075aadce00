#include "conformance/cleanup.hpp"

#include "conformance/client_url.hpp"
#include "conformance/response_view.hpp"
#include "reference/api/wire_paths.hpp"

namespace ringpool::conformance {

void clean_up(Target& target, const ScenarioState& state, const TargetDescription& description,
              RunListener* listener) {
  for (auto it = state.created.rbegin(); it != state.created.rend(); ++it) {
    const PoolRecord& pool = state.pools.at(*it);
    const NetworkContext* context = description.context(pool.context);
    if (context == nullptr) continue;
    api::Request request;
    request.method = "DELETE";
    request.target = management_base(*context, pool.campaign.empty() ? context->campaign : pool.campaign) + "/" +
                     encode_path_segment(pool.name) + std::string(api::wire::kJsonExtension);
    request.headers.emplace("Authorization", context->token);
    const Exchange exchange = target.send(ApiKind::Management, request);
    if (listener != nullptr && exchange.response)
      listener->exchanged(ApiKind::Management, request, ResponseView(*exchange.response, "json"));
  }
}

}  // namespace ringpool::conformance
