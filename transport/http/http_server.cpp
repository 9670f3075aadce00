#include "transport/http/http_server.hpp"

#include "reference/api/error_response.hpp"

#include <fmt/format.h>
#include <httplib.h>

#include <chrono>
#include <mutex>

namespace ringpool::transport {

namespace {

// Bodies larger than this are refused by cpp-httplib before they are read; between the API's
// own limit (1 MiB, C-4) and this one the API answers, so the client always gets our 413 body.
constexpr std::size_t kTransportBodyLimitBytes = 64 * 1024 * 1024;
// cpp-httplib closes a keep-alive connection after 5 requests by default; the Bulk API promises
// persistent connections, so allow practically unlimited reuse.
constexpr std::size_t kKeepAliveMaxRequests = 1'000'000;

api::Request to_api_request(const httplib::Request& request) {
  api::Request out;
  out.method = request.method;
  out.target = request.target;
  for (const auto& [name, value] : request.headers) out.headers.emplace(name, value);
  out.body = request.body;
  return out;
}

}  // namespace

struct HttpServer::Impl {
  Impl(api::Service& served, HttpServerOptions server_options)
      : service(served), options(std::move(server_options)) {}

  api::Service& service;
  HttpServerOptions options;
  httplib::Server server;
  std::mutex service_mutex;
  int bound_port = 0;

  void serve(const httplib::Request& request, httplib::Response& response) {
    const auto started = options.log ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    const api::Request api_request = to_api_request(request);  // built outside the lock
    api::Response answer;
    {
      std::lock_guard lock(service_mutex);
      answer = service.handle(api_request);
    }
    response.status = answer.status;
    if (!options.server_header.empty()) response.set_header("Server", options.server_header);
    for (const auto& [name, value] : answer.headers) response.set_header(name, value);
    if (!answer.content_type.empty()) response.set_content(std::move(answer.body), answer.content_type);
    if (options.log) {
      const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
      options.log(fmt::format("{} {} {} -> {} ({} bytes, {:.3f} ms)", request.remote_addr, request.method,
                              request.target, response.status, response.body.size(), elapsed.count()));
    }
  }
};

HttpServer::HttpServer(api::Service& service, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(service, std::move(options))) {
  httplib::Server& server = impl_->server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(kKeepAliveMaxRequests);
  server.set_payload_max_length(kTransportBodyLimitBytes);
  auto handler = [impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
    impl->serve(request, response);
  };
  // GET skips cpp-httplib's routing, whose std::regex match of ".*" against the path costs about
  // as much as the API's own work on a legacy allocation. The pre-routing handler runs before any
  // body is read, but cpp-httplib reads no body for GET, so it sees what the GET route would.
  server.set_pre_routing_handler([impl = impl_.get()](const httplib::Request& request, httplib::Response& response) {
    if (request.method != "GET") return httplib::Server::HandlerResponse::Unhandled;
    impl->serve(request, response);
    return httplib::Server::HandlerResponse::Handled;
  });
  server.Get(".*", handler);  // HEAD, which cpp-httplib routes as GET
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Delete(".*", handler);
  server.Patch(".*", handler);
  server.Options(".*", handler);
  // Errors cpp-httplib raises itself (oversized body, malformed request line) still get a class.
  server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.body.empty()) return;
    const domain::Error error{response.status == 413 ? domain::ErrorClass::RequestTooLarge
                                                     : domain::ErrorClass::InvalidRequest,
                              fmt::format("The HTTP request was refused with status {}.", response.status)};
    response.set_content(api::json_error_body(error), api::kJsonContentType);
  });
}

HttpServer::~HttpServer() { stop(); }

bool HttpServer::bind(std::string& error) {
  if (impl_->options.port == 0) {
    impl_->bound_port = impl_->server.bind_to_any_port(impl_->options.host);
  } else if (impl_->server.bind_to_port(impl_->options.host, impl_->options.port)) {
    impl_->bound_port = impl_->options.port;
  } else {
    impl_->bound_port = -1;
  }
  if (impl_->bound_port <= 0) {
    error = fmt::format("cannot listen on {}:{} (address in use, or not an address of this machine)",
                        impl_->options.host, impl_->options.port);
    return false;
  }
  return true;
}

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::run() { impl_->server.listen_after_bind(); }

void HttpServer::stop() { impl_->server.stop(); }

}  // namespace ringpool::transport
