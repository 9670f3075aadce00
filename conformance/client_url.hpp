// The conformance client's side of URLs: the paths it sends (built from the api layer's wire
// constants, so client and server agree on every path) and its own percent-encoding (Boost.URL
// with an explicit character set), independent of the server's decoder.
#pragma once

#include "conformance/scenario.hpp"
#include "conformance/target_description.hpp"

#include <string>
#include <string_view>

namespace ringpool::conformance {

// Percent-encodes a query parameter name or value.
std::string encode_query_component(std::string_view text);
// Percent-encodes one path segment (a pool's id_from_network, an advertiser id).
std::string encode_path_segment(std::string_view text);

// /api/2022-08-01/<network>/advertisers/<advertiser>/advertiser_campaigns/<campaign>/ring_pools
std::string management_base(const NetworkContext& context, const std::string& campaign);
// name=value&... with both sides encoded (the pairs are already expanded).
std::string query_string(const StringPairs& pairs);
// Appends `query` to `target` after '?' (or '&' when it has a query already).
void append_query(std::string& target, const std::string& query);

}  // namespace ringpool::conformance
