// Helpers shared by the world-file tests: load inline TOML, and assert that a load fails at a
// given line with a message containing given text.
#pragma once

#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>

#include <initializer_list>
#include <string>
#include <string_view>

namespace ringpool::world_file::testing {

// One network with a token and nothing else: prepend or append sections to test them.
inline constexpr std::string_view kMinimalNetwork = R"toml(
[[network]]
id = 1
host = "n1.test"
tokens = ["t1"]
)toml";

// The 1-based line of the first occurrence of `needle` in `text` (0 when absent), so that tests
// say which line they mean instead of counting.
inline int line_of(std::string_view text, std::string_view needle) {
  const std::size_t at = text.find(needle);
  if (at == std::string_view::npos) return 0;
  int line = 1;
  for (std::size_t i = 0; i < at; ++i) line += text[i] == '\n' ? 1 : 0;
  return line;
}

inline domain::World load_ok(std::string_view text) {
  auto world = load_world(text, "test", 7);
  BOOST_TEST_REQUIRE(world.has_value(), "unexpected load error: " << (world ? "" : world.error().describe()));
  return std::move(*world);
}

// Expects a failure on `line` whose description contains every one of `fragments`.
inline LoadError load_fails(std::string_view text, int line, std::initializer_list<std::string_view> fragments) {
  auto world = load_world(text, "test", 7);
  BOOST_TEST_REQUIRE(!world.has_value(), "expected a load error");
  const LoadError& error = world.error();
  const std::string described = error.describe();
  BOOST_TEST_INFO("error: " << described);
  BOOST_TEST(error.source == "test");
  BOOST_TEST(error.line == line);
  if (line > 0) BOOST_TEST(error.column > 0);
  for (std::string_view fragment : fragments) {
    BOOST_TEST_INFO("error: " << described << "\nmissing: " << fragment);
    BOOST_TEST(described.find(fragment) != std::string::npos);
  }
  return error;
}

}  // namespace ringpool::world_file::testing
