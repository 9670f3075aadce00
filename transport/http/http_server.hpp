// Serves a reference api::Service over HTTP with cpp-httplib: each request becomes an
// api::Request value, handled under one lock (the domain is single-threaded by design).
#pragma once

#include "reference/api/service.hpp"

#include <functional>
#include <memory>
#include <string>

namespace ringpool::transport {

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  // Called once per request with a ready-made log line (no trailing newline); empty = silent.
  std::function<void(const std::string&)> log;
  // The Server header of every response ("ringpool/<version>"), which lets the conformance
  // runner recognise a reference and use its world and white-box control endpoints.
  std::string server_header;
};

class HttpServer {
 public:
  HttpServer(api::Service& service, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; false (with `error` set) when the address cannot be bound.
  bool bind(std::string& error);
  int port() const;
  // Serves until stop() is called. Requires a successful bind().
  void run();
  // Safe to call from another thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ringpool::transport
