// Where `ringpool load` sends: the --target URL read once (http or https, host, port, and the
// path the `url` kind GETs), with a URL parser (Boost.URL), never by hand.
#pragma once

#include <expected>
#include <string>

namespace ringpool::load {

struct TargetAddress {
  bool tls = false;  // https
  std::string host;
  int port = 80;
  std::string path;  // origin-form target of the URL (for the url kind)
  std::string base;  // scheme://host:port, for reports
};

// The error says what is wrong with the URL.
std::expected<TargetAddress, std::string> parse_load_target(const std::string& url);

}  // namespace ringpool::load
