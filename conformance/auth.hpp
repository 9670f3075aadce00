// How a management step authenticates (M-6): the token of its network in the form the run found
// the server takes (default, token_form.hpp), in the Authorization header, as a Bearer token, as the oauth_token query
// parameter or body key, none, a wrong token, or another network's token. The step's `auth` key
// chooses.
#pragma once

#include "conformance/placeholders.hpp"
#include "conformance/scenario.hpp"
#include "reference/api/http_types.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::conformance {

// `body` is the JSON body about to be sent (null when the step sends none or a verbatim one);
// `run_prefix` makes the wrong token unique to the run.
void apply_auth(const Step& step, const Placeholders& placeholders, const std::string& run_prefix,
                api::Request& request, nlohmann::json* body);

}  // namespace ringpool::conformance
