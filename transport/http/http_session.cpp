#include "transport/http/http_session.hpp"

#include "transport/http/log_line.hpp"
#include "transport/http/request_dispatch.hpp"
#include "transport/http/response_writing.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <algorithm>

namespace ringpool::transport {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

constexpr std::size_t kReadBytes = 16 * 1024;
// A response in pieces that ends within this many bytes is sent whole, with Content-Length;
// a longer one is sent piece by piece (chunked), one piece in memory at a time.
constexpr std::size_t kWholeResponseBytes = 64 * 1024;
// How many pieces of an answer are written on the connection's own strand before the rest go to
// the pieces lane: a list of up to one piece of pools (kListPiecePools) is then never queued there
// (its end, which needs no writing, is taken on the strand too).
constexpr int kPiecesOnConnectionStrand = 1;
// A chunked body's reservation grows by at least this much at a time.
constexpr std::uint64_t kBodyReservationStep = 64 * 1024;

HttpFailure timeout_failure(bool headers, const ServerLimits& limits) {
  return {408, "RequestTimeout",
          headers ? fmt::format("The request headers did not arrive within {} ms.", limits.header_timeout.count())
                  : fmt::format("The request body did not arrive within {} ms.", limits.body_timeout.count()),
          {}};
}

HttpFailure budget_failure(const ServerLimits& limits) {
  HttpFailure failure{503, "ServiceUnavailable",
                      fmt::format("The server is receiving {} bytes of request bodies, its limit; retry shortly.",
                                  limits.max_body_bytes_in_flight),
                      {}};
  failure.headers.emplace("Retry-After", "1");
  return failure;
}

}  // namespace

Session::Session(tcp::socket socket, std::shared_ptr<ServerState> state, std::shared_ptr<SessionRegistry> registry)
    : socket_(std::move(socket)), timer_(socket_.get_executor()), state_(std::move(state)),
      registry_(std::move(registry)), framer_(state_->options.limits) {}

Session::~Session() {
  {
    std::lock_guard lock(registry_->mutex);
    if (registered_) registry_->sessions.erase(registry_entry_);
  }
  leave_idle();
  release_body_budget();
  state_->open_connections.fetch_sub(1);
}

void Session::start() {
  {
    std::lock_guard lock(registry_->mutex);
    registry_entry_ = registry_->sessions.insert(registry_->sessions.end(), weak_from_this());
    registered_ = true;
  }
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    if (self->state_->options.log) {
      error_code ignored;
      const auto remote = self->socket_.remote_endpoint(ignored);
      self->remote_ = fmt::format("{}:{}", remote.address().to_string(), remote.port());
    }
    if (self->state_->stopping) return self->close();
    self->wait_for_request();
  });
}

void Session::shutdown() {
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->phase_ == Phase::Idle) self->close();
  });
}

void Session::evict_if_idle() {
  net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
    if (self->phase_ == Phase::Idle) self->close();
  });
}

void Session::arm(std::chrono::milliseconds timeout) {
  const std::uint64_t generation = ++generation_;
  timed_out_ = false;
  timer_.expires_after(timeout);
  timer_.async_wait([self = shared_from_this(), generation](const error_code& error) {
    if (error || generation != self->generation_) return;
    self->timed_out_ = true;
    error_code ignored;
    self->socket_.cancel(ignored);  // the pending operation completes with operation_aborted
  });
}

void Session::disarm() {
  ++generation_;
  timer_.cancel();
}

void Session::enter_idle() {
  if (in_idle_list_) return;
  idle_ticket_ = state_->idle.enter(weak_from_this());
  in_idle_list_ = true;
}

void Session::leave_idle() {
  if (!in_idle_list_) return;
  state_->idle.leave(idle_ticket_);
  in_idle_list_ = false;
}

void Session::wait_for_request() {
  if (buffer_.size() > 0) {  // pipelined: the next request is already here
    begin_request();
    return process();
  }
  phase_ = Phase::Idle;
  enter_idle();
  arm(state_->options.limits.idle_timeout);
  read_some();
}

void Session::begin_request() {
  phase_ = Phase::Header;
  arm(state_->options.limits.header_timeout);
}

void Session::read_some() {
  socket_.async_read_some(buffer_.prepare(kReadBytes), [self = shared_from_this()](const error_code& error, std::size_t n) {
    self->buffer_.commit(n);
    self->on_read(error);
  });
}

// A read that failed has a reason to answer only if it is a deadline; the client closing or
// resetting the connection does not (nor an idle connection's end).
void Session::on_read(const error_code& error) {
  if (phase_ == Phase::Closed) return;
  if (phase_ == Phase::Idle) {
    leave_idle();
    disarm();
    if (error || stopping_) return close();
    begin_request();
    return process();
  }
  if (error) {
    if (timed_out_) return fail(timeout_failure(phase_ == Phase::Header, state_->options.limits));
    return close();
  }
  process();
}

void Session::process() {
  for (;;) {
    const auto data = buffer_.data();
    std::size_t consumed = 0;
    const auto event = framer_.feed({static_cast<const char*>(data.data()), data.size()}, consumed);
    buffer_.consume(consumed);
    switch (event) {
      case RequestFramer::Event::NeedMore:
        if (phase_ == Phase::Body && !reserve_body_growth()) return;
        return read_some();
      case RequestFramer::Event::Head:
        if (!on_head()) return;
        break;
      case RequestFramer::Event::Complete: return answer();
      case RequestFramer::Event::Failure: return fail(framer_.failure());
    }
  }
}

// The header section passed the framing checks. False when an answer or a 100 Continue is on
// its way (process() resumes from its completion, or the connection ends).
bool Session::on_head() {
  const RequestHead& head = framer_.head();
  disarm();
  phase_ = Phase::Body;
  arm(state_->options.limits.body_timeout);
  if (head.declared_body_bytes > 0) {
    if (!state_->body_budget.try_take(head.declared_body_bytes)) {
      fail(budget_failure(state_->options.limits));
      return false;
    }
    body_reserved_ = head.declared_body_bytes;
  }
  if (!head.expects_continue) return true;
  // 100 Continue only for a request that could succeed: one whose answer is already certain
  // (no route, a wrong token in a header) is answered now, and its body never read.
  if (auto refusal = state_->screen(head.request)) {
    log_method_ = head.request.method;
    log_target_ = head.request.target;
    log_status_ = refusal->status;
    started_ = std::chrono::steady_clock::now();
    release_body_budget();
    const std::size_t bytes = refusal->body.size();
    std::string out = serialize_response(std::move(*refusal), head.version, false, head.head_method,
                                         state_->options.server_header);
    finish_log(bytes);
    send(std::move(out), Then::Close);
    return false;
  }
  send(std::string(kContinueResponse), Then::ReadBody);
  return false;
}

// A chunked body's reservation follows its size (a Content-Length was reserved whole).
bool Session::reserve_body_growth() {
  if (!framer_.head().chunked) return true;
  const std::uint64_t needed = framer_.body_bytes() + kReadBytes;
  if (needed <= body_reserved_) return true;
  const std::uint64_t wanted =
      std::min<std::uint64_t>(std::max(needed, body_reserved_ + kBodyReservationStep),
                              state_->options.limits.max_body_bytes + kReadBytes);
  if (wanted <= body_reserved_) return true;
  if (!state_->body_budget.try_take(wanted - body_reserved_)) {
    fail(budget_failure(state_->options.limits));
    return false;
  }
  body_reserved_ = wanted;
  return true;
}

void Session::release_body_budget() {
  if (body_reserved_ == 0) return;
  state_->body_budget.give_back(body_reserved_);
  body_reserved_ = 0;
}

void Session::answer() {
  disarm();
  const RequestHead& head = framer_.head();
  const bool client_keeps_alive = head.keep_alive;
  const unsigned version = head.version;
  const bool head_method = head.head_method;
  Dispatch dispatch = dispatch_request(framer_.take_request(), head_method);
  log_method_ = head_method ? "HEAD" : dispatch.request.method;
  log_target_ = dispatch.request.target;
  started_ = std::chrono::steady_clock::now();
  api::Response answer = dispatch.direct ? std::move(*dispatch.direct) : state_->call(dispatch.request);
  dispatch = {};
  release_body_budget();
  // Decided after the call: a stop() that came while the handler ran closes this connection.
  const bool keep_alive = client_keeps_alive && !stopping_ && !state_->stopping;
  log_status_ = answer.status;
  if (answer.next_piece && !head_method) {
    stream_version_ = version;
    stream_keep_alive_ = keep_alive;
    stream_started_ = false;
    stream_pulls_ = 0;
    stream_bytes_ = answer.body.size();
    stream_pending_ = std::move(answer.body);
    stream_ = std::move(answer);
    stream_.body.clear();
    return pull_piece();
  }
  answer.next_piece = nullptr;  // HEAD: the headers of the first piece's answer, no body
  const std::size_t bytes = answer.body.size();
  std::string out = serialize_response(std::move(answer), version, keep_alive, head_method, state_->options.server_header);
  finish_log(bytes);
  send(std::move(out), keep_alive ? Then::NextRequest : Then::Close);
}

// Each piece is taken (under the service's lock: a copy of what it shows) on this connection's
// strand. Its bytes are written here too for the first piece of an answer (a short list is whole
// after it); a longer answer's pieces are written on the server's pieces
// lane, one thread of the lowest CPU priority for every connection's long answers, which holds no
// lock, so that clients looping on long lists take neither an io thread nor the CPU from short
// requests (issue 22).
void Session::pull_piece() {
  phase_ = Phase::Writing;
  net::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->phase_ == Phase::Closed) return;
    bool failed = false;
    std::optional<api::Piece> piece = self->state_->take_piece(self->stream_.next_piece, failed);
    if (!piece || failed) return self->on_piece(std::nullopt, failed);
    if (!piece->render || ++self->stream_pulls_ <= kPiecesOnConnectionStrand) {
      auto bytes = ServerState::piece_bytes(std::move(*piece), failed);
      return self->on_piece(std::move(bytes), failed);
    }
    net::post(self->state_->pieces_lane, [self, piece = std::move(*piece)]() mutable {
      bool render_failed = false;
      auto bytes = ServerState::piece_bytes(std::move(piece), render_failed);
      net::post(self->socket_.get_executor(), [self, bytes = std::move(bytes), render_failed]() mutable {
        if (self->phase_ == Phase::Closed) return;
        self->on_piece(std::move(bytes), render_failed);
      });
    });
  });
}

void Session::on_piece(std::optional<std::string> piece, bool failed) {
  const std::string& server = state_->options.server_header;
  if (failed) {
    if (stream_started_) return close();  // the status is sent: only cutting the connection says so
    stream_ = {};
    log_status_ = 500;
    return fail({500, "InternalServiceError", "The request handler failed.", {}});
  }
  if (piece) {
    stream_bytes_ += piece->size();
    if (!stream_started_) {
      stream_pending_ += *piece;
      if (stream_pending_.size() < kWholeResponseBytes) return pull_piece();
      std::string out = serialize_streamed_header(stream_, stream_version_, stream_keep_alive_, server);
      out += serialize_piece(stream_pending_, stream_version_);
      stream_pending_.clear();
      stream_started_ = true;
      return send(std::move(out), Then::NextPiece);
    }
    if (piece->empty()) return pull_piece();
    return send(serialize_piece(*piece, stream_version_), Then::NextPiece);
  }
  // The end. Sent whole, it may keep the connection; sent in pieces, HTTP/1.0 ends it by closing.
  api::Response whole = std::move(stream_);
  stream_ = {};
  whole.next_piece = nullptr;
  finish_log(stream_bytes_);
  if (!stream_started_) {
    whole.body = std::move(stream_pending_);
    stream_pending_.clear();
    return send(serialize_response(std::move(whole), stream_version_, stream_keep_alive_, false, server),
                stream_keep_alive_ ? Then::NextRequest : Then::Close);
  }
  const bool keep_alive = stream_keep_alive_ && stream_version_ == 11;
  send(serialize_end_of_pieces(stream_version_), keep_alive ? Then::NextRequest : Then::Close);
}

void Session::finish_log(std::size_t body_bytes) {
  if (!state_->options.log) return;
  const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started_);
  state_->log(request_log_line(remote_, log_method_, log_target_, log_status_, body_bytes, elapsed.count()));
}

void Session::fail(const HttpFailure& failure) {
  disarm();
  release_body_budget();
  state_->log(failure_log_line(remote_, failure.status, failure.error_class));
  send(serialize_failure(failure, framer_.head().version, state_->options.server_header), Then::Close);
}

void Session::send(std::string bytes, Then then) {
  if (then != Then::ReadBody) phase_ = Phase::Writing;
  out_ = std::move(bytes);
  if (then != Then::ReadBody) arm(state_->options.limits.idle_timeout);  // a client that stops reading is cut off
  net::async_write(socket_, net::buffer(out_), [self = shared_from_this(), then](const error_code& error, std::size_t) {
    if (then != Then::ReadBody) self->disarm();
    self->out_.clear();
    if (error || self->phase_ == Phase::Closed) return self->close();
    switch (then) {
      case Then::NextRequest:
        if (self->stopping_) return self->linger_close();
        return self->wait_for_request();
      case Then::ReadBody: return self->process();
      case Then::NextPiece: return self->pull_piece();
      case Then::Close: return self->linger_close();
    }
  });
}

void Session::linger_close() {
  phase_ = Phase::Closing;
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_send, ignored);
  arm(std::min(kLingerTimeout, state_->options.limits.idle_timeout));
  drain();
}

void Session::drain() {
  socket_.async_read_some(net::buffer(drain_), [self = shared_from_this()](const error_code& error, std::size_t) {
    if (error) return self->close();
    self->drain();
  });
}

void Session::close() {
  phase_ = Phase::Closed;
  leave_idle();
  release_body_budget();
  disarm();
  error_code ignored;
  socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace ringpool::transport
