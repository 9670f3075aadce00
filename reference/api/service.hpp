// The reference service: handle(request) -> response for every endpoint the reference serves.
// Used in process (tests, the conformance runner's reference target) and by `ringpool serve`.
// Not thread-safe: the HTTP adapter serialises calls.
#pragma once

#include "reference/api/http_types.hpp"
#include "reference/domain/reference_model.hpp"

#include <memory>

namespace ringpool::api {

struct ServiceOptions {
  // Largest accepted request body (spec C-4): larger -> 413 RequestTooLarge.
  std::size_t max_body_bytes = 1024 * 1024;
};

class Service {
 public:
  explicit Service(domain::World world, ServiceOptions options = {});
  ~Service();
  Service(const Service&) = delete;
  Service& operator=(const Service&) = delete;

  Response handle(const Request& request);

  domain::World& world();
  const domain::World& world() const;
  domain::ReferenceModel& model();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ringpool::api
