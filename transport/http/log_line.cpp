#include "transport/http/log_line.hpp"

#include "transport/http/log_redaction.hpp"

#include <fmt/format.h>

namespace ringpool::transport {

std::string escape_for_log(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') {
      out += "\\\\";
    } else if (byte >= 0x20 && byte < 0x7f) {
      out += c;
    } else {
      out += fmt::format("\\x{:02x}", byte);
    }
  }
  return out;
}

std::string request_log_line(std::string_view remote, std::string_view method, std::string_view target, int status,
                             std::size_t body_bytes, double elapsed_ms) {
  return fmt::format("{} {} {} -> {} ({} bytes, {:.3f} ms)", remote, escape_for_log(method),
                     escape_for_log(redact_target(target)), status, body_bytes, elapsed_ms);
}

std::string failure_log_line(std::string_view remote, unsigned status, std::string_view error_class) {
  return fmt::format("{} HTTP error -> {} {}", remote, status, error_class);
}

std::string refused_log_line(std::string_view remote, std::size_t open_connections) {
  return fmt::format("{} refused -> 503 ServiceUnavailable ({} connections open, none idle)", remote, open_connections);
}

}  // namespace ringpool::transport
