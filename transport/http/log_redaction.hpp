// Redaction of secrets in request targets before they reach a log line: API tokens and pool keys
// travel in the query (oauth_token, ring_pool_key), and logs are shared more widely than tokens.
#pragma once

#include <string>
#include <string_view>

namespace ringpool::transport {

// The target with the value of every secret query parameter (oauth_token, ring_pool_key,
// api_key, access_token, token; names compared case-insensitively after percent-decoding)
// replaced by "<redacted>". A target that is not a valid origin-form is reduced to its path.
std::string redact_target(std::string_view target);

}  // namespace ringpool::transport
