// parse_json_body takes the plain parser when the text holds fewer '[' and '{' than the depth
// bound, and the callback parser otherwise: both must read every body the same way, around the
// bound and with brackets inside strings (which count as openers but nest nothing).
#include "reference/api/json_body.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace ringpool::api;

namespace {

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

BOOST_AUTO_TEST_SUITE(json_body)

BOOST_AUTO_TEST_CASE(the_depth_bound_holds_on_both_sides_of_the_opener_count) {
  // Bound 4 (depths 0 to 3 allowed): 3 levels take the plain parser, 4 levels the callback one
  // and pass, 5 levels are refused or pruned.
  BOOST_TEST(parse_json_body(nested(3), DeepValues::Refuse, 4).ok());
  BOOST_TEST(parse_json_body(nested(4), DeepValues::Refuse, 4).ok());
  const JsonBody refused = parse_json_body(nested(5), DeepValues::Refuse, 4);
  BOOST_TEST(!refused.ok());
  BOOST_TEST(refused.error.find("deeper than 4 levels") != std::string::npos, refused.error);
  const JsonBody pruned = parse_json_body(R"({"a": [[[[1]]]], "b": 2})", DeepValues::Prune, 4);
  BOOST_TEST_REQUIRE(pruned.ok(), pruned.error);
  BOOST_TEST(pruned.value["b"] == 2);
  BOOST_TEST((pruned.value["a"][0][0] == nlohmann::json::array()));  // the array at depth 4 was left out
}

BOOST_AUTO_TEST_CASE(brackets_inside_strings_count_as_openers_but_nest_nothing) {
  // 40 '[' in a string: the callback parser reads it, and accepts it as the plain one would.
  const std::string text = R"({"name": ")" + std::string(40, '[') + R"(", "max_pool_size": 3})";
  const JsonBody body = parse_json_body(text);
  BOOST_TEST_REQUIRE(body.ok(), body.error);
  BOOST_TEST(body.value["name"] == std::string(40, '['));
  BOOST_TEST(body.value["max_pool_size"] == 3);
  BOOST_TEST((body.value == nlohmann::json::parse(text)));
}

BOOST_AUTO_TEST_CASE(syntax_errors_read_the_same_on_both_paths) {
  // The same error (a missing value at the end), before and past the opener bound.
  const JsonBody plain = parse_json_body(R"({"a": 1,)");
  const JsonBody callback = parse_json_body(R"({"a": 1,)", DeepValues::Refuse, 1);
  BOOST_TEST(!plain.ok());
  BOOST_TEST(plain.error == callback.error);
  BOOST_TEST(plain.error.starts_with("The request body is not valid JSON: "), plain.error);
  const JsonBody overflow = parse_json_body("[1e999]");
  BOOST_TEST(overflow.error.find("number overflow") != std::string::npos, overflow.error);
}

BOOST_AUTO_TEST_SUITE_END()
