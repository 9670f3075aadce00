// reports/report_text: UTF-8 repair, XML-safe text, character-boundary truncation, wording.
#include "reports/report_text.hpp"
#include "tests/reports/report_fixture.hpp"

#include <boost/test/unit_test.hpp>

using namespace ringpool::reports;
using ringpool::test::reports::failed_check;

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(text_valid_utf8_is_kept_as_is) {
  const std::string text = "plain, é, — , 😀, \t\n\r";
  BOOST_TEST(sanitize_utf8(text) == text);
  BOOST_TEST(xml_safe(text) == text);
}

BOOST_AUTO_TEST_CASE(text_invalid_utf8_bytes_become_replacement_characters) {
  BOOST_TEST(sanitize_utf8("a\xff" "b") == "a\xEF\xBF\xBD" "b");
  BOOST_TEST(sanitize_utf8("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong '/'
  BOOST_TEST(sanitize_utf8("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  BOOST_TEST(sanitize_utf8("\xF4\x90\x80\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // above U+10FFFF
  BOOST_TEST(sanitize_utf8("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");          // cut short
}

BOOST_AUTO_TEST_CASE(text_xml_safe_shows_control_characters_as_pictures) {
  BOOST_TEST(xml_safe(std::string("a\0b", 3)) == "a\xE2\x90\x80" "b");
  BOOST_TEST(xml_safe("\x1b[0m") == "\xE2\x90\x9B[0m");
  BOOST_TEST(xml_safe("\x7f") == "\xE2\x90\xA1");
  BOOST_TEST(xml_safe("\xC2\x85") == "\xEF\xBF\xBD");  // C1 control NEL
  BOOST_TEST(xml_safe("\xEF\xBF\xBF") == "\xEF\xBF\xBD");  // U+FFFF
}

BOOST_AUTO_TEST_CASE(text_prefix_never_cuts_a_character) {
  BOOST_TEST(utf8_prefix("abc", 10) == "abc");
  BOOST_TEST(utf8_prefix("aé", 2) == "a");
  BOOST_TEST(utf8_prefix("aé", 3) == "aé");
  BOOST_TEST(utf8_prefix("a\xff\xff", 2) == "a\xff");
}

BOOST_AUTO_TEST_CASE(text_scenario_folder_and_stem) {
  BOOST_TEST(scenario_folder("legacy/overflow.toml") == "legacy");
  BOOST_TEST(scenario_folder("regressions/2026/x.toml") == "regressions/2026");
  BOOST_TEST(scenario_folder("top.toml") == "scenarios");
  BOOST_TEST(scenario_stem("legacy/overflow.toml") == "overflow");
  BOOST_TEST(scenario_stem("noext") == "noext");
}

BOOST_AUTO_TEST_CASE(text_check_one_liner_reads_naturally) {
  const auto check = failed_check("P-4", "step 3: allocate p (json)", "overflow flag", "true", "false", 0);
  BOOST_TEST(check_location(check) == "P-4 step 3: allocate p (json): overflow flag");
  BOOST_TEST(check_one_liner(check) == "P-4 step 3: allocate p (json): overflow flag: expected true, got false");
  BOOST_TEST(seconds_text(1234.5678) == "1.235");
  BOOST_TEST(seconds_text(0) == "0.000");
}

BOOST_AUTO_TEST_SUITE_END()
