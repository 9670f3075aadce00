// An HttpServer bound to a free loopback port and run on its own thread while the object lives:
// what the HTTP tests (the transport, `serve`'s routes, `check --differential`) put a handler
// or a Service behind.
#pragma once

#include "transport/http/http_server.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <thread>
#include <utility>

namespace ringpool::testing {

inline transport::HttpServerOptions loopback_options(const transport::ServerLimits& limits = {}, int threads = 2) {
  transport::HttpServerOptions options;
  options.host = "127.0.0.1";
  options.port = 0;
  options.server_header = "ringpool/test";  // a ringpool server: it loads world files (check's probe)
  options.threads = threads;
  options.limits = limits;
  return options;
}

class LoopbackServer {
 public:
  // `served`: a transport::RequestHandler, or an api::Service (served through the server's lock),
  // which must outlive the server.
  template <typename Served>
  explicit LoopbackServer(Served&& served, transport::HttpServerOptions options = loopback_options())
      : server_(std::forward<Served>(served), std::move(options)) {
    std::string error;
    BOOST_REQUIRE_MESSAGE(server_.bind(error), error);
    thread_ = std::thread([this] { server_.run(); });
  }
  ~LoopbackServer() {
    server_.stop();
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return server_.port(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

 private:
  transport::HttpServer server_;
  std::thread thread_;
};

}  // namespace ringpool::testing
