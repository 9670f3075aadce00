#include "transport/http/response_writing.hpp"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

namespace ringpool::transport {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;

template <typename Message>
std::string to_bytes(const Message& message) {
  std::ostringstream out;
  out << message;
  return std::move(out).str();
}

template <typename Body>
void set_fields(http::response<Body>& response, const api::Response& answer, unsigned version, bool keep_alive,
                std::string_view server_header) {
  response.result(static_cast<unsigned>(answer.status));
  response.version(version);
  if (!server_header.empty()) response.set(http::field::server, server_header);
  if (!answer.content_type.empty()) response.set(http::field::content_type, answer.content_type);
  for (const auto& [name, value] : answer.headers) response.insert(name, value);
  response.keep_alive(keep_alive);
}

}  // namespace

std::string error_body(std::string_view error_class, const std::string& message) {
  nlohmann::ordered_json details;
  details["class"] = error_class;
  details["invalid_data"] = message;
  nlohmann::ordered_json body;
  body["errors"] = std::move(details);
  return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string serialize_response(api::Response&& answer, unsigned version, bool keep_alive, bool head,
                               std::string_view server_header) {
  if (head) {
    http::response<http::empty_body> response;
    set_fields(response, answer, version, keep_alive, server_header);
    response.content_length(answer.body.size());  // what a GET would carry
    return to_bytes(response.base());
  }
  http::response<http::string_body> response;
  set_fields(response, answer, version, keep_alive, server_header);
  response.body() = std::move(answer.body);
  response.prepare_payload();
  return to_bytes(response);
}

std::string serialize_failure(const HttpFailure& failure, unsigned version, std::string_view server_header) {
  api::Response answer;
  answer.status = static_cast<int>(failure.status);
  answer.content_type = "application/json";
  answer.headers = failure.headers;
  answer.body = error_body(failure.error_class, failure.message);
  return serialize_response(std::move(answer), version == 10 ? 10 : 11, false, false, server_header);
}

std::string serialize_streamed_header(const api::Response& answer, unsigned version, bool keep_alive,
                                      std::string_view server_header) {
  http::response<http::empty_body> response;
  set_fields(response, answer, version, version == 11 && keep_alive, server_header);
  if (version == 11) response.chunked(true);
  return to_bytes(response.base());
}

std::string serialize_piece(std::string_view piece, unsigned version) {
  if (piece.empty()) return {};
  if (version != 11) return std::string(piece);
  return beast::buffers_to_string(http::make_chunk(boost::asio::buffer(piece.data(), piece.size())));
}

std::string serialize_end_of_pieces(unsigned version) {
  return version == 11 ? beast::buffers_to_string(http::make_chunk_last()) : std::string();
}

}  // namespace ringpool::transport
