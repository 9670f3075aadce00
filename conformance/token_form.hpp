// How the API token travels to the management API. M-6 [doc]: in the Authorization header, as the
// oauth_token query parameter, or as an oauth_token body key; [dec]: the header as `<token>` (the
// vendor's recommended form) or `Bearer <token>`. A valid server may take only one header form,
// so a run learns the form from the target file (`token_form`) or from preflight, which tries
// them in order on a request that reads only, and every request of the run then uses it.
#pragma once

#include "reference/api/http_types.hpp"

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ringpool::conformance {

enum class TokenForm { Header, Bearer, Query };

// Preflight's order: the documents' header first; the query parameter last, since a vendor's
// access log keeps URLs (the suite redacts it in its own reports, a vendor's log may not).
inline constexpr std::array<TokenForm, 3> kTokenForms = {TokenForm::Header, TokenForm::Bearer, TokenForm::Query};

std::string_view token_form_name(TokenForm form);            // "header", "bearer", "query"
std::optional<TokenForm> parse_token_form(std::string_view name);
// What the request carries, for people: "Authorization: <token>", "oauth_token=<token>", ...
std::string_view token_form_shape(TokenForm form);

// Puts `token` on `request` in `form` (the query form appends to the target's query).
void attach_token(api::Request& request, const std::string& token, TokenForm form);

}  // namespace ringpool::conformance
