// What the server does between framing a request and calling the handler: a HEAD is served as
// the GET it stands for, without the body (RFC 9110 §9.3.2), except where a GET changes state
// (an allocation hands out a number), where it answers 405 with `Allow: GET`.
#pragma once

#include "reference/api/http_types.hpp"

#include <optional>

namespace ringpool::transport {

struct Dispatch {
  api::Request request;                 // what the handler gets (a HEAD arrives as GET)
  std::optional<api::Response> direct;  // the answer, when the handler is not called
};

Dispatch dispatch_request(api::Request request, bool head_method);

}  // namespace ringpool::transport
