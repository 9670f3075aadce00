#include "conformance/token_form.hpp"

#include "conformance/client_url.hpp"

namespace ringpool::conformance {

namespace {

// Each form's name (the target file's token_form) and what it sends, in kTokenForms' order.
struct FormText {
  TokenForm form;
  std::string_view name, shape;
};
constexpr FormText kFormTexts[] = {{TokenForm::Header, "header", "Authorization: <token>"},
                                   {TokenForm::Bearer, "bearer", "Authorization: Bearer <token>"},
                                   {TokenForm::Query, "query", "the oauth_token query parameter"}};

const FormText& text_of(TokenForm form) {
  for (const FormText& text : kFormTexts)
    if (text.form == form) return text;
  return kFormTexts[0];
}

}  // namespace

std::string_view token_form_name(TokenForm form) { return text_of(form).name; }

std::optional<TokenForm> parse_token_form(std::string_view name) {
  for (const FormText& text : kFormTexts)
    if (text.name == name) return text.form;
  return std::nullopt;
}

std::string_view token_form_shape(TokenForm form) { return text_of(form).shape; }

void attach_token(api::Request& request, const std::string& token, TokenForm form) {
  switch (form) {
    case TokenForm::Header: request.headers.emplace("Authorization", token); return;
    case TokenForm::Bearer: request.headers.emplace("Authorization", "Bearer " + token); return;
    case TokenForm::Query: append_query(request.target, "oauth_token=" + encode_query_component(token)); return;
  }
}

}  // namespace ringpool::conformance
