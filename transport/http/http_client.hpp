// The asynchronous HTTP/1.1 client `ringpool load` drives (Boost.Beast/Asio, one thread): many
// keep-alive connections to one server, over plain TCP or TLS (https), timers to send on a
// schedule, and each answer with the times it was sent and received. Beast-free header: only
// http_client.cpp pays for Beast.
#pragma once

#include "reference/api/http_types.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ringpool::transport {

struct ClientOptions {
  std::string host = "127.0.0.1";
  int port = 80;
  // From sending a request (connecting included) to its complete answer.
  std::chrono::milliseconds request_timeout{10'000};
  // Largest answer body accepted; a larger one is a transport error.
  std::size_t max_answer_bytes = 64 * 1024 * 1024;
  // https: TLS on every connection, the server's certificate verified against the system's CAs
  // and `tls_ca_file` (PEM) for `host`, unless tls_verify is false.
  bool tls = false;
  std::string tls_ca_file;
  bool tls_verify = true;
};

// One request's fate: the answer, or why none came (refused, dropped, timed out).
struct ClientAnswer {
  std::optional<api::Response> response;
  std::string transport_error;
  std::chrono::steady_clock::time_point sent;      // when the request was handed to the connection
  std::chrono::steady_clock::time_point received;  // when the answer was complete (or the failure known)
};

using AnswerCallback = std::function<void(ClientAnswer&&)>;

// Not thread-safe: every call, and every callback, happens on the thread that runs the loop.
class HttpClientLoop {
 public:
  // Resolves `options.host` once (and loads the TLS trust for https); the error says why it
  // cannot be resolved or the CA file cannot be read.
  static std::unique_ptr<HttpClientLoop> create(ClientOptions options, std::string& error);
  ~HttpClientLoop();
  HttpClientLoop(const HttpClientLoop&) = delete;
  HttpClientLoop& operator=(const HttpClientLoop&) = delete;

  // A keep-alive connection, opened on first use and reopened after the server closes it.
  // Requests on one connection go one at a time.
  std::size_t add_connection();
  bool busy(std::size_t connection) const;
  // Requires !busy(connection). A Host header is added when the request has none.
  void send(std::size_t connection, const api::Request& request, AnswerCallback done);
  // Runs `action` on the loop at `when` (at once if that has passed).
  void at(std::chrono::steady_clock::time_point when, std::function<void()> action);
  // Runs `action` on the loop after the handlers already ready to run.
  void post(std::function<void()> action);
  // Runs the loop until stop() or until nothing is left to do.
  void run();
  void stop();
  // Sends on `connection` and runs the loop until the answer is in (setup and teardown calls).
  ClientAnswer call(std::size_t connection, const api::Request& request);

 private:
  struct Impl;
  explicit HttpClientLoop(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace ringpool::transport
