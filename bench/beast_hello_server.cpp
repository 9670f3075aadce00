// The HTTP baseline for `ringpool serve` (issue 11 goal: serve >= 0.8 x this): a minimal
// asynchronous Boost.Beast hello-world server, one io thread, keep-alive, TCP_NODELAY, answering
// every request with a short JSON body. No limits, no deadlines, no logging: the cheapest a
// Beast server can be, so the ratio shows what ringpool's own work costs.
//
// Usage: ringpool_bench_beast_hello [port] [threads]   (port 0 or none picks a free one; 1 thread)
// Prints "ringpool_bench_beast_hello: listening on http://127.0.0.1:<port>" once it accepts.
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <vector>

namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  explicit Connection(tcp::socket socket) : socket_(std::move(socket)) {}
  void read() {
    request_ = {};
    http::async_read(socket_, buffer_, request_, [self = shared_from_this()](boost::beast::error_code error, std::size_t) {
      if (error) return;
      self->respond();
    });
  }

 private:
  void respond() {
    response_ = {};
    response_.result(http::status::ok);
    response_.version(request_.version());
    response_.set(http::field::content_type, "application/json");
    response_.body() = R"({"hello":"world"})";
    response_.keep_alive(request_.keep_alive());
    response_.prepare_payload();
    http::async_write(socket_, response_, [self = shared_from_this()](boost::beast::error_code error, std::size_t) {
      if (error || !self->response_.keep_alive()) return;
      self->read();
    });
  }

  tcp::socket socket_;
  boost::beast::flat_buffer buffer_;
  http::request<http::string_body> request_;
  http::response<http::string_body> response_;
};

void accept(tcp::acceptor& acceptor, net::io_context& io) {
  acceptor.async_accept(net::make_strand(io), [&acceptor, &io](boost::beast::error_code error, tcp::socket socket) {
    if (!error) {
      socket.set_option(tcp::no_delay(true));
      std::make_shared<Connection>(std::move(socket))->read();
    }
    accept(acceptor, io);
  });
}

}  // namespace

int main(int argc, char** argv) {
  const int port = argc > 1 ? std::atoi(argv[1]) : 0;
  const int threads = argc > 2 ? std::max(1, std::atoi(argv[2])) : 1;
  net::io_context io(threads);
  tcp::acceptor acceptor(io);
  boost::beast::error_code error;
  const tcp::endpoint endpoint(net::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port));
  acceptor.open(endpoint.protocol(), error);
  if (!error) acceptor.set_option(net::socket_base::reuse_address(true), error);
  if (!error) acceptor.bind(endpoint, error);
  if (!error) acceptor.listen(net::socket_base::max_listen_connections, error);
  if (error) {
    std::fprintf(stderr, "ringpool_bench_beast_hello: cannot listen on 127.0.0.1:%d: %s\n", port, error.message().c_str());
    return 1;
  }
  std::printf("ringpool_bench_beast_hello: listening on http://127.0.0.1:%d\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  accept(acceptor, io);
  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) workers.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& worker : workers) worker.join();
  return 0;
}
