// conformance/VENDORS.md says exactly what a run changes on a vendor's server; the facts it
// restates are kept true here: the destination records a run may create are the valid
// destination_phone_number values the shipped scenarios send, and the guide names every option
// of the coverage gates and preflight that `ringpool conform --help` offers.
#include "tests/conformance/command.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A C-2 phone number in one of its accepted forms, as NPA-NXX-XXXX; "" for anything else.
std::string formatted_destination(const std::string& text) {
  static const std::regex accepted(R"(^(?:\+?1[ .-]?)?(?:\(([2-9]\d\d)\) ?|([2-9]\d\d)[ .-]?)(\d{3})[ .-]?(\d{4})$)");
  std::smatch match;
  if (!std::regex_match(text, match, accepted)) return {};
  const std::string npa = match[1].matched ? match[1].str() : match[2].str();
  return npa + "-" + match[3].str() + "-" + match[4].str();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(vendors_guide)

BOOST_AUTO_TEST_CASE(the_destination_records_a_run_may_create_are_the_ones_the_guide_lists) {
  std::set<std::string> sent;
  static const std::regex destination(R"re(destination_phone_number = "([^"]*)")re");
  for (const auto& entry : fs::recursive_directory_iterator("scenarios")) {
    if (entry.path().extension() != ".toml" || entry.path().string().find("/plans/") != std::string::npos) continue;
    const std::string text = read(entry.path());
    for (std::sregex_iterator it(text.begin(), text.end(), destination), end; it != end; ++it)
      if (std::string formatted = formatted_destination((*it)[1].str()); !formatted.empty()) sent.insert(formatted);
  }
  BOOST_REQUIRE(!sent.empty());
  const std::string guide = read("conformance/VENDORS.md");
  const auto section = guide.find("**Destination records**");
  BOOST_REQUIRE(section != std::string::npos);
  const std::string listed = guide.substr(section, guide.find("\n- **", section + 1) - section);
  std::set<std::string> named;
  static const std::regex number(R"(\d{3}-\d{3}-\d{4})");
  for (std::sregex_iterator it(listed.begin(), listed.end(), number), end; it != end; ++it) named.insert(it->str());
  BOOST_TEST((named == sent), "the guide lists " << named.size() << ", the scenarios send " << sent.size());
  for (const std::string& one : sent) BOOST_TEST(named.contains(one), one << " is sent but not listed");
}

BOOST_AUTO_TEST_CASE(the_guide_names_the_setup_and_coverage_options_conform_offers) {
  const std::string guide = read("conformance/VENDORS.md");
  const auto help = ringpool::testing::run_ringpool("conform --help");
  for (const char* option : {"--preflight-only", "--require", "--min-sentences", "--baseline", "--run-id"}) {
    BOOST_TEST(help.output.find(option) != std::string::npos, option);
    BOOST_TEST(guide.find(std::string("`") + option) != std::string::npos, option << " is not in VENDORS.md");
  }
}

BOOST_AUTO_TEST_SUITE_END()
