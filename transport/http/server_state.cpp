#include "transport/http/server_state.hpp"

#include "transport/http/response_writing.hpp"

#include <exception>

namespace ringpool::transport {

api::Response ServerState::call(const api::Request& request) {
  std::lock_guard lock(handler_mutex);
  try {
    return handler(request);
  } catch (const std::exception&) {
    api::Response answer;
    answer.status = 500;
    answer.content_type = "application/json";
    answer.body = error_body("InternalServiceError", "The request handler failed.");
    return answer;
  }
}

std::optional<api::Response> ServerState::screen(const api::Request& head) {
  if (!options.screen) return std::nullopt;
  std::lock_guard lock(handler_mutex);
  try {
    return options.screen(head);
  } catch (const std::exception&) {
    return std::nullopt;  // the handler will answer once the body is in
  }
}

std::optional<std::string> ServerState::next_piece(api::Response& answer, bool& failed) {
  failed = false;
  std::lock_guard lock(handler_mutex);
  try {
    return answer.next_piece();
  } catch (const std::exception&) {
    failed = true;
    return std::nullopt;
  }
}

}  // namespace ringpool::transport
