// What every connection of one HttpServer shares: the handler and its lock, the options, the
// connection count, the idle connections and the body budget. Owned jointly by the server and
// its sessions, so a session finishing while the server is torn down touches nothing freed.
#pragma once

#include "transport/http/connection_admission.hpp"
#include "transport/http/http_server.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>

namespace ringpool::transport {

// After a refusal the server stops sending (FIN) but keeps reading, so that the client's unread
// request bytes do not turn the close into a reset that would destroy the answer in flight. The
// drain ends at the client's FIN, or after this long.
inline constexpr std::chrono::milliseconds kLingerTimeout{2'000};

struct ServerState {
  explicit ServerState(HttpServerOptions server_options)
      : options(std::move(server_options)), body_budget(options.limits.max_body_bytes_in_flight) {}

  RequestHandler handler;
  HttpServerOptions options;
  std::mutex handler_mutex;  // one handler call (or piece) at a time: the Service is single-writer
  // Where the pieces of long answers are written (Session::pull_piece): one low-priority thread.
  boost::asio::any_io_executor pieces_lane;
  std::atomic<std::size_t> open_connections{0};
  std::atomic<bool> stopping{false};
  IdleConnections idle;
  BodyBudget body_budget;

  // The handler's answer; a handler that throws is answered 500 InternalServiceError.
  api::Response call(const api::Request& request);
  // RequestScreen under the lock; nullopt without a screen.
  std::optional<api::Response> screen(const api::Request& head);
  // The next piece of a response in pieces, taken under the lock; its bytes are written after the
  // lock is released (piece_bytes, which needs no lock). `failed` when either threw: the response
  // cannot be finished and the connection must be cut.
  using PieceProducer = decltype(api::Response::next_piece);
  std::optional<api::Piece> take_piece(const PieceProducer& producer, bool& failed);
  static std::optional<std::string> piece_bytes(api::Piece&& piece, bool& failed);
  void log(const std::string& line) const {
    if (options.log) options.log(line);
  }
};

}  // namespace ringpool::transport
