// Writing JSON string literals into hand-assembled bodies (the fixed shapes of the hot paths)
// with the library's own escaping, so streamed bytes equal what its DOM would dump.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ringpool::api {

// True when nlohmann's dump would print `text` between quotes unchanged: no quote, backslash or
// control character (all escaped), and no byte >= 0x80 (left to the library, which validates
// UTF-8). DEL (0x7F) is printed raw by dump, so it is safe.
bool is_json_safe_ascii(std::string_view text);

// Appends `text` as a JSON string literal. Plain ASCII is copied between quotes; anything else
// is escaped by nlohmann itself, never by hand. Invalid UTF-8 becomes U+FFFD instead of an
// exception, so no caller-supplied byte can fail a request here (C-3).
void append_json_string(std::string& out, std::string_view text);

// dump() for response bodies: a string that is not valid UTF-8 (echoed input) becomes U+FFFD
// instead of throwing, so echoing a request's bytes can never turn into a 500 (C-3).
template <typename Json>
std::string dump_json(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace ringpool::api
