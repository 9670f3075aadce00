#include "conformance/client_url.hpp"

#include "reference/api/wire_paths.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace ringpool::conformance {

// The client's own codec, never the server's (reference/api/query.*): a bug shared by both could
// not be caught. Only RFC 3986's unreserved characters (letters, digits, - . _ ~) go as they are;
// every other byte is %XX, a space included (never '+', which the server reads as a space in a
// query, and as itself in a path).
std::string encode_query_component(std::string_view text) {
  return boost::urls::encode(boost::urls::string_view(text.data(), text.size()), boost::urls::unreserved_chars);
}

std::string encode_path_segment(std::string_view text) {
  return boost::urls::encode(boost::urls::string_view(text.data(), text.size()), boost::urls::unreserved_chars);
}

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
