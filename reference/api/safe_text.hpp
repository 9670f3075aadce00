// Echoed input made safe for any body format: the messages of XML and plain-text errors quote
// what the client sent, which may hold bytes that are not UTF-8 or characters XML 1.0 forbids.
#pragma once

#include <string>
#include <string_view>

namespace ringpool::api {

// `text` as valid UTF-8 that XML 1.0 and plain text can carry: invalid UTF-8 sequences, control
// characters (NUL included, so nothing is cut short) other than tab, LF and CR, and the
// non-characters U+FFFE and U+FFFF each become U+FFFD. Text that needs none of this is returned
// unchanged.
std::string printable_text(std::string_view text);

}  // namespace ringpool::api
