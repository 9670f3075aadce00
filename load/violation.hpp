// A violation of an invariant under load, with the answers that show it (request, status, body,
// when each was sent and answered, and when it took effect on the target's clock).
#pragma once

#include "load/server_clock.hpp"

#include <string>
#include <vector>

namespace ringpool::load {

// One answer quoted as evidence.
struct Evidence {
  std::string request;
  int status = 0;        // 0: no answer
  std::string answer;    // the body (at most 600 bytes), or the transport error
  double sent_ms = 0, received_ms = 0;
  ServerTimeBounds server_time;
};

struct Violation {
  std::string clause;  // "P-1", "P-4", "B-3", "B-4", "no-5xx", "no-dropped-connection"
  std::string what;
  std::vector<Evidence> evidence;
};

}  // namespace ringpool::load
