// Serves a request handler (the reference api::Service, perhaps decorated) over HTTP/1.1 with
// Boost.Beast/Asio: asynchronous, N io threads, keep-alive and pipelining, limits on everything a
// client controls. This header is Beast-free so that only the transport's own files pay for Beast's headers.
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/api/service.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::transport {

// Answers one request. The server calls it from its io threads but never two calls at once (it
// holds one lock around every call), so a single-writer Service can be served as it is.
// A response may come in pieces (api::Response::next_piece): the server asks for each under
// the same lock, releasing it in between, and writes a piece's bytes (api::Piece::render)
// without the lock, on a thread of its own at the lowest CPU priority when the answer is long.
using RequestHandler = std::function<api::Response(const api::Request&)>;

// Before a body is read for a client that sent `Expect: 100-continue`: the answer the request
// gets whatever its body, when that is already certain (no route, a wrong token in a header),
// else nullopt and the server sends 100 Continue. Called under the handler's lock, with the
// request's head (its body empty). Empty function: always 100 Continue.
using RequestScreen = std::function<std::optional<api::Response>(const api::Request&)>;

// What a client may cost the server. Each limit is answered (status, and a JSON body
// {"errors":{"class":...,"invalid_data":...}} where a response can be sent) and the connection
// closed; transport/README.md lists them with their flags.
struct ServerLimits {
  // From a request's first byte to the end of its headers (slowloris): 408 RequestTimeout.
  std::chrono::milliseconds header_timeout{10'000};
  // From the end of the headers to the end of the body: 408 RequestTimeout.
  std::chrono::milliseconds body_timeout{30'000};
  // A kept-alive connection with no request in progress is closed after this long (no answer:
  // HTTP lets either side close an idle connection). Also bounds a client that stops reading.
  std::chrono::milliseconds idle_timeout{30'000};
  // Request line plus header fields: 431 HeadersTooLarge.
  std::size_t max_header_bytes = 32 * 1024;
  // Body, whatever its content type or framing (C-4): 413 RequestTooLarge.
  std::size_t max_body_bytes = 1024 * 1024;
  // Request bodies being received, over all connections (a Content-Length counts from the end
  // of the headers, a chunked body as it grows): a body that does not fit is answered 503
  // ServiceUnavailable with Retry-After and the connection closed, before it is read.
  std::size_t max_body_bytes_in_flight = 64 * 1024 * 1024;
  // Open connections. When all are taken, a new connection takes the slot of the connection
  // idle the longest (a kept-alive one waiting for its next request); when none is idle, it is
  // answered 503 ServiceUnavailable with Retry-After and closed.
  std::size_t max_connections = 4096;
  // On stop(): how long requests in flight may take to finish before connections are cut.
  std::chrono::milliseconds shutdown_timeout{5'000};
};

struct HttpServerOptions {
  std::string host = "127.0.0.1";
  int port = 8080;  // 0 picks a free port
  // Called once per request with a ready-made log line (no trailing newline), from any io thread
  // (the callee serialises its output); empty = silent. Secrets in the query are redacted.
  std::function<void(const std::string&)> log;
  // The Server header of every response ("ringpool/<version>"), which lets the conformance
  // runner recognise a reference and use its world and white-box control endpoints.
  std::string server_header;
  int threads = 1;  // io threads; `ringpool serve` defaults to the core count
  ServerLimits limits;
  RequestScreen screen;  // set by the Service constructor below; optional otherwise
};

class HttpServer {
 public:
  HttpServer(RequestHandler handler, HttpServerOptions options);
  // Serves `service` (which must outlive the server) through a lock: long answers in pieces
  // (Service::handle_in_pieces), 100 Continue only after Service::screen_head.
  HttpServer(api::Service& service, HttpServerOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds the socket; false (with `error` set) when the address cannot be bound.
  bool bind(std::string& error);
  int port() const;
  // Serves on `threads` io threads (this one included) until stop() and the graceful drain end.
  // Requires a successful bind().
  void run();
  // Stops accepting, closes idle connections, lets requests in flight finish (their responses
  // carry Connection: close), then returns from run(). Safe from any thread, more than once.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The sans-I/O core of a connection: the bytes a client sends on one connection in, the bytes
// the server answers out, through the same framing, checks, dispatch and handler as the server
// (requests answered in order until one after which the server would close). For fuzzing and
// tests; a request left incomplete at the end of `bytes` is not answered. A `screen`, when
// given, is asked before 100 Continue as the server does.
// `framed`, when given, receives every request the framing completed, as framed (a HEAD still
// HEAD, before dispatch), whether or not the handler was then called: what the http_bytes
// fuzzer compares with an independent parser's framing.
std::string answer_connection_bytes(const RequestHandler& handler, std::string_view bytes, const ServerLimits& limits,
                                    std::string_view server_header = {}, const RequestScreen& screen = {},
                                    std::vector<api::Request>* framed = nullptr);

}  // namespace ringpool::transport
