// The framing of one connection's requests (RFC 9112), without I/O: bytes in, framed requests
// out. Beast's parser parses; this file adds the checks Beast leaves to a server, so that the
// server and any proxy in front of it agree on where each request ends (issue 22: request
// smuggling): Transfer-Encoding exactly `chunked` (400 otherwise, 501 for another coding before
// it), never beside Content-Length or in HTTP/1.0; exactly one valid Host in HTTP/1.1; no obs-fold;
// no Content-Encoding (415); an origin-, absolute- or asterisk-form target in ASCII. Trailer fields
// never reach the request (RFC 9110 §6.5.1), so a credential sent only there is not seen.
//
// Both the live server (http_session.cpp) and answer_connection_bytes() (the fuzzers' and tests'
// sans-I/O core) frame through this class, so what is tested is what is served.
#pragma once

#include "reference/api/http_types.hpp"
#include "transport/http/http_server.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace ringpool::transport {

// An HTTP-level refusal: answered with this status and a JSON error body, then the connection
// closes (nothing of the request reaches the handler).
struct HttpFailure {
  unsigned status = 400;
  std::string error_class;
  std::string message;
  api::Headers headers;  // extra response fields (Accept-Encoding with a 415, ...)
};

// What is known of a request at the end of its header section.
struct RequestHead {
  // Method, target in origin-form (an absolute-form target reduced to its path and query), and
  // the header fields as they were at the end of the header section (never trailers). No body.
  api::Request request;
  unsigned version = 11;  // 10 or 11
  bool keep_alive = true;
  bool head_method = false;
  bool expects_continue = false;  // HTTP/1.1 `Expect: 100-continue` with a body still to come
  bool chunked = false;
  std::uint64_t declared_body_bytes = 0;  // Content-Length; 0 when chunked or absent
};

class RequestFramer {
 public:
  enum class Event {
    NeedMore,  // every byte given was used (or is kept for later): feed more
    Head,      // the header section passed the checks: head() is valid; feed again for the body
    Complete,  // the request is framed: take_request(); the framer is then ready for the next
    Failure,   // failure() says what to answer; the connection must close
  };

  explicit RequestFramer(const ServerLimits& limits);
  ~RequestFramer();
  RequestFramer(const RequestFramer&) = delete;
  RequestFramer& operator=(const RequestFramer&) = delete;

  // Parses from `bytes`, what the connection received and has not consumed yet; sets `consumed`
  // to the bytes used (drop them from the buffer). Bytes of an incomplete header section are
  // not consumed: give them again with more.
  Event feed(std::string_view bytes, std::size_t& consumed);

  const RequestHead& head() const;
  // Whether a request has begun (so a deadline expiring now is a timeout, not an idle close).
  bool in_request() const;
  // Body bytes decoded so far of the request being read.
  std::uint64_t body_bytes() const;
  // After Complete: the request (the head's fields and the body); resets for the next request.
  api::Request take_request();
  const HttpFailure& failure() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ringpool::transport
