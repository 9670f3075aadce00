// The reference service: handle(request) -> response for every endpoint the reference serves.
// Used in process (tests, the conformance runner's reference target) and by `ringpool serve`.
// Not thread-safe: the HTTP adapter serialises calls.
#pragma once

#include "reference/api/control_api.hpp"
#include "reference/api/dialect.hpp"
#include "reference/api/http_types.hpp"
#include "reference/domain/reference_model.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ringpool::api {

struct ServiceOptions {
  // Largest accepted request body (spec C-4): larger -> 413 RequestTooLarge.
  std::size_t max_body_bytes = 1024 * 1024;
  // T-4: the control API is served only when enabled, and only with this X-Control-Token.
  bool control_enabled = false;
  std::string control_token;
  // T-3: with --clock wall, the adapter reads the wall clock and the service advances the model
  // to that instant before each request. Empty: the virtual clock moves only via the control API.
  std::function<sim::Instant()> time_source;
  // B-10: a monotonic stopwatch in milliseconds for processing-time. Empty: reports 0.
  std::function<double()> stopwatch_ms;
  // T-4: which control endpoints are served when control_enabled (all by default); the others
  // answer a plain-text 404 whatever the token, as if they did not exist.
  ControlEndpointSet control_endpoints;
  // The wire-level choices the spec leaves open; the reference's by default.
  Dialect dialect;
  // Called with each line an operator should see (a network's toll-free inventory running out);
  // `ringpool serve` logs them. None by default.
  std::function<void(const std::string&)> notice;
  // Applied to every world the control API's reset loads (e.g. the variant's policy); none by default.
  std::function<void(domain::World&)> prepare_world;
};

class Service {
 public:
  explicit Service(domain::World world, ServiceOptions options = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  Response handle(const Request& request);
  // handle() for the HTTP server: a long answer (a campaign's list, a clock advance) comes in
  // pieces (Response::next_piece), which the server asks for one at a time under its lock, so
  // that no request holds the service for long (issue 22); a list piece's bytes are written
  // after the lock is released (Piece::render). handle() joins them.
  Response handle_in_pieces(const Request& request);
  // Before the body of a request is read (a client sent `Expect: 100-continue`): the answer it
  // gets whatever its body, when its head already decides it (no route, a method not allowed,
  // the control API off or its token wrong, a wrong API token in the Authorization header or the
  // query); nullopt when the body may matter. So 100 Continue comes only after authentication.
  std::optional<Response> screen_head(const Request& head);

  domain::World& world();
  const domain::World& world() const;
  domain::ReferenceModel& model();

 private:
  Response route(const Request& request, bool in_pieces);
  Response handle_control_request(const Request& request, bool in_pieces);
  bool control_token_matches(const Request& request) const;

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ringpool::api
