#include "reference/api/service.hpp"

#include "reference/api/error_response.hpp"
#include "reference/api/management_api.hpp"

#include <fmt/format.h>

#include <exception>

namespace ringpool::api {

using domain::Error;
using domain::ErrorClass;

struct Service::State {
  domain::World world;
  ServiceOptions options;
  sim::Instant now;
  std::int64_t next_error_handle = 1;
};

Service::Service(domain::World world, ServiceOptions options)
    : state_(std::make_unique<State>(State{std::move(world), options, 0})) {
  state_->now = state_->world.epoch;
}

Service::~Service() = default;

domain::World& Service::world() { return state_->world; }
const domain::World& Service::world() const { return state_->world; }

Response Service::handle(const Request& request) {
  try {
    if (request.body.size() > state_->options.max_body_bytes)
      return json_error(Error{ErrorClass::RequestTooLarge,
                              fmt::format("The request body is {} bytes; the limit is {} bytes.",
                                          request.body.size(), state_->options.max_body_bytes)});
    if (auto route = match_management_route(request.path()))
      return handle_management(state_->world, *route, request, state_->now);
    return json_error(Error{ErrorClass::RecordNotFound,
                            fmt::format("No route matches {} {}", request.method, request.path())});
  } catch (const std::exception& failure) {
    // Never crash on a request (C-3); the handle lets an operator find the cause in the log.
    return json_error(Error{ErrorClass::InternalServiceError,
                            fmt::format("refer to error handle {}", state_->next_error_handle++)});
  }
}

}  // namespace ringpool::api
