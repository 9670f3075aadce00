// Raw bytes of one connection through the server's own framing and limits
// (transport::answer_connection_bytes, the sans-I/O core of `ringpool serve`) into Service::handle.
// Beyond "no crash":
//  - every request that reaches the service is judged by the harness (no 5xx, body parses as
//    declared, a failure changes nothing), and the transport never answers 5xx itself;
//  - differential framing (issue 22): the requests the server framed are, in order, the first
//    requests that an independent parser frames from the same bytes (Debian's libhttp-parser,
//    nodejs's former parser): same method, same body, same origin-form target. The server may
//    stop earlier (it refuses what the RFC lets it refuse and closes), never later and never
//    elsewhere: a request the oracle sees as part of a body, or a body boundary it puts
//    elsewhere, is request smuggling.
#include "fuzz/fuzz_support.hpp"
#include "transport/http/http_server.hpp"

#include <http_parser.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct OracleMessage {
  std::string method;
  std::string url;
  std::string body;
};

struct Oracle {
  std::vector<OracleMessage> messages;  // complete messages, before any error
  OracleMessage current;
  bool refused = false;  // it stopped at bytes it refuses (a proxy using it would close)
};

int on_message_begin(http_parser* parser) {
  static_cast<Oracle*>(parser->data)->current = OracleMessage{};
  return 0;
}
int on_url(http_parser* parser, const char* at, std::size_t length) {
  static_cast<Oracle*>(parser->data)->current.url.append(at, length);
  return 0;
}
int on_body(http_parser* parser, const char* at, std::size_t length) {
  static_cast<Oracle*>(parser->data)->current.body.append(at, length);
  return 0;
}
int on_message_complete(http_parser* parser) {
  auto* oracle = static_cast<Oracle*>(parser->data);
  oracle->current.method = http_method_str(static_cast<http_method>(parser->method));
  oracle->messages.push_back(std::move(oracle->current));
  oracle->current = OracleMessage{};
  return 0;
}

Oracle oracle_framing(std::string_view bytes) {
  http_parser_settings settings{};
  settings.on_message_begin = on_message_begin;
  settings.on_url = on_url;
  settings.on_body = on_body;
  settings.on_message_complete = on_message_complete;
  Oracle oracle;
  http_parser parser{};
  http_parser_init(&parser, HTTP_REQUEST);
  parser.data = &oracle;
  http_parser_execute(&parser, &settings, bytes.data(), bytes.size());
  oracle.refused = HTTP_PARSER_ERRNO(&parser) != HPE_OK;
  return oracle;
}

[[noreturn]] void mismatch(const char* what, std::size_t index, const std::string& ours, const std::string& theirs) {
  std::fprintf(stderr, "fuzz: framing differs from http-parser at request %zu (%s): server '%.200s', oracle '%.200s'\n",
               index, what, ours.c_str(), theirs.c_str());
  std::abort();
}

// The server frames requests the oracle frames, in order, as a prefix of the oracle's list. Past
// the oracle's last message the server may frame more only where the oracle refuses the bytes
// (http-parser has quirks of its own: it takes `Transfer-Encoding6:` for Transfer-Encoding and
// refuses it); where the oracle still waits for bytes of a message the server has finished, the
// two disagree about a boundary, and that is reported.
void check_framing(std::string_view bytes, const std::vector<ringpool::api::Request>& framed) {
  const Oracle oracle = oracle_framing(bytes);
  const std::vector<OracleMessage>& expected = oracle.messages;
  if (framed.size() > expected.size() && !oracle.refused)
    mismatch("the server framed more requests", expected.size(), framed[expected.size()].method + " " +
                                                                     framed[expected.size()].target,
             "(none: error or end)");
  for (std::size_t i = 0; i < std::min(framed.size(), expected.size()); ++i) {
    if (framed[i].method != expected[i].method) mismatch("method", i, framed[i].method, expected[i].method);
    if (framed[i].body != expected[i].body) mismatch("body", i, framed[i].body, expected[i].body);
    if (expected[i].url.starts_with('/') && framed[i].target != expected[i].url)
      mismatch("target", i, framed[i].target, expected[i].url);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringpool;
  auto& harness = fuzz::Harness::instance();
  harness.begin_input();
  const transport::RequestHandler handler = [&harness](const api::Request& request) {
    return harness.handle_checked(request);
  };
  const transport::RequestScreen screen = [&harness](const api::Request& head) {
    return harness.service().screen_head(head);
  };
  transport::ServerLimits limits;
  limits.max_body_bytes = 64 * 1024;  // small, so that the fuzzer reaches the limit's answer too
  limits.max_header_bytes = 4 * 1024;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  std::vector<api::Request> framed;
  const std::string answers =
      transport::answer_connection_bytes(handler, bytes, limits, "ringpool/fuzz", screen, &framed);
  // Whatever the bytes, what goes back is HTTP: a status line first (the handler's answers were
  // judged above; the transport's own answers to bad framing are 4xx).
  if (!answers.empty() && !answers.starts_with("HTTP/1.1 ") && !answers.starts_with("HTTP/1.0 ")) {
    std::fprintf(stderr, "fuzz: the connection's answer does not start with a status line\n");
    std::abort();
  }
  check_framing(bytes, framed);
  return 0;
}
