// The request log's lines: what a client sent is printed escaped (a control or non-ASCII byte as
// \xHH), so that no request can forge a log line or a terminal escape; secrets in the query are
// redacted first (log_redaction.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace ringpool::transport {

// Printable ASCII as it is (a backslash doubled), every other byte as \xHH.
std::string escape_for_log(std::string_view text);

// "<remote> <METHOD> <target> -> <status> (<bytes> bytes, <ms> ms)", escaped and redacted.
std::string request_log_line(std::string_view remote, std::string_view method, std::string_view target, int status,
                             std::size_t body_bytes, double elapsed_ms);
// "<remote> HTTP error -> <status> <class>"
std::string failure_log_line(std::string_view remote, unsigned status, std::string_view error_class);
// A connection refused for lack of slots (every one busy, none idle to give way).
std::string refused_log_line(std::string_view remote, std::size_t open_connections);

}  // namespace ringpool::transport
