#include "transport/http/request_dispatch.hpp"

#include "reference/api/allocation_api.hpp"


namespace ringpool::transport {

Dispatch dispatch_request(api::Request request, bool head_method) {
  Dispatch out;
  if (head_method) {
    if (api::match_legacy_route(request.path())) {
      api::Response refused;
      refused.status = 405;
      refused.content_type = "text/plain";
      refused.headers.emplace("Allow", "GET");
      refused.body = "HEAD is not allowed here: a GET of this URL allocates a number.";
      out.direct = std::move(refused);
    }
    request.method = "GET";
  }
  out.request = std::move(request);
  return out;
}

}  // namespace ringpool::transport
