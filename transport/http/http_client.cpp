// The Beast/Asio client loop. With http_server.cpp, the only translation unit of ringpool that
// includes Beast and Asio (they share one unity batch, so their headers are parsed once).
//
// Invariants of a ClientConnection: at most one request is in flight (busy_), and the timer is
// armed exactly while it is; `generation_` tells a stale expiry from the live one.
#include "transport/http/http_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>

#include <vector>

namespace ringpool::transport {

namespace client_detail {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kIdleCheckAfter{100};

http::request<http::string_body> to_beast_request(const api::Request& request, const std::string& host_header) {
  http::request<http::string_body> out;
  out.method_string(request.method);
  out.target(request.target);
  out.version(11);
  bool has_host = false;
  for (const auto& [name, value] : request.headers) {
    if (beast::iequals(name, "host")) has_host = true;
    out.insert(name, value);
  }
  if (!has_host) out.set(http::field::host, host_header);
  out.keep_alive(true);
  out.body() = request.body;
  if (!request.body.empty() || request.method == "POST" || request.method == "PUT" || request.method == "PATCH")
    out.prepare_payload();
  return out;
}

api::Response to_api_response(http::response<http::string_body>&& message) {
  api::Response out;
  out.status = static_cast<int>(message.result_int());
  for (const auto& field : message) {
    if (field.name() == http::field::content_type) out.content_type = std::string(field.value());
    else if (field.name() != http::field::content_length) out.headers.emplace(std::string(field.name_string()), std::string(field.value()));
  }
  out.body = std::move(message.body());
  return out;
}

using TlsStream = net::ssl::stream<tcp::socket>;

class ClientConnection : public std::enable_shared_from_this<ClientConnection> {
 public:
  // `tls`: the context of an https target, or null for plain TCP.
  ClientConnection(net::io_context& io, const tcp::resolver::results_type& endpoints, const ClientOptions& options,
                   const std::string& host_header, net::ssl::context* tls)
      : io_(io), socket_(io), timer_(io), endpoints_(endpoints), options_(options), host_header_(host_header), tls_context_(tls) {}

  bool busy() const { return busy_; }

  void send(const api::Request& request, AnswerCallback done) {
    busy_ = true;
    done_ = std::move(done);
    answer_ = {};
    answer_.sent = Clock::now();
    request_ = to_beast_request(request, host_header_);
    const std::uint64_t generation = ++generation_;
    timed_out_ = false;
    timer_.expires_after(options_.request_timeout);
    timer_.async_wait([self = shared_from_this(), generation](const beast::error_code& error) {
      if (error || generation != self->generation_) return;
      self->timed_out_ = true;
      beast::error_code ignored;
      self->socket().close(ignored);  // the pending operation completes with an error
    });
    // A server may close a keep-alive connection that stayed idle (HTTP allows it); one that
    // sat unused for a while is checked first, so its closing is not mistaken for a request
    // dropped by the server.
    if (open_ && answer_.sent - idle_since_ > kIdleCheckAfter && peer_closed()) close();
    if (open_) return write();
    if (tls_context_ != nullptr) {
      // A TLS stream cannot be reused once closed: each connection gets a fresh one.
      tls_ = std::make_unique<TlsStream>(io_, *tls_context_);
      SSL_set_tlsext_host_name(tls_->native_handle(), options_.host.c_str());  // SNI
      if (options_.tls_verify) tls_->set_verify_callback(net::ssl::host_name_verification(options_.host));
    }
    net::async_connect(socket(), endpoints_, [self = shared_from_this()](const beast::error_code& error, const tcp::endpoint&) {
      if (error) return self->fail("connect", error);
      beast::error_code ignored;
      self->socket().set_option(tcp::no_delay(true), ignored);
      if (!self->tls_) return self->opened();
      self->tls_->async_handshake(net::ssl::stream_base::client, [self](const beast::error_code& handshake_error) {
        if (handshake_error) return self->fail("TLS handshake", handshake_error);
        self->opened();
      });
    });
  }

 private:
  tcp::socket& socket() { return tls_ ? tls_->next_layer() : socket_; }

  void opened() {
    beast::error_code ignored;
    socket().non_blocking(true, ignored);  // for peer_closed()'s peek
    open_ = true;
    buffer_.clear();
    write();
  }

  void write() {
    const auto written = [self = shared_from_this()](const beast::error_code& error, std::size_t) {
      if (error) return self->fail("write", error);
      self->read();
    };
    if (tls_) http::async_write(*tls_, request_, written);
    else http::async_write(socket_, request_, written);
  }

  void read() {
    parser_.emplace();
    parser_->body_limit(options_.max_answer_bytes);
    parser_->header_limit(1024 * 1024);
    if (request_.method() == http::verb::head) parser_->skip(true);
    const auto answered = [self = shared_from_this()](const beast::error_code& error, std::size_t) {
      if (error) return self->fail("read", error);
      http::response<http::string_body> message = self->parser_->release();
      self->parser_.reset();
      if (!message.keep_alive()) self->close();
      self->answer_.response = to_api_response(std::move(message));
      self->finish();
    };
    if (tls_) http::async_read(*tls_, buffer_, *parser_, answered);
    else http::async_read(socket_, buffer_, *parser_, answered);
  }

  void fail(const char* step, const beast::error_code& error) {
    if (timed_out_)
      answer_.transport_error = fmt::format("no answer within {} ms", options_.request_timeout.count());
    else if (error == http::error::end_of_stream || error == net::error::eof)
      answer_.transport_error = fmt::format("{}: the server closed the connection without answering", step);
    else
      answer_.transport_error = fmt::format("{}: {}", step, error.message());
    close();
    finish();
  }

  // Whether the server has closed the connection: a non-blocking peek reads end-of-stream (or,
  // over TLS, the server's close_notify alert).
  bool peer_closed() {
    char byte = 0;
    beast::error_code error;
    const std::size_t got = socket().receive(net::buffer(&byte, 1), tcp::socket::message_peek, error);
    if (error == net::error::would_block || error == net::error::try_again) return false;
    // Over TLS an idle connection has bytes to read only when the server sent its closing alert.
    return error || got == 0 || tls_ != nullptr;
  }

  void close() {
    open_ = false;
    beast::error_code ignored;
    socket().shutdown(tcp::socket::shutdown_both, ignored);
    socket().close(ignored);
    buffer_.clear();
  }

  void finish() {
    ++generation_;
    timer_.cancel();
    busy_ = false;
    answer_.received = Clock::now();
    idle_since_ = answer_.received;
    AnswerCallback done = std::move(done_);
    done_ = nullptr;
    done(std::move(answer_));
  }

  net::io_context& io_;
  tcp::socket socket_;  // plain TCP; with TLS the stream's own socket is used instead
  net::steady_timer timer_;
  const tcp::resolver::results_type& endpoints_;
  const ClientOptions& options_;
  const std::string& host_header_;
  net::ssl::context* tls_context_;
  std::unique_ptr<TlsStream> tls_;
  beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  std::optional<http::response_parser<http::string_body>> parser_;
  AnswerCallback done_;
  ClientAnswer answer_;
  Clock::time_point idle_since_{};
  std::uint64_t generation_ = 0;
  bool open_ = false;
  bool busy_ = false;
  bool timed_out_ = false;
};

}  // namespace client_detail

struct HttpClientLoop::Impl {
  explicit Impl(ClientOptions client_options) : io(1), options(std::move(client_options)) {}
  client_detail::net::io_context io;
  ClientOptions options;
  std::unique_ptr<client_detail::net::ssl::context> tls;  // https only
  client_detail::tcp::resolver::results_type endpoints;
  std::string host_header;
  std::vector<std::shared_ptr<client_detail::ClientConnection>> connections;
};

HttpClientLoop::HttpClientLoop(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpClientLoop::~HttpClientLoop() = default;

std::unique_ptr<HttpClientLoop> HttpClientLoop::create(ClientOptions options, std::string& error) {
  auto impl = std::make_unique<Impl>(std::move(options));
  client_detail::tcp::resolver resolver(impl->io);
  client_detail::beast::error_code code;
  impl->endpoints = resolver.resolve(impl->options.host, std::to_string(impl->options.port), code);
  if (code || impl->endpoints.empty()) {
    error = fmt::format("cannot resolve {}: {}", impl->options.host, code ? code.message() : "no address");
    return nullptr;
  }
  const int default_port = impl->options.tls ? 443 : 80;
  impl->host_header = impl->options.port == default_port ? impl->options.host
                                                          : fmt::format("{}:{}", impl->options.host, impl->options.port);
  if (impl->options.tls) {
    namespace ssl = client_detail::net::ssl;
    impl->tls = std::make_unique<ssl::context>(ssl::context::tls_client);
    impl->tls->set_default_verify_paths(code);
    if (!impl->options.tls_ca_file.empty()) {
      impl->tls->load_verify_file(impl->options.tls_ca_file, code);
      if (code) {
        error = fmt::format("cannot load the CA file '{}': {}", impl->options.tls_ca_file, code.message());
        return nullptr;
      }
    }
    impl->tls->set_verify_mode(impl->options.tls_verify ? ssl::verify_peer : ssl::verify_none);
  }
  return std::unique_ptr<HttpClientLoop>(new HttpClientLoop(std::move(impl)));
}

std::size_t HttpClientLoop::add_connection() {
  impl_->connections.push_back(std::make_shared<client_detail::ClientConnection>(
      impl_->io, impl_->endpoints, impl_->options, impl_->host_header, impl_->tls.get()));
  return impl_->connections.size() - 1;
}

bool HttpClientLoop::busy(std::size_t connection) const { return impl_->connections.at(connection)->busy(); }

void HttpClientLoop::send(std::size_t connection, const api::Request& request, AnswerCallback done) {
  impl_->connections.at(connection)->send(request, std::move(done));
}

void HttpClientLoop::at(std::chrono::steady_clock::time_point when, std::function<void()> action) {
  auto timer = std::make_shared<client_detail::net::steady_timer>(impl_->io, when);
  timer->async_wait([timer, action = std::move(action)](const client_detail::beast::error_code& error) {
    if (!error) action();
  });
}

void HttpClientLoop::post(std::function<void()> action) { client_detail::net::post(impl_->io, std::move(action)); }

void HttpClientLoop::run() {
  impl_->io.restart();
  impl_->io.run();
}

void HttpClientLoop::stop() { impl_->io.stop(); }

ClientAnswer HttpClientLoop::call(std::size_t connection, const api::Request& request) {
  std::optional<ClientAnswer> result;
  send(connection, request, [&result](ClientAnswer&& answer) { result = std::move(answer); });
  impl_->io.restart();
  while (!result && impl_->io.run_one() > 0) {
  }
  if (!result) {
    ClientAnswer failed;
    failed.transport_error = "the client loop stopped before the answer arrived";
    return failed;
  }
  return std::move(*result);
}

}  // namespace ringpool::transport
