#include "reference/api/service.hpp"

#include "reference/api/allocation_api.hpp"
#include "reference/api/bulk_api.hpp"
#include "reference/api/control_api.hpp"
#include "reference/api/error_response.hpp"
#include "reference/api/management_api.hpp"
#include "reference/api/safe_text.hpp"

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

Response Service::handle_control_request(const Request& request) {
  // T-4: without --control the control API does not exist; with it, the token is required.
  if (!state_->options.control_enabled)
    return json_error(Error{ErrorClass::RecordNotFound, fmt::format("No route matches {} {}", request.method, request.path())});
  // An endpoint the server does not serve does not exist: a plain 404, whatever the token, that
  // cannot be taken for an endpoint's own answer (GET ring_pools/<id>'s RecordNotFound).
  if (const auto endpoint = control_endpoint_of(request.path());
      endpoint && !state_->options.control_endpoints.contains(*endpoint)) {
    Response response;
    response.status = 404;
    response.content_type = "text/plain";
    response.body = printable_text(fmt::format("Not Found: {} {}", request.method, request.path()));
    return response;
  }
  const auto token = request.header("X-Control-Token");
  if (!token || state_->options.control_token.empty() || *token != state_->options.control_token)
    return json_error(403, Error{ErrorClass::Unauthorized, "The control API needs the header X-Control-Token: <token>."});
  const domain::ReferenceModel* before = state_->model.get();
  Response response = handle_control(state_->model, request, state_->options.prepare_world);
  // A reset starts a new run: the same seed and world must give the same bodies again (T-2).
  if (state_->model.get() != before) state_->next_error_handle = 1;
  return response;
}

Response Service::handle(const Request& request) {
  Response response = route(request);
  finish_response(response, state_->options.dialect);
  // Drained on every request, so that nothing accumulates when no one listens.
  for (const std::string& line : state_->model->engine().take_notices())
    if (state_->options.notice) state_->options.notice(line);
  return response;
}

Response Service::route(const Request& request) {
  const Dialect& dialect = state_->options.dialect;
  try {
    if (request.body.size() > state_->options.max_body_bytes)
      return json_error(Error{ErrorClass::RequestTooLarge,
                              fmt::format("The request body is {} bytes; the limit is {} bytes.",
                                          request.body.size(), state_->options.max_body_bytes)});
    if (state_->options.time_source) state_->model->advance_to(state_->options.time_source());
    const std::string_view path = request.path();
    if (path.starts_with(kControlPrefix)) return handle_control_request(request);

    const auto legacy = match_legacy_route(path);
    // an undated version is a route error, answered (plain text) before fault injection,
    // like any other path that matches no route.
    if (legacy && !legacy->dated()) return handle_legacy(*state_->model, *legacy, request, dialect);
    const auto management = legacy ? std::nullopt : match_management_route(path);
    const bool bulk = path == kBulkPath;
    if (!legacy && !management && !bulk)
      return json_error(Error{ErrorClass::RecordNotFound, fmt::format("No route matches {} {}", request.method, path)});

    // Fault injection (A-5, M-7a): seeded, so a failing run repeats.
    const double fault_probability = state_->model->world().faults.internal_error_probability;
    if (fault_probability > 0 && state_->model->fault_stream().chance(fault_probability)) {
      const std::int64_t handle = state_->next_error_handle++;
      if (legacy) {
        if (auto format = parse_allocation_format(legacy->extension))
          return legacy_error(*format,
                              Error{ErrorClass::InternalServiceError,
                                    fmt::format("Internal service error (handle {})", handle)},
                              dialect);
      } else {
        return json_error(Error{ErrorClass::InternalServiceError, fmt::format("refer to error handle {}", handle)});
      }
    }
    if (legacy) return handle_legacy(*state_->model, *legacy, request, dialect);
    if (bulk) return handle_bulk(*state_->model, request, state_->options.stopwatch_ms, dialect);
    return handle_management(*state_->model, *management, request, dialect);
  } catch (const std::exception& failure) {
    // Never crash on a request (C-3); the handle lets an operator find the cause in the log.
    return json_error(Error{ErrorClass::InternalServiceError,
                            fmt::format("refer to error handle {}", state_->next_error_handle++)});
  }
}

}  // namespace ringpool::api
