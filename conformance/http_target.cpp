#include "conformance/http_target.hpp"

#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <cmath>

namespace ringpool::conformance {

namespace {

// scheme://host[:port] with nothing after it but an optional '/'; the error says what is wrong.
std::expected<std::string, std::string> normalise_base_url(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return std::unexpected(fmt::format("'{}' is not a URL: expected http://host:port", url));
  const std::string scheme = url.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https")
    return std::unexpected(fmt::format("'{}': only http:// and https:// targets are supported", url));
  const std::string rest = url.substr(scheme_end + 3);
  if (rest.empty()) return std::unexpected(fmt::format("'{}' has no host", url));
  if (rest.find('/') != std::string::npos)
    return std::unexpected(fmt::format("'{}' has a path; give only scheme://host[:port] (the API paths are fixed)", url));
  return url;
}

bool is_content_type(std::string_view name) {
  return !api::HeaderNameLess{}(name, "Content-Type") && !api::HeaderNameLess{}("Content-Type", name);
}

}  // namespace

std::expected<std::unique_ptr<HttpTarget>, std::string> HttpTarget::create(HttpTargetUrls urls, double timeout_seconds,
                                                                           std::string control_token, TlsSettings tls) {
  for (std::string* url : {&urls.management, &urls.allocation, &urls.bulk, &urls.control}) {
    auto normalised = normalise_base_url(*url);
    if (!normalised) return std::unexpected(normalised.error());
    *url = *normalised;
  }
  return std::unique_ptr<HttpTarget>(
      new HttpTarget(std::move(urls), timeout_seconds, std::move(control_token), std::move(tls)));
}

HttpTarget::HttpTarget(HttpTargetUrls urls, double timeout_seconds, std::string control_token, TlsSettings tls)
    : urls_(std::move(urls)), timeout_seconds_(timeout_seconds), control_token_(std::move(control_token)), tls_(std::move(tls)) {}

HttpTarget::~HttpTarget() = default;

std::string HttpTarget::describe() const {
  if (urls_.management == urls_.allocation && urls_.allocation == urls_.bulk) return urls_.management;
  return fmt::format("management {}, allocation {}, bulk {}", urls_.management, urls_.allocation, urls_.bulk);
}

std::string HttpTarget::base_url(ApiKind api) const {
  switch (api) {
    case ApiKind::Management: return urls_.management;
    case ApiKind::Allocation: return urls_.allocation;
    case ApiKind::Bulk: return urls_.bulk;
    case ApiKind::Control: return urls_.control;
  }
  return urls_.management;
}

httplib::Client& HttpTarget::client_for(const std::string& base) {
  auto it = clients_.find(base);
  if (it == clients_.end()) {
    auto client = std::make_unique<httplib::Client>(base);
    const auto seconds = static_cast<time_t>(timeout_seconds_);
    const auto micros = static_cast<time_t>(std::llround((timeout_seconds_ - static_cast<double>(seconds)) * 1e6));
    client->set_connection_timeout(seconds, micros);
    client->set_read_timeout(seconds, micros);
    client->set_write_timeout(seconds, micros);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    client->set_decompress(true);
    if (base.starts_with("https://")) {
      if (!tls_.ca_file.empty()) client->set_ca_cert_path(tls_.ca_file);
      client->enable_server_certificate_verification(tls_.verify);
    }
    it = clients_.emplace(base, std::move(client)).first;
  }
  return *it->second;
}

std::expected<void, std::string> HttpTarget::begin_scenario(std::uint64_t seed,
                                                            const std::optional<std::string>& world_toml) {
  if (!world_toml) return {};
  nlohmann::json body{{"seed", seed}, {"world", *world_toml}};
  api::Request request = api::make_request("POST", std::string(api::wire::kControlResetPath), body.dump(),
                                           {{"Content-Type", "application/json"}, {"X-Control-Token", control_token_}});
  Exchange exchange = send(ApiKind::Control, request);
  if (!exchange.response) return std::unexpected("the control API's reset did not answer: " + exchange.transport_error);
  if (exchange.response->status != 200)
    return std::unexpected(fmt::format("the control API's reset answered {}: {}", exchange.response->status,
                                       exchange.response->body));
  return {};
}

Exchange HttpTarget::send(ApiKind api, const api::Request& request) {
  httplib::Client& client = client_for(base_url(api));
  httplib::Headers headers;
  std::string content_type;
  for (const auto& [name, value] : request.headers) {
    if (is_content_type(name)) content_type = value;
    else headers.emplace(name, value);
  }
  httplib::Result result = [&] {
    const std::string& target = request.target;
    if (request.method == "GET") return client.Get(target, headers);
    if (request.method == "DELETE") {
      if (request.body.empty()) return client.Delete(target, headers);
      return client.Delete(target, headers, request.body, content_type.empty() ? "application/json" : content_type);
    }
    if (request.method == "POST")
      return client.Post(target, headers, request.body, content_type.empty() ? "application/json" : content_type);
    if (request.method == "PUT")
      return client.Put(target, headers, request.body, content_type.empty() ? "application/json" : content_type);
    if (request.method == "PATCH")
      return client.Patch(target, headers, request.body, content_type.empty() ? "application/json" : content_type);
    httplib::Request raw;
    raw.method = request.method;
    raw.path = target;
    raw.headers = headers;
    raw.body = request.body;
    return client.send(raw);
  }();
  if (!result) {
    // The connection may be unusable now; start afresh next time.
    clients_.erase(base_url(api));
    return Exchange{std::nullopt, fmt::format("no response: {}", httplib::to_string(result.error()))};
  }
  api::Response response;
  response.status = result->status;
  for (const auto& [name, value] : result->headers) {
    if (is_content_type(name)) response.content_type = value;
    else response.headers.emplace(name, value);
  }
  response.body = result->body;
  return Exchange{std::move(response), {}};
}

}  // namespace ringpool::conformance
