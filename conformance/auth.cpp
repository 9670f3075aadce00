#include "conformance/auth.hpp"

#include "conformance/token_form.hpp"

#include <fmt/format.h>

namespace ringpool::conformance {

void apply_auth(const Step& step, const Placeholders& placeholders, const std::string& run_prefix,
                api::Request& request, nlohmann::json* body) {
  const NetworkContext& context = placeholders.network(step.context);
  if (step.auth == "none") return;
  if (step.auth == "query") attach_token(request, context.token, TokenForm::Query);
  else if (step.auth == "body" && body != nullptr) (*body)["oauth_token"] = context.token;
  else if (step.auth == "bearer") attach_token(request, context.token, TokenForm::Bearer);
  // M-6 [doc]: the Authorization header takes the token, in a form of the server's (M-6 [dec]);
  // a server that took it only as oauth_token= fails here.
  else if (step.auth == "header")
    attach_token(request, context.token, context.token_form == TokenForm::Query ? TokenForm::Header : context.token_form);
  // A wrong token, or another network's, goes the way the server takes a token: refused for
  // what it is, not for its form.
  else if (step.auth == "wrong") attach_token(request, fmt::format("wrong-{}", run_prefix), context.token_form);
  else if (step.auth == "other-network") {
    const NetworkContext& other = placeholders.network("second");
    attach_token(request, other.token, other.token_form);
  } else attach_token(request, context.token, context.token_form);
}

}  // namespace ringpool::conformance
