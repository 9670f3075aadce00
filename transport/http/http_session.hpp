// One connection of the server: the state machine from bytes on the socket to answers written
// back, on the connection's own strand (so never worked on by two threads at once).
//
// Phases: Idle (waiting for a request; evictable, idle timeout) -> Header (header deadline from
// the first byte) -> Body (body deadline; the body's bytes reserved from the budget) ->
// Writing (a response, 100 Continue, or a response's pieces) -> Idle again, or Closing (after a
// refusal: FIN sent, the client's remaining bytes drained for a moment) -> Closed.
//
// Invariants (all on the strand):
//   - at most one read or write is pending, and the deadline timer is armed for exactly that
//     operation (generation_ tells a stale expiry from a live one);
//   - requests are answered one at a time, in the order they arrived (pipelined bytes wait in
//     buffer_ until the previous response is written);
//   - the connection is in the server's idle list exactly while its phase is Idle;
//   - body_reserved_ bytes of the body budget are held exactly while a body is being read;
//   - after an HTTP-level refusal nothing more is read from the connection but the drain.
#pragma once

#include "transport/http/connection_admission.hpp"
#include "transport/http/request_framing.hpp"
#include "transport/http/server_state.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>

namespace ringpool::transport {

class Session;

// Live sessions, so that stop() can reach them (weak: sessions own themselves through their
// pending handlers).
struct SessionRegistry {
  std::mutex mutex;
  std::list<std::weak_ptr<Session>> sessions;
};

class Session final : public Evictable, public std::enable_shared_from_this<Session> {
 public:
  Session(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> state,
          std::shared_ptr<SessionRegistry> registry);
  ~Session() override;

  void start();
  // From stop(): an idle connection closes now; a request in progress finishes first.
  void shutdown();
  void evict_if_idle() override;

 private:
  enum class Phase { Idle, Header, Body, Writing, Closing, Closed };
  // What follows a completed write.
  enum class Then { NextRequest, ReadBody, NextPiece, Close };

  void arm(std::chrono::milliseconds timeout);
  void disarm();
  void wait_for_request();
  void begin_request();
  void read_some();
  void on_read(const boost::system::error_code& error);
  void process();
  bool on_head();
  bool reserve_body_growth();
  void release_body_budget();
  void answer();
  void pull_piece();
  void on_piece(std::optional<std::string> piece, bool failed);
  void finish_log(std::size_t body_bytes);
  void fail(const HttpFailure& failure);
  void send(std::string bytes, Then then);
  void linger_close();
  void drain();
  void close();
  void enter_idle();
  void leave_idle();

  boost::asio::ip::tcp::socket socket_;
  boost::asio::steady_timer timer_;
  std::shared_ptr<ServerState> state_;
  std::shared_ptr<SessionRegistry> registry_;
  std::list<std::weak_ptr<Session>>::iterator registry_entry_;
  bool registered_ = false;
  IdleConnections::Ticket idle_ticket_;
  bool in_idle_list_ = false;

  boost::beast::flat_buffer buffer_;
  RequestFramer framer_;
  std::uint64_t body_reserved_ = 0;
  std::string out_;
  std::array<char, 4096> drain_{};
  std::string remote_;
  Phase phase_ = Phase::Idle;
  std::uint64_t generation_ = 0;
  bool timed_out_ = false;
  bool stopping_ = false;

  // The response being written in pieces (api::Response::next_piece).
  api::Response stream_;
  std::string stream_pending_;
  bool stream_started_ = false;  // its header is on the wire
  int stream_pulls_ = 0;         // pieces asked for so far (the first ones on this strand)
  bool stream_keep_alive_ = false;
  unsigned stream_version_ = 11;
  std::size_t stream_bytes_ = 0;

  // For the log line of the request being answered.
  std::string log_method_;
  std::string log_target_;
  int log_status_ = 0;
  std::chrono::steady_clock::time_point started_;
};

}  // namespace ringpool::transport
