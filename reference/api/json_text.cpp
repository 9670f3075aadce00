#include "reference/api/json_text.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::api {

bool is_json_safe_ascii(std::string_view text) {
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte >= 0x80 || c == '"' || c == '\\') return false;
  }
  return true;
}

void append_json_string(std::string& out, std::string_view text) {
  if (is_json_safe_ascii(text)) {
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return;
  }
  out.append(nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace ringpool::api
