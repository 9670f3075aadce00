// A live server as a target, over HTTP(S) with cpp-httplib: one keep-alive client per base URL,
// timeouts from the target description. A timeout or dropped connection is an Exchange without a
// response (reported as *unknown*, never as a pass or a spec failure).
#pragma once

#include "conformance/target.hpp"
#include "conformance/target_description.hpp"

#include <map>
#include <memory>

namespace httplib {
class Client;
}

namespace ringpool::conformance {

struct HttpTargetUrls {
  std::string management, allocation, bulk, control;  // base URLs: scheme://host[:port]
};

// For https URLs (the target file's [tls]): a CA file trusted besides the system's, and whether
// the server's certificate is verified at all.
struct TlsSettings {
  std::string ca_file;
  bool verify = true;
};

class HttpTarget final : public Target {
 public:
  // Fails when a URL is not scheme://host[:port] with scheme http or https.
  static std::expected<std::unique_ptr<HttpTarget>, std::string> create(HttpTargetUrls urls, double timeout_seconds,
                                                                        std::string control_token, TlsSettings tls = {});
  ~HttpTarget() override;

  std::string describe() const override;
  std::string base_url(ApiKind api) const override;
  std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                  const std::optional<std::string>& world_toml) override;
  Exchange send(ApiKind api, const api::Request& request) override;

 private:
  HttpTarget(HttpTargetUrls urls, double timeout_seconds, std::string control_token, TlsSettings tls);
  httplib::Client& client_for(const std::string& base);

  HttpTargetUrls urls_;
  double timeout_seconds_;
  std::string control_token_;
  TlsSettings tls_;
  std::map<std::string, std::unique_ptr<httplib::Client>> clients_;
};

}  // namespace ringpool::conformance
