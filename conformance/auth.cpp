#include "conformance/auth.hpp"

#include "conformance/client_url.hpp"

#include <fmt/format.h>

namespace ringpool::conformance {

void apply_auth(const Step& step, const Placeholders& placeholders, const std::string& run_prefix,
                api::Request& request, nlohmann::json* body) {
  const NetworkContext& context = placeholders.network(step.context);
  std::string token = context.token;
  if (step.auth == "wrong") token = fmt::format("wrong-{}", run_prefix);
  if (step.auth == "other-network") token = placeholders.network("second").token;
  if (step.auth == "none") return;
  if (step.auth == "query") append_query(request.target, "oauth_token=" + encode_query_component(token));
  else if (step.auth == "body" && body != nullptr) (*body)["oauth_token"] = token;
  else if (step.auth == "bearer") request.headers.emplace("Authorization", "Bearer " + token);
  else request.headers.emplace("Authorization", token);
}

}  // namespace ringpool::conformance
