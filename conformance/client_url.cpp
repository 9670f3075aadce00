#include "conformance/client_url.hpp"

#include "reference/api/query.hpp"
#include "reference/api/wire_paths.hpp"

namespace ringpool::conformance {

std::string encode_query_component(std::string_view text) { return api::encode_query_value(std::string(text)); }

std::string encode_path_segment(std::string_view text) { return api::encode_query_value(std::string(text)); }

std::string management_base(const NetworkContext& context, const std::string& campaign) {
  return api::wire::management_collection(std::to_string(context.network), encode_path_segment(context.advertiser),
                                         encode_path_segment(campaign));
}

std::string query_string(const StringPairs& pairs) {
  std::string out;
  for (const auto& [name, value] : pairs) {
    out += out.empty() ? "" : "&";
    out += encode_query_component(name) + "=" + encode_query_component(value);
  }
  return out;
}

void append_query(std::string& target, const std::string& query) {
  if (query.empty()) return;
  target += target.find('?') == std::string::npos ? "?" : "&";
  target += query;
}

}  // namespace ringpool::conformance
