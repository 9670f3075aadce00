// answer_connection_bytes(): one connection's bytes through the server's framing, screening,
// dispatch and serialisation, without sockets (for the fuzzers and tests). What the live
// session does asynchronously, in order, on the same classes.
#include "transport/http/http_server.hpp"
#include "transport/http/request_dispatch.hpp"
#include "transport/http/request_framing.hpp"
#include "transport/http/response_writing.hpp"

#include <exception>

namespace ringpool::transport {

namespace {

api::Response call_joined(const RequestHandler& handler, const api::Request& request) {
  try {
    api::Response answer = handler(request);
    api::join_pieces(answer);
    return answer;
  } catch (const std::exception&) {
    api::Response answer;
    answer.status = 500;
    answer.content_type = "application/json";
    answer.body = error_body("InternalServiceError", "The request handler failed.");
    return answer;
  }
}

}  // namespace

std::string answer_connection_bytes(const RequestHandler& handler, std::string_view bytes, const ServerLimits& limits,
                                    std::string_view server_header, const RequestScreen& screen,
                                    std::vector<api::Request>* framed) {
  std::string out;
  std::string_view rest = bytes;
  RequestFramer framer(limits);
  // Answers the framed request; false when the connection would close after it.
  const auto answer = [&] {
    const bool keep_alive = framer.head().keep_alive;
    const unsigned version = framer.head().version;
    const bool head_method = framer.head().head_method;
    api::Request request = framer.take_request();
    if (framed != nullptr) framed->push_back(request);
    Dispatch dispatch = dispatch_request(std::move(request), head_method);
    api::Response response = dispatch.direct ? std::move(*dispatch.direct) : call_joined(handler, dispatch.request);
    out += serialize_response(std::move(response), version, keep_alive, head_method, server_header);
    return keep_alive;
  };
  while (!rest.empty()) {
    std::size_t consumed = 0;
    const auto event = framer.feed(rest, consumed);
    rest.remove_prefix(consumed);
    switch (event) {
      case RequestFramer::Event::NeedMore: return out;  // incomplete: the server would wait for more
      case RequestFramer::Event::Failure:
        return out + serialize_failure(framer.failure(), framer.head().version, server_header);
      case RequestFramer::Event::Head: {
        const RequestHead& head = framer.head();
        if (!head.expects_continue) break;
        if (screen) {
          if (auto refusal = screen(head.request))
            return out + serialize_response(std::move(*refusal), head.version, false, head.head_method, server_header);
        }
        out += kContinueResponse;
        break;
      }
      case RequestFramer::Event::Complete:
        if (!answer()) return out;
        break;
    }
  }
  // A request whose header section ended exactly at the end of the bytes and has no body.
  std::size_t consumed = 0;
  if (framer.in_request() && framer.feed({}, consumed) == RequestFramer::Event::Complete) answer();
  return out;
}

}  // namespace ringpool::transport
