#include "load/load_target.hpp"

#include <boost/url/parse.hpp>
#include <fmt/format.h>

namespace ringpool::load {

std::expected<TargetAddress, std::string> parse_load_target(const std::string& url) {
  const auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return std::unexpected(fmt::format("--target '{}' is not an absolute URL (http://host:port)", url));
  if (parsed->scheme() != "http" && parsed->scheme() != "https")
    return std::unexpected(fmt::format("--target '{}': ringpool load speaks http:// and https://", url));
  TargetAddress out;
  out.tls = parsed->scheme() == "https";
  out.host = std::string(parsed->host_address());
  if (out.host.empty()) return std::unexpected(fmt::format("--target '{}' has no host", url));
  out.port = parsed->has_port() ? static_cast<int>(parsed->port_number()) : (out.tls ? 443 : 80);
  out.path = std::string(parsed->encoded_target());
  if (out.path.empty()) out.path = "/";
  out.base = fmt::format("{}://{}:{}", out.tls ? "https" : "http", out.host, out.port);
  return out;
}

}  // namespace ringpool::load
