// Responses as the bytes a connection writes: the handler's api::Response or an HttpFailure, with
// Server, Content-Length (or chunked framing for a response that comes in pieces) and Connection,
// serialised by Beast. Shared by the live server and answer_connection_bytes().
#pragma once

#include "reference/api/http_types.hpp"
#include "transport/http/request_framing.hpp"

#include <string>
#include <string_view>

namespace ringpool::transport {

inline constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

// {"errors":{"class":...,"invalid_data":...}}
std::string error_body(std::string_view error_class, const std::string& message);

// The whole response. `head`: the headers a GET would carry, without the body (RFC 9110 §9.3.2).
std::string serialize_response(api::Response&& answer, unsigned version, bool keep_alive, bool head,
                               std::string_view server_header);
// An HTTP-level refusal, always with Connection: close.
std::string serialize_failure(const HttpFailure& failure, unsigned version, std::string_view server_header);

// A response whose body follows in pieces: its header section, framed with Transfer-Encoding:
// chunked in HTTP/1.1 or by closing the connection in HTTP/1.0 (then keep_alive is ignored).
std::string serialize_streamed_header(const api::Response& answer, unsigned version, bool keep_alive,
                                      std::string_view server_header);
// One piece of such a body (nothing for an empty piece), and its end.
std::string serialize_piece(std::string_view piece, unsigned version);
std::string serialize_end_of_pieces(unsigned version);

}  // namespace ringpool::transport
