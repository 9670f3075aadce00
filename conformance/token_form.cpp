#include "conformance/token_form.hpp"

#include "conformance/client_url.hpp"

namespace ringpool::conformance {

std::string_view token_form_name(TokenForm form) {
  switch (form) {
    case TokenForm::Header: return "header";
    case TokenForm::Bearer: return "bearer";
    case TokenForm::Query: return "query";
  }
  return "header";
}

std::optional<TokenForm> parse_token_form(std::string_view name) {
  for (TokenForm form : kTokenForms)
    if (token_form_name(form) == name) return form;
  return std::nullopt;
}

std::string_view token_form_shape(TokenForm form) {
  switch (form) {
    case TokenForm::Header: return "Authorization: <token>";
    case TokenForm::Bearer: return "Authorization: Bearer <token>";
    case TokenForm::Query: return "the oauth_token query parameter";
  }
  return "Authorization: <token>";
}

void attach_token(api::Request& request, const std::string& token, TokenForm form) {
  switch (form) {
    case TokenForm::Header: request.headers.emplace("Authorization", token); return;
    case TokenForm::Bearer: request.headers.emplace("Authorization", "Bearer " + token); return;
    case TokenForm::Query: append_query(request.target, "oauth_token=" + encode_query_component(token)); return;
  }
}

}  // namespace ringpool::conformance
