// The target description reader (conformance::parse_target_description over toml++): any text is
// a description or an error naming the source; nothing throws or crashes.
#include "conformance/target_description.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto description = ringpool::conformance::parse_target_description(text, "fuzz.toml");
  if (!description && description.error().find("fuzz.toml") == std::string::npos) {
    std::fprintf(stderr, "fuzz: a target error that does not name the source: %s\n", description.error().c_str());
    std::abort();
  }
  return 0;
}
