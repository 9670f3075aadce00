// The HTTP baseline for `ringpool serve` (issue 3 goal: serve >= 0.8 x this): a cpp-httplib
// hello-world server configured like transport/http (TCP_NODELAY, practically unlimited
// keep-alive), answering GET /hello with a short JSON body. Runs until killed.
//
// Usage: ringpool_bench_hello [port]   (0 or none picks a free port)
// Prints "ringpool_bench_hello: listening on http://127.0.0.1:<port>" once it accepts connections.
#include <httplib.h>

#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  const int requested = argc > 1 ? std::atoi(argv[1]) : 0;
  httplib::Server server;
  server.set_tcp_nodelay(true);
  server.set_keep_alive_max_count(1'000'000);
  server.Get("/hello", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"hello":"world"})", "application/json");
  });
  const int port = requested > 0 ? (server.bind_to_port("127.0.0.1", requested) ? requested : -1)
                                 : server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "ringpool_bench_hello: cannot listen on 127.0.0.1:%d\n", requested);
    return 1;
  }
  std::printf("ringpool_bench_hello: listening on http://127.0.0.1:%d\n", port);
  std::fflush(stdout);
  return server.listen_after_bind() ? 0 : 1;
}
