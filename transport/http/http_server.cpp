// The server: the listening socket, admission of connections (an idle one gives way when every
// slot is taken; 503 when none is idle), io threads, graceful stop. A connection's own life is
// in http_session.cpp, framing in request_framing.cpp, the sans-I/O core in connection_core.cpp.
#include "transport/http/http_server.hpp"

#include "transport/http/http_session.hpp"
#include "transport/http/log_line.hpp"
#include "transport/http/response_writing.hpp"
#include "transport/http/server_state.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>

#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <array>
#include <memory>
#include <thread>
#include <vector>

namespace ringpool::transport {

namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;
using error_code = boost::system::error_code;

// Connections accepted at once when the listening socket is ready (see accept()).
constexpr int kAcceptBurst = 1024;

// A connection over the limit: answered 503 with Retry-After at once and closed (a client never
// waits in the accept backlog without an answer).
class Rejection : public std::enable_shared_from_this<Rejection> {
 public:
  Rejection(tcp::socket socket, std::shared_ptr<const std::string> answer)
      : socket_(std::move(socket)), timer_(socket_.get_executor()), answer_(std::move(answer)) {}

  void start() {
    net::dispatch(socket_.get_executor(), [self = shared_from_this()] {
      self->timer_.expires_after(kLingerTimeout);
      self->timer_.async_wait([self](const error_code& error) {
        if (error) return;
        error_code ignored;
        self->socket_.close(ignored);
      });
      net::async_write(self->socket_, net::buffer(*self->answer_), [self](const error_code& error, std::size_t) {
        if (error) return self->finish();
        error_code ignored;
        self->socket_.shutdown(tcp::socket::shutdown_send, ignored);
        self->drain();
      });
    });
  }

 private:
  void drain() {
    socket_.async_read_some(net::buffer(drain_), [self = shared_from_this()](const error_code& error, std::size_t) {
      if (error) return self->finish();
      self->drain();
    });
  }
  void finish() {
    timer_.cancel();
    error_code ignored;
    socket_.close(ignored);
  }

  tcp::socket socket_;
  net::steady_timer timer_;
  std::shared_ptr<const std::string> answer_;
  std::array<char, 1024> drain_{};
};

// SCHED_IDLE for the calling thread only: any normal thread that wakes (an io thread with a short
// request) preempts it at once, where a lower nice value would still let it finish its time slice
// (about a millisecond on EEVDF) first; it keeps a small share of a busy CPU, so lists still end.
// A refusal (a sandbox) leaves it at the process's policy: slower for others, no failure.
void lower_this_threads_priority() {
  sched_param param{};
  static_cast<void>(pthread_setschedparam(pthread_self(), SCHED_IDLE, &param));
}

}  // namespace

struct HttpServer::Impl {
  Impl(RequestHandler handler, HttpServerOptions options)
      : io(std::max(1, options.threads)),
        acceptor(net::make_strand(io)),
        accept_retry(acceptor.get_executor()),
        drain_timer(io),
        shared(std::make_shared<ServerState>(std::move(options))),
        registry(std::make_shared<SessionRegistry>()) {
    shared->handler = std::move(handler);
    shared->pieces_lane = pieces_io.get_executor();
    HttpFailure busy{503, "ServiceUnavailable",
                     fmt::format("The server has {} connections open, its limit, and none idle; retry shortly.",
                                 shared->options.limits.max_connections),
                     {}};
    busy.headers.emplace("Retry-After", "1");
    busy_answer = std::make_shared<const std::string>(serialize_failure(busy, 11, shared->options.server_header));
  }

  net::io_context io;
  // The pieces lane (ServerState::pieces_lane): one thread of its own, at a lower CPU priority, so
  // that a client looping on long answers takes neither an io thread nor the CPU from short requests.
  net::io_context pieces_io{1};
  net::executor_work_guard<net::io_context::executor_type> pieces_work{pieces_io.get_executor()};
  tcp::acceptor acceptor;
  net::steady_timer accept_retry;
  net::steady_timer drain_timer;
  std::shared_ptr<ServerState> shared;
  std::shared_ptr<SessionRegistry> registry;
  std::shared_ptr<const std::string> busy_answer;
  std::chrono::steady_clock::time_point drain_deadline;
  int bound_port = 0;

  void accept() {
    acceptor.async_accept(net::make_strand(io), [this](const error_code& error, tcp::socket socket) {
      if (!acceptor.is_open() || shared->stopping) return;
      if (error) {
        // Out of file descriptors (or a transient accept error): retry shortly instead of spinning.
        if (shared->options.log) shared->options.log(fmt::format("accept failed: {}; retrying in 50 ms", error.message()));
        accept_retry.expires_after(std::chrono::milliseconds(50));
        accept_retry.async_wait([this](const error_code& wait_error) {
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
        error_code accept_error;
        acceptor.accept(next, accept_error);  // non-blocking: would_block ends the burst
        if (accept_error) break;
        admit(std::move(next));
      }
      accept();
    });
  }

  void admit(tcp::socket socket) {
    error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    // Every slot taken: the connection idle the longest gives way (finding 5 of issue 22: idle
    // keep-alive sockets must not lock newcomers out); with none idle, 503 at once.
    if (shared->open_connections.load() >= shared->options.limits.max_connections && !shared->idle.evict_oldest()) {
      if (shared->options.log) {
        error_code unknown_remote;
        const auto remote = socket.remote_endpoint(unknown_remote);
        shared->log(refused_log_line(fmt::format("{}:{}", remote.address().to_string(), remote.port()),
                                     shared->open_connections.load()));
      }
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
    drain_timer.async_wait([this](const error_code& error) {
      if (!error) await_drain();
    });
  }
};

HttpServer::HttpServer(RequestHandler handler, HttpServerOptions options)
    : impl_(std::make_unique<Impl>(std::move(handler), std::move(options))) {}

HttpServer::HttpServer(api::Service& service, HttpServerOptions options)
    : HttpServer([&service](const api::Request& request) { return service.handle_in_pieces(request); },
                 [&service, options]() mutable {
                   if (!options.screen)
                     options.screen = [&service](const api::Request& head) { return service.screen_head(head); };
                   return std::move(options);
                 }()) {}

HttpServer::~HttpServer() {
  stop();
  impl_->io.stop();
  impl_->pieces_io.stop();
}

bool HttpServer::bind(std::string& error) {
  const HttpServerOptions& options = impl_->shared->options;
  error_code code;
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
    error_code ignored;
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
  std::thread pieces([this] {
    lower_this_threads_priority();
    impl_->pieces_io.run();
  });
  impl_->io.run();
  for (std::thread& worker : workers) worker.join();
  impl_->pieces_work.reset();
  impl_->pieces_io.stop();
  pieces.join();
}

void HttpServer::stop() {
  if (impl_->shared->stopping.exchange(true)) return;
  net::post(impl_->acceptor.get_executor(), [impl = impl_.get()] {
    error_code ignored;
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


}  // namespace ringpool::transport
