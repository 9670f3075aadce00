// `ringpool serve --inject-defect NAME`: the conformance runner's deliberately broken target
// (conformance/defects.hpp) composed around the served Service, so that `ringpool load` and
// `ringpool conform --target URL` can be seen catching a broken live server.
#pragma once

#include "reference/api/service.hpp"
#include "transport/http/http_server.hpp"

#include <expected>
#include <memory>
#include <string>

namespace ringpool::cli {

// The names `--inject-defect` accepts, one "name (clause): what it breaks" line each.
std::string describe_known_defects();

// A handler answering like `service` bent by `defect`. The handler shares the decorator's state
// and is called one request at a time (the server's lock). An unknown name is an error naming
// the known ones.
std::expected<transport::RequestHandler, std::string> make_defective_handler(api::Service& service,
                                                                             const std::string& defect);

}  // namespace ringpool::cli
