// The Beast/Asio server. This is the only translation unit of the server that includes Beast and
// Asio (their headers cost seconds per file; see transport/README.md for the build budget).
//
// Threading: `threads` io threads run one io_context. Each connection's handlers run on its own
// strand, so a connection is never worked on by two threads at once; connections proceed in
// parallel for everything except the request handler itself, which runs under one mutex (the
// Service is single-writer). Parsing, header checks, building the api::Request, serialising and
// writing the response all happen outside the lock.
//
// Invariants of a Session (all on its strand):
//   - at most one read or write is pending, and the deadline timer is armed for exactly that
//     operation (generation_ tells a stale expiry from a live one);
//   - requests on a connection are answered one at a time, in the order they arrived
//     (pipelined bytes wait in buffer_ until the previous response is written);
//   - after an HTTP-level failure is answered, the connection is closed: no further request
//     on it is read.
#include "transport/http/http_server.hpp"

#include "transport/http/log_redaction.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <array>
#include <atomic>
#include <cassert>
#include <list>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

namespace ringpool::transport {

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Parser = http::request_parser<http::string_body>;
using BeastResponse = http::response<http::string_body>;

// After an error answer the server stops sending (FIN) but keeps reading, so that the client's
// unread request bytes do not turn the close into a reset that would destroy the answer in
// flight. The drain ends at the client's FIN, or after this long.
constexpr std::chrono::milliseconds kLingerTimeout{2'000};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
// Connections accepted at once when the listening socket is ready (see accept()).
constexpr int kAcceptBurst = 1024;

// An HTTP-level failure: answered with this status and a JSON error body, then the connection closes.
struct HttpFailure {
  unsigned status;
  std::string_view error_class;
  std::string message;
};

std::string error_body(std::string_view error_class, const std::string& message) {
  nlohmann::ordered_json details;
  details["class"] = error_class;
  details["invalid_data"] = message;
  nlohmann::ordered_json body;
  body["errors"] = std::move(details);
  return body.dump();
}

HttpFailure failure_of(const beast::error_code& error, const ServerLimits& limits) {
  if (error == http::error::header_limit)
    return {431, "HeadersTooLarge",
            fmt::format("The request line and header fields exceed the limit of {} bytes.", limits.max_header_bytes)};
  if (error == http::error::body_limit)
    return {413, "RequestTooLarge",
            fmt::format("The request body exceeds the limit of {} bytes.", limits.max_body_bytes)};
  return {400, "InvalidRequest", fmt::format("Malformed HTTP request: {}.", error.message())};
}

HttpFailure timeout_failure(bool headers, const ServerLimits& limits) {
  return {408, "RequestTimeout",
          headers ? fmt::format("The request headers did not arrive within {} ms.", limits.header_timeout.count())
                  : fmt::format("The request body did not arrive within {} ms.", limits.body_timeout.count())};
}

// Checks Beast leaves to the server: HTTP/1.x only, and a Transfer-Encoding that is exactly
// "chunked" (RFC 9112 §6.1: a request whose final coding is not chunked has no knowable length,
// a 400; a coding the server does not implement, such as gzip, is a 501). Anything else would
// let the server and a proxy in front of it disagree about where a request ends.
std::optional<HttpFailure> check_header(const http::request<http::string_body>& header) {
  if (header.version() != 10 && header.version() != 11)
    return HttpFailure{505, "HttpVersionNotSupported", "Only HTTP/1.0 and HTTP/1.1 are served."};
  std::vector<std::string> codings;
  const auto fields = header.equal_range(http::field::transfer_encoding);
  for (auto field = fields.first; field != fields.second; ++field)
    for (const auto& token : http::token_list(field->value())) codings.emplace_back(token);
  if (codings.empty()) return std::nullopt;
  if (!beast::iequals(codings.back(), "chunked"))
    return HttpFailure{400, "InvalidRequest", "A request's Transfer-Encoding must end with chunked."};
  if (codings.size() > 1)
    return HttpFailure{501, "NotImplemented",
                       "Only Transfer-Encoding: chunked is supported; send other codings' bodies decoded."};
  return std::nullopt;
}

bool expects_continue(const http::request<http::string_body>& header) {
  return header.version() == 11 && beast::iequals(header[http::field::expect], "100-continue");
}

void configure(Parser& parser, const ServerLimits& limits) {
  parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
  parser.body_limit(limits.max_body_bytes);
}

api::Request to_api_request(http::request<http::string_body>&& message) {
  api::Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message) request.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  request.body = std::move(message.body());
  return request;
}

BeastResponse to_beast_response(api::Response&& answer, unsigned version, bool keep_alive, bool head,
                                std::string_view server_header) {
  BeastResponse response;
  response.result(static_cast<unsigned>(answer.status));
  response.version(version);
  if (!server_header.empty()) response.set(http::field::server, server_header);
  if (!answer.content_type.empty()) response.set(http::field::content_type, answer.content_type);
  for (const auto& [name, value] : answer.headers) response.insert(name, value);
  response.keep_alive(keep_alive);
  if (head) {
    response.content_length(answer.body.size());  // what a GET would carry; no body (RFC 9110 §9.3.2)
  } else {
    response.body() = std::move(answer.body);
    response.prepare_payload();
  }
  return response;
}

BeastResponse failure_response(const HttpFailure& failure, unsigned version, std::string_view server_header) {
  api::Response answer;
  answer.status = static_cast<int>(failure.status);
  answer.content_type = "application/json";
  answer.body = error_body(failure.error_class, failure.message);
  return to_beast_response(std::move(answer), version == 10 ? 10 : 11, false, false, server_header);
}

}  // namespace

// Named (not anonymous) so that HttpServer::Impl may hold them.
namespace server_detail {

// What every connection shares; owned jointly by the server and its sessions, so a session
// finishing while the server is torn down touches nothing freed.
struct Shared {
  RequestHandler handler;
  HttpServerOptions options;
  std::mutex handler_mutex;  // one handler call at a time: the Service is single-writer
  std::atomic<std::size_t> open_connections{0};
  std::atomic<bool> stopping{false};

  api::Response call(const api::Request& request) {
    std::lock_guard lock(handler_mutex);
    try {
      return handler(request);
    } catch (const std::exception& failure) {
      api::Response answer;
      answer.status = 500;
      answer.content_type = "application/json";
      answer.body = error_body("InternalServiceError", "The request handler failed.");
      return answer;
    }
  }
};

class Session;

// Live sessions, so stop() can reach them; weak pointers (the sessions own themselves through
// their pending handlers).
struct Registry {
  std::mutex mutex;
  std::list<std::weak_ptr<Session>> sessions;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, std::shared_ptr<Shared> shared, std::shared_ptr<Registry> registry)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), shared_(std::move(shared)),
        registry_(std::move(registry)) {}

  ~Session() {
    {
      std::lock_guard lock(registry_->mutex);
      if (registered_) registry_->sessions.erase(entry_);
    }
    shared_->open_connections.fetch_sub(1);
  }

  void start() {
    {
      std::lock_guard lock(registry_->mutex);
      entry_ = registry_->sessions.insert(registry_->sessions.end(), weak_from_this());
      registered_ = true;
    }
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      if (self->shared_->options.log) {
        beast::error_code ignored;
        const auto remote = self->socket_.remote_endpoint(ignored);
        self->remote_ = fmt::format("{}:{}", remote.address().to_string(), remote.port());
      }
      if (self->shared_->stopping) return self->close();
      self->wait_for_request();
    });
  }

  // From stop(): an idle connection closes now; a request in progress finishes first.
  void shutdown() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->stopping_ = true;
      if (self->phase_ == Phase::Idle) self->close();
    });
  }

 private:
  enum class Phase { Idle, Header, Body, Writing, Closing, Closed };

  void arm(std::chrono::milliseconds timeout) {
    const std::uint64_t generation = ++generation_;
    timed_out_ = false;
    timer_.expires_after(timeout);
    timer_.async_wait([self = shared_from_this(), generation](const beast::error_code& error) {
      if (error || generation != self->generation_) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->socket_.cancel(ignored);  // the pending operation completes with operation_aborted
    });
  }
  void disarm() {
    ++generation_;
    timer_.cancel();
  }

  void wait_for_request() {
    if (buffer_.size() > 0) return read_header();  // pipelined: the next request is already here
    phase_ = Phase::Idle;
    arm(shared_->options.limits.idle_timeout);
    socket_.async_wait(tcp::socket::wait_read, [self = shared_from_this()](const beast::error_code& error) {
      self->disarm();
      if (error || self->stopping_) return self->close();
      self->read_header();
    });
  }

  void read_header() {
    phase_ = Phase::Header;
    parser_.emplace();
    configure(*parser_, shared_->options.limits);
    arm(shared_->options.limits.header_timeout);
    http::async_read_header(socket_, buffer_, *parser_,
                            [self = shared_from_this()](const beast::error_code& error, std::size_t) {
                              self->on_header(error);
                            });
  }

  // Whether a read error leaves anything to answer: a parse error or a deadline does; the
  // client closing or resetting the connection does not.
  bool read_failed(const beast::error_code& error, bool headers) {
    const bool timed_out = timed_out_;
    disarm();
    if (!error) return false;
    if (timed_out) {
      fail(timeout_failure(headers, shared_->options.limits));
    } else if (error.category() == http::make_error_code(http::error::end_of_stream).category() &&
               error != http::error::end_of_stream && error != http::error::partial_message) {
      fail(failure_of(error, shared_->options.limits));
    } else {
      close();
    }
    return true;
  }

  void on_header(const beast::error_code& error) {
    if (read_failed(error, true)) return;
    const auto& header = parser_->get();
    if (auto failure = check_header(header)) return fail(*failure);
    if (parser_->is_done()) return answer();
    if (expects_continue(header)) {
      phase_ = Phase::Writing;
      arm(shared_->options.limits.idle_timeout);
      net::async_write(socket_, net::buffer(kContinue.data(), kContinue.size()),
                       [self = shared_from_this()](const beast::error_code& write_error, std::size_t) {
                         self->disarm();
                         if (write_error) return self->close();
                         self->read_body();
                       });
      return;
    }
    read_body();
  }

  void read_body() {
    phase_ = Phase::Body;
    arm(shared_->options.limits.body_timeout);
    http::async_read(socket_, buffer_, *parser_, [self = shared_from_this()](const beast::error_code& error, std::size_t) {
      if (self->read_failed(error, false)) return;
      self->answer();
    });
  }

  void answer() {
    http::request<http::string_body> message = parser_->release();
    parser_.reset();
    const bool client_keeps_alive = message.keep_alive();
    const unsigned version = message.version();
    const bool head = message.method() == http::verb::head;
    const auto started = std::chrono::steady_clock::now();
    const api::Request request = to_api_request(std::move(message));
    api::Response answer = shared_->call(request);
    // Decided after the call: a stop() that came while the handler ran closes this connection.
    const bool keep_alive = client_keeps_alive && !stopping_ && !shared_->stopping;
    const int status = answer.status;
    const std::size_t body_bytes = answer.body.size();
    response_ = to_beast_response(std::move(answer), version, keep_alive, head, shared_->options.server_header);
    if (shared_->options.log) {
      const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started);
      shared_->options.log(fmt::format("{} {} {} -> {} ({} bytes, {:.3f} ms)", remote_, request.method,
                                       redact_target(request.target), status, body_bytes, elapsed.count()));
    }
    write(!keep_alive);
  }

  void fail(const HttpFailure& failure) {
    const unsigned version = parser_ && parser_->is_header_done() ? parser_->get().version() : 11;
    parser_.reset();
    if (shared_->options.log)
      shared_->options.log(fmt::format("{} HTTP error -> {} {}", remote_, failure.status, failure.error_class));
    response_ = failure_response(failure, version, shared_->options.server_header);
    write(true);
  }

  void write(bool close_after) {
    phase_ = Phase::Writing;
    arm(shared_->options.limits.idle_timeout);  // a client that stops reading is cut off
    http::async_write(socket_, response_, [self = shared_from_this(), close_after](const beast::error_code& error, std::size_t) {
      self->disarm();
      self->response_ = {};
      if (error) return self->close();
      if (close_after || self->stopping_) return self->linger_close();
      self->wait_for_request();
    });
  }

  void linger_close() {
    phase_ = Phase::Closing;
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_send, ignored);
    arm(std::min(kLingerTimeout, shared_->options.limits.idle_timeout));
    drain();
  }
  void drain() {
    socket_.async_read_some(net::buffer(drain_), [self = shared_from_this()](const beast::error_code& error, std::size_t) {
      if (error) return self->close();
      self->drain();
    });
  }

  void close() {
    phase_ = Phase::Closed;
    disarm();
    beast::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  std::shared_ptr<Shared> shared_;
  std::shared_ptr<Registry> registry_;
  std::list<std::weak_ptr<Session>>::iterator entry_;
  bool registered_ = false;
  beast::flat_buffer buffer_;
  std::optional<Parser> parser_;
  BeastResponse response_;
  std::array<char, 4096> drain_{};
  std::string remote_;
  Phase phase_ = Phase::Idle;
  std::uint64_t generation_ = 0;
  bool timed_out_ = false;
  bool stopping_ = false;
};

// A connection over the limit: answered 503 with Retry-After at once and closed (a client never
// waits in the accept backlog without an answer).
class Rejection : public std::enable_shared_from_this<Rejection> {
 public:
  Rejection(tcp::socket socket, std::shared_ptr<const std::string> answer)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), answer_(std::move(answer)) {}

  void start() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->timer_.expires_after(kLingerTimeout);
      self->timer_.async_wait([self](const beast::error_code& error) {
        if (error) return;
        beast::error_code ignored;
        self->socket_.close(ignored);
      });
      net::async_write(self->socket_, net::buffer(*self->answer_), [self](const beast::error_code& error, std::size_t) {
        if (error) return self->finish();
        beast::error_code ignored;
        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
        self->drain();
      });
    });
  }

 private:
  void drain() {
    socket_.async_read_some(net::buffer(drain_), [self = shared_from_this()](const beast::error_code& error, std::size_t) {
      if (error) return self->finish();
      self->drain();
    });
  }
  void finish() {
    timer_.cancel();
    beast::error_code ignored;
    socket_.close(ignored);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  std::shared_ptr<const std::string> answer_;
  std::array<char, 1024> drain_{};
};

}  // namespace server_detail

namespace {

std::string serialize(const BeastResponse& response) {
  std::ostringstream out;
  out << response;
  return std::move(out).str();
}

}  // namespace

using server_detail::Rejection;
using server_detail::Registry;
using server_detail::Session;
using server_detail::Shared;

struct HttpServer::Impl {
  Impl(RequestHandler handler, HttpServerOptions options)
      : io(std::max(1, options.threads)),
        acceptor(net::make_strand(io)),
        accept_retry(acceptor.get_executor()),
        drain_timer(io),
        shared(std::make_shared<Shared>()),
        registry(std::make_shared<Registry>()) {
    shared->handler = std::move(handler);
    shared->options = std::move(options);
    const ServerLimits& limits = shared->options.limits;
    BeastResponse busy = failure_response(
        {503, "ServiceUnavailable",
         fmt::format("The server has {} connections open, its limit; retry shortly.", limits.max_connections)},
        11, shared->options.server_header);
    busy.set(http::field::retry_after, "1");
    busy_answer = std::make_shared<const std::string>(serialize(busy));
  }

  net::io_context io;
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  net::steady_timer drain_timer;
  std::shared_ptr<Shared> shared;
  std::shared_ptr<Registry> registry;
  std::shared_ptr<const std::string> busy_answer;
  std::chrono::steady_clock::time_point drain_deadline;
  int bound_port = 0;

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](const beast::error_code& error, tcp::socket socket) {
      if (!acceptor.is_open() || shared->stopping) return;
      if (error) {
        // Out of file descriptors (or a transient accept error): retry shortly instead of spinning.
        if (shared->options.log) shared->options.log(fmt::format("accept failed: {}; retrying in 50 ms", error.message()));
        accept_retry.expires_after(std::chrono::milliseconds(50));
        accept_retry.async_wait([this](const beast::error_code& wait_error) {
          if (!wait_error) accept();
        });
        return;
      }
      admit(std::move(socket));
      // Drain the backlog now. Accepting one connection per turn of the event loop would make
      // a burst of N connects wait N turns, each turn serving every open connection once (with
      // 1,000 clients connecting at once, the last waited seconds for its first answer).
      for (int burst = 0; burst < kAcceptBurst; ++burst) {
        tcp::socket next(net::make_strand(io));
        beast::error_code accept_error;
        acceptor.accept(next, accept_error);  // non-blocking: would_block ends the burst
        if (accept_error) break;
        admit(std::move(next));
      }
      accept();
    });
  }

  void admit(tcp::socket socket) {
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (shared->open_connections.load() >= shared->options.limits.max_connections) {
      std::make_shared<Rejection>(std::move(socket), busy_answer)->start();
    } else {
      shared->open_connections.fetch_add(1);
      std::make_shared<Session>(std::move(socket), shared, registry)->start();
    }
  }

  // After stop(): polls until every connection has closed or the shutdown timeout has passed.
  void await_drain() {
    if (shared->open_connections.load() == 0 || std::chrono::steady_clock::now() >= drain_deadline) {
      io.stop();
      return;
    }
    drain_timer.expires_after(std::chrono::milliseconds(10));
    drain_timer.async_wait([this](const beast::error_code& error) {
      if (!error) await_drain();
    });
  }
};

HttpServer::HttpServer(RequestHandler handler, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}

HttpServer::HttpServer(api::Service& service, HttpServerOptions options)
    : HttpServer([&service](const api::Request& request) { return service.handle(request); }, std::move(options)) {}

HttpServer::~HttpServer() {
  stop();
  impl_->io.stop();
}

bool HttpServer::bind(std::string& error) {
  const HttpServerOptions& options = impl_->shared->options;
  beast::error_code code;
  tcp::endpoint endpoint;
  const auto address = net::ip::make_address(options.host, code);
  if (!code) {
    endpoint = tcp::endpoint(address, static_cast<unsigned short>(options.port));
  } else {
    tcp::resolver resolver(impl_->io);
    const auto results = resolver.resolve(options.host, std::to_string(options.port), code);
    if (!code && !results.empty()) endpoint = results.begin()->endpoint();
  }
  tcp::acceptor& acceptor = impl_->acceptor;
  if (!code) acceptor.open(endpoint.protocol(), code);
  if (!code) acceptor.set_option(net::socket_base::reuse_address(true), code);
  if (!code) acceptor.bind(endpoint, code);
  if (!code) acceptor.listen(net::socket_base::max_listen_connections, code);
  if (!code) acceptor.non_blocking(true, code);
  if (code) {
    beast::error_code ignored;
    acceptor.close(ignored);
    impl_->bound_port = -1;
    error = fmt::format("cannot listen on {}:{} ({})", options.host, options.port, code.message());
    return false;
  }
  impl_->bound_port = acceptor.local_endpoint().port();
  return true;
}

int HttpServer::port() const { return impl_->bound_port; }

void HttpServer::run() {
  if (impl_->shared->stopping) return;
  impl_->accept();
  const int threads = std::max(1, impl_->shared->options.threads);
  std::vector<std::thread> workers;
  workers.reserve(static_cast<std::size_t>(threads - 1));
  for (int i = 1; i < threads; ++i) workers.emplace_back([this] { impl_->io.run(); });
  impl_->io.run();
  for (std::thread& worker : workers) worker.join();
}

void HttpServer::stop() {
  if (impl_->shared->stopping.exchange(true)) return;
  net::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->accept_retry.cancel();
  });
  // Collected under the lock, told outside it: the last reference to a session may be dropped
  // here, and its destructor takes the registry's lock.
  std::vector<std::shared_ptr<Session>> sessions;
  {
    std::lock_guard lock(impl_->registry->mutex);
    for (auto& entry : impl_->registry->sessions)
      if (auto session = entry.lock()) sessions.push_back(std::move(session));
  }
  for (const auto& session : sessions) session->shutdown();
  sessions.clear();
  net::post(impl_->io, [impl = impl_.get()] {
    impl->drain_deadline = std::chrono::steady_clock::now() + impl->shared->options.limits.shutdown_timeout;
    impl->await_drain();
  });
}

std::string answer_connection_bytes(const RequestHandler& handler, std::string_view bytes, const ServerLimits& limits,
                                    std::string_view server_header) {
  std::string out;
  std::string_view rest = bytes;
  while (!rest.empty()) {
    Parser parser;
    configure(parser, limits);
    parser.eager(true);
    bool header_checked = false;
    for (;;) {
      beast::error_code error;
      const std::size_t used = parser.put(net::buffer(rest.data(), rest.size()), error);
      rest.remove_prefix(used);
      if (error == http::error::need_more) return out;  // incomplete: the server would wait for more
      const unsigned version = parser.is_header_done() ? parser.get().version() : 11;
      if (error) return out + serialize(failure_response(failure_of(error, limits), version, server_header));
      if (parser.is_header_done() && !header_checked) {
        header_checked = true;
        if (auto failure = check_header(parser.get()))
          return out + serialize(failure_response(*failure, version, server_header));
        if (!parser.is_done() && expects_continue(parser.get())) out += kContinue;
      }
      if (parser.is_done()) break;
      if (rest.empty()) return out;
    }
    http::request<http::string_body> message = parser.release();
    const bool keep_alive = message.keep_alive();
    const unsigned version = message.version();
    const bool head = message.method() == http::verb::head;
    api::Response answer;
    try {
      answer = handler(to_api_request(std::move(message)));
    } catch (const std::exception&) {
      answer.status = 500;
      answer.content_type = "application/json";
      answer.body = error_body("InternalServiceError", "The request handler failed.");
    }
    out += serialize(to_beast_response(std::move(answer), version, keep_alive, head, server_header));
    if (!keep_alive) break;
  }
  return out;
}

}  // namespace ringpool::transport
