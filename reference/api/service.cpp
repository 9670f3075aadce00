#include "reference/api/service.hpp"

#include "reference/api/error_response.hpp"
#include "reference/api/management_api.hpp"

#include <fmt/format.h>

#include <exception>

namespace ringpool::api {

using domain::Error;
using domain::ErrorClass;

struct Service::State {
  State(domain::World world, ServiceOptions service_options)
      : model(std::make_unique<domain::ReferenceModel>(std::move(world))), options(service_options) {}

  std::unique_ptr<domain::ReferenceModel> model;
  ServiceOptions options;
  std::int64_t next_error_handle = 1;
};

Service::Service(domain::World world, ServiceOptions options)
    : state_(std::make_unique<State>(std::move(world), options)) {}

Service::~Service() = default;

domain::World& Service::world() { return state_->model->world(); }
const domain::World& Service::world() const { return state_->model->world(); }
domain::ReferenceModel& Service::model() { return *state_->model; }

Response Service::handle(const Request& request) {
  try {
    if (request.body.size() > state_->options.max_body_bytes)
      return json_error(Error{ErrorClass::RequestTooLarge,
                              fmt::format("The request body is {} bytes; the limit is {} bytes.",
                                          request.body.size(), state_->options.max_body_bytes)});
    if (auto route = match_management_route(request.path()))
      return handle_management(*state_->model, *route, request);
    return json_error(Error{ErrorClass::RecordNotFound,
                            fmt::format("No route matches {} {}", request.method, request.path())});
  } catch (const std::exception& failure) {
    // Never crash on a request (C-3); the handle lets an operator find the cause in the log.
    return json_error(Error{ErrorClass::InternalServiceError,
                            fmt::format("refer to error handle {}", state_->next_error_handle++)});
  }
}

}  // namespace ringpool::api
