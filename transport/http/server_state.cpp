#include "transport/http/server_state.hpp"

#include "transport/http/response_writing.hpp"

#include <exception>

namespace ringpool::transport {

api::Response ServerState::call(const api::Request& request) {
  std::lock_guard lock(handler_mutex);
  try {
    return handler(request);
  } catch (const std::exception&) {
    return handler_failed_response();
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

std::optional<api::Piece> ServerState::take_piece(const PieceProducer& producer, bool& failed) {
  failed = false;
  std::lock_guard lock(handler_mutex);
  try {
    return producer();
  } catch (const std::exception&) {
    failed = true;
    return std::nullopt;
  }
}

std::optional<std::string> ServerState::piece_bytes(api::Piece&& piece, bool& failed) {
  failed = false;
  try {
    return std::move(piece).bytes();
  } catch (const std::exception&) {
    failed = true;
    return std::nullopt;
  }
}

}  // namespace ringpool::transport
