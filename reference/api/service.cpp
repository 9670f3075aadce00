#include "reference/api/service.hpp"

#include "reference/api/allocation_api.hpp"
#include "reference/api/bulk_api.hpp"
#include "reference/api/control_api.hpp"
#include "reference/api/error_response.hpp"
#include "reference/api/management_api.hpp"
#include "reference/api/safe_text.hpp"
#include "reference/api/secret_compare.hpp"

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

bool Service::control_token_matches(const Request& request) const {
  const auto token = request.header("X-Control-Token");
  return token && !state_->options.control_token.empty() && secrets_equal(state_->options.control_token, *token);
}

Response Service::handle_control_request(const Request& request, bool in_pieces) {
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
  if (!control_token_matches(request))
    return json_error(403, Error{ErrorClass::Unauthorized, "The control API needs the header X-Control-Token: <token>."});
  const domain::ReferenceModel* before = state_->model.get();
  // The variant's pretty JSON reformats whole bodies, so it gets its advance whole.
  const bool sliced = in_pieces && !state_->options.dialect.pretty_json;
  Response response = handle_control(state_->model, request, state_->options.prepare_world,
                                     sliced ? state_->options.stopwatch_ms : std::function<double()>());
  // A reset starts a new run: the same seed and world must give the same bodies again (T-2).
  if (state_->model.get() != before) state_->next_error_handle = 1;
  return response;
}

Response Service::handle(const Request& request) {
  Response response = handle_in_pieces(request);
  join_pieces(response);
  return response;
}

std::optional<Response> Service::screen_head(const Request& head) {
  // Fault injection draws from the run's stream per routed request: screening must not change
  // which request fails, so with faults on everything waits for its body.
  if (state_->model->world().faults.internal_error_probability > 0) return std::nullopt;
  const std::string_view path = head.path();
  bool certain = false;
  if (path.starts_with(kControlPrefix)) {
    const auto endpoint = control_endpoint_of(path);
    certain = !state_->options.control_enabled || (endpoint && !state_->options.control_endpoints.contains(*endpoint)) ||
              !control_token_matches(head);
  } else if (match_legacy_route(path) || path == kBulkPath) {
    certain = false;  // the body (Bulk rows) or the query decides
  } else if (const auto management = match_management_route(path)) {
    certain = management_refusal_is_certain(state_->model->world(), *management, head, state_->options.dialect);
  } else {
    certain = true;  // no route
  }
  if (!certain) return std::nullopt;
  return handle(head);
}

Response Service::handle_in_pieces(const Request& request) {
  Response response = route(request, true);
  finish_response(response, state_->options.dialect);
  // Drained on every request, so that nothing accumulates when no one listens.
  for (const std::string& line : state_->model->engine().take_notices())
    if (state_->options.notice) state_->options.notice(line);
  return response;
}

Response Service::route(const Request& request, bool in_pieces) {
  const Dialect& dialect = state_->options.dialect;
  try {
    if (request.body.size() > state_->options.max_body_bytes)
      return json_error(Error{ErrorClass::RequestTooLarge,
                              fmt::format("The request body is {} bytes; the limit is {} bytes.",
                                          request.body.size(), state_->options.max_body_bytes)});
    if (state_->options.time_source) state_->model->advance_to(state_->options.time_source());
    const std::string_view path = request.path();
    if (path.starts_with(kControlPrefix)) return handle_control_request(request, in_pieces);

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
    return handle_management(*state_->model, *management, request, dialect, in_pieces ? &state_->model : nullptr);
  } catch (const std::exception& failure) {
    // Never crash on a request (C-3); the handle lets an operator find the cause in the log.
    return json_error(Error{ErrorClass::InternalServiceError,
                            fmt::format("refer to error handle {}", state_->next_error_handle++)});
  }
}

}  // namespace ringpool::api
