// HTTP-shaped values (a request and a response) that the reference API consumes and produces.
// Both the in-process target and the HTTP server build these, so a scenario sees the same bytes
// either way (design: "a request is a value").
#pragma once

#include <functional>
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

// One piece of a response in pieces: its bytes, or, when writing them needs no state of the
// service, `render`, called after the service's lock is released (a list piece copies its pools
// under the lock and writes their JSON outside it, so another network's request waits only for
// the copy: issue 22).
struct Piece {
  std::string text;
  std::function<std::string()> render;

  std::string bytes() &&;  // `text`, or what `render` writes
};

struct Response {
  int status = 200;
  std::string content_type;  // e.g. "application/json; charset=utf-8"; empty for no body
  Headers headers;           // extra headers (processing-time, ...)
  std::string body;
  // A response whose work is long (a campaign's list, an advance of the clock over many events)
  // comes in pieces, so that the service is never held for its whole length (issue 22): `body`
  // is its start, and each call of next_piece, made under the service's lock (the HTTP server
  // releases the lock between calls, so other requests run in between), returns the next piece
  // (possibly empty yet) or nullopt at the end; the server renders a piece after releasing the
  // lock. Empty for an ordinary response. Service::handle() joins the pieces; only the HTTP
  // server asks for them.
  std::function<std::optional<Piece>()> next_piece;
};

// Calls next_piece until it ends, appending to body (what an in-process caller wants).
void join_pieces(Response& response);

// Convenience for tests and the in-process target.
Request make_request(std::string method, std::string target, std::string body = {},
                     Headers headers = {});

}  // namespace ringpool::api
