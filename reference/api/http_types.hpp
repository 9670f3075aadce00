// HTTP-shaped values (a request and a response) that the reference API consumes and produces.
// Both the in-process target and the HTTP server build these, so a scenario sees the same bytes
// either way (design: "a request is a value").
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::api {

// Case-insensitive header name ordering, so "authorization" finds "Authorization".
struct HeaderNameLess {
  bool operator()(std::string_view a, std::string_view b) const;
  using is_transparent = void;
};
using Headers = std::multimap<std::string, std::string, HeaderNameLess>;

struct Request {
  std::string method;  // "GET", "POST", ...
  // The request target as sent: path plus "?" and the raw (still percent-encoded) query.
  std::string target;
  Headers headers;
  std::string body;

  std::optional<std::string> header(std::string_view name) const;
  std::string_view path() const;       // target before '?'
  std::string_view raw_query() const;  // target after '?', or empty
};

struct Response {
  int status = 200;
  std::string content_type;  // e.g. "application/json; charset=utf-8"; empty for no body
  Headers headers;           // extra headers (processing-time, ...)
  std::string body;
};

// Convenience for tests and the in-process target.
Request make_request(std::string method, std::string target, std::string body = {},
                     Headers headers = {});

}  // namespace ringpool::api
