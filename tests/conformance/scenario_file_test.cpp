// Mistakes in scenario files are reported with the file, the line and what was expected; the
// clause catalogue holds every clause of the spec.
#include "conformance/clause_catalogue.hpp"
#include "conformance/scenario_parser.hpp"
#include "conformance/target_description.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <regex>

using namespace ringpool::conformance;

namespace {

std::string error_of(const std::string& text) {
  auto parsed = parse_scenario(text, "bad.toml", "bad.toml", ClauseCatalogue::builtin());
  BOOST_REQUIRE(!parsed);
  return parsed.error();
}

const std::string kHeader = "title = \"t\"\nclauses = [\"A-4\"]\n";

}  // namespace

BOOST_AUTO_TEST_SUITE(scenario_files)

BOOST_AUTO_TEST_CASE(catalogue_has_every_spec_clause_once) {
  const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
  BOOST_TEST(catalogue.clauses().size() == 73u);
  for (const char* id : {"C-1", "W-5", "M-7a", "M-19", "A-13", "B-11", "P-9", "L-5", "T-4"})
    BOOST_TEST(catalogue.find(id) != nullptr, id);
  BOOST_TEST(catalogue.find("A-3")->levels.size() == 2u);
  BOOST_TEST(!catalogue.find("L-5")->black_box);
}

BOOST_AUTO_TEST_CASE(bad_toml_names_file_and_line) {
  const std::string error = error_of(kHeader + "[[step]]\nallocate = \"p\"\nexpect = { status = }\n");
  BOOST_TEST(error.starts_with("bad.toml:5:"), error);
}

BOOST_AUTO_TEST_CASE(step_without_kind_lists_the_kinds) {
  const std::string error = error_of(kHeader + "\n[[step]]\nnote = \"x\"\n");
  BOOST_TEST(error.starts_with("bad.toml:4:"), error);
  BOOST_TEST(error.find("has no kind") != std::string::npos, error);
  BOOST_TEST(error.find("create_pool") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(unknown_step_key_is_named_with_the_expected_ones) {
  const std::string error = error_of(kHeader + "[[step]]\nallocate = \"p\"\nexpct = { status = 200 }\n");
  BOOST_TEST(error.starts_with("bad.toml:5:"), error);
  BOOST_TEST(error.find("unknown key 'expct'") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(unknown_expectation_key_is_an_error) {
  const std::string error = error_of(kHeader + "[[step]]\nallocate = \"p\"\nexpect = { stauts = 200 }\n");
  BOOST_TEST(error.find("unknown key 'stauts' in expect") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(unknown_clause_is_an_error) {
  const std::string error = error_of("title = \"t\"\nclauses = [\"Z-9\"]\n[[step]]\nallocate = \"p\"\n");
  BOOST_TEST(error.starts_with("bad.toml:2:"), error);
  BOOST_TEST(error.find("unknown clause 'Z-9'") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(two_kinds_in_one_step_is_an_error) {
  const std::string error = error_of(kHeader + "[[step]]\nallocate = \"p\"\nadvance = 3\n");
  BOOST_TEST(error.find("has both") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(wrong_value_type_says_what_was_expected) {
  const std::string error = error_of(kHeader + "[[step]]\nallocate = \"p\"\nrepeat = \"two\"\n");
  BOOST_TEST(error.starts_with("bad.toml:5:"), error);
  BOOST_TEST(error.find("repeat must be an integer") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(overflow_cannot_be_checked_in_csv) {
  const std::string error = error_of(kHeader + "[[step]]\nallocate = \"p\"\nformat = \"csv\"\nexpect = { overflow = true }\n");
  BOOST_TEST(error.find("csv answers carry no overflow flag") != std::string::npos, error);
}

BOOST_AUTO_TEST_CASE(world_implies_the_world_capability) {
  auto parsed = parse_scenario(kHeader + "world_append = \"[policy]\\n\"\n[[step]]\nallocate = \"p\"\n", "ok.toml", "ok.toml",
                               ClauseCatalogue::builtin());
  BOOST_REQUIRE(parsed.has_value());
  BOOST_TEST(parsed->requires_caps == std::vector<std::string>{"world"});
}

BOOST_AUTO_TEST_CASE(shipped_scenario_names_follow_the_convention) {
  // scenarios/README.md "Names": kebab-case folders and files, ids are stable.
  const std::regex name("[a-z0-9]+(-[a-z0-9]+)*");
  const std::regex status_with_is(".*-is-[0-9]{3}");  // "-404", not "-is-404"
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("scenarios")) {
    const std::filesystem::path relative = std::filesystem::relative(entry.path(), "scenarios");
    if (entry.is_directory()) {
      BOOST_TEST(std::regex_match(relative.filename().string(), name), relative.string());
    } else if (entry.path().extension() == ".toml") {
      ++files;
      BOOST_TEST(std::regex_match(entry.path().stem().string(), name), relative.string());
      BOOST_TEST(!std::regex_match(entry.path().stem().string(), status_with_is), relative.string());
    }
  }
  BOOST_TEST(files > 100u);
}

BOOST_AUTO_TEST_CASE(target_description_errors_name_the_line) {
  auto parsed = parse_target_description("[primary]\nnetwork = \"one\"\n", "t.toml");
  BOOST_REQUIRE(!parsed);
  BOOST_TEST(parsed.error().starts_with("t.toml:2:"), parsed.error());
  auto unknown = parse_target_description("[primary]\nnetwork = 1\ntoken = \"x\"\nadvertiser = \"a\"\ncampaign = \"c\"\ncolour = 1\n", "t.toml");
  BOOST_REQUIRE(!unknown);
  BOOST_TEST(unknown.error().find("unknown key 'colour'") != std::string::npos, unknown.error());
}

BOOST_AUTO_TEST_CASE(the_default_description_parses) {
  const TargetDescription& description = default_world_description();
  BOOST_TEST(description.context("primary")->token == "demo-token");
  BOOST_TEST(description.context("second")->network == 2);
  BOOST_TEST(description.context("bulk")->advertiser == "adv-bulk");
}

BOOST_AUTO_TEST_SUITE_END()
