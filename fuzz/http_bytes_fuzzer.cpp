// Raw bytes of one connection through the server's own request parser and limits
// (transport::answer_connection_bytes, the sans-I/O core of `ringpool serve`) into Service::handle.
// Beyond "no crash": every request that reaches the service is judged by the harness (no 5xx, body
// parses as declared, a failure changes nothing), and the transport never answers 5xx itself.
#include "fuzz/fuzz_support.hpp"
#include "transport/http/http_server.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringpool;
  auto& harness = fuzz::Harness::instance();
  harness.begin_input();
  const transport::RequestHandler handler = [&harness](const api::Request& request) {
    return harness.handle_checked(request);
  };
  transport::ServerLimits limits;
  limits.max_body_bytes = 64 * 1024;  // small, so that the fuzzer reaches the limit's answer too
  limits.max_header_bytes = 4 * 1024;
  const std::string answers =
      transport::answer_connection_bytes(handler, {reinterpret_cast<const char*>(data), size}, limits, "ringpool/fuzz");
  // Whatever the bytes, what goes back is HTTP: a status line first (the handler's answers were
  // judged above; the transport's own answers to bad framing are 4xx).
  if (!answers.empty() && !answers.starts_with("HTTP/1.1 ") && !answers.starts_with("HTTP/1.0 ")) {
    std::fprintf(stderr, "fuzz: the connection's answer does not start with a status line\n");
    std::abort();
  }
  return 0;
}
