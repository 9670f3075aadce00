// worlds/README.md's [policy] table states each knob's default; the code (ReferencePolicy) is the
// one source of it. Every row is kept true here: a world file that sets a knob to the default the
// table gives loads the same policy as a world that sets nothing. So changing a default is the
// code, its test and that one table line.
#include "reference/domain/policy.hpp"
#include "tests/world/world_test_support.hpp"

#include <boost/test/unit_test.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using namespace ringpool;
using namespace ringpool::world_file::testing;

namespace {

struct DocumentedDefault {
  std::string key;
  std::string value;  // as TOML
};

// The rows `| `key` | default | allowed |` of the table that follows the "| key | default |" header.
std::vector<DocumentedDefault> documented_defaults() {
  std::ifstream file("worlds/README.md");
  BOOST_TEST_REQUIRE(file.good(), "worlds/README.md not found (the test runs in the source tree)");
  std::stringstream text;
  text << file.rdbuf();
  const std::string readme = text.str();
  const std::size_t table = readme.find("| key | default | allowed |");
  BOOST_TEST_REQUIRE(table != std::string::npos);
  static const std::regex row(R"(^\| `([a-z_]+)` \| `?([^|`]+?)`? \|)");
  std::vector<DocumentedDefault> rows;
  std::istringstream lines(readme.substr(table));
  std::string line;
  std::getline(lines, line);  // the header
  std::getline(lines, line);  // |---|
  while (std::getline(lines, line) && line.starts_with("|")) {
    std::smatch match;
    BOOST_TEST_REQUIRE(std::regex_search(line, match, row), "a row the test cannot read: " << line);
    rows.push_back({match[1].str(), match[2].str()});
  }
  return rows;
}

}  // namespace

BOOST_AUTO_TEST_CASE(P_7_every_documented_policy_default_is_the_code_default) {
  const std::vector<DocumentedDefault> rows = documented_defaults();
  BOOST_TEST(rows.size() >= 17u);
  for (const DocumentedDefault& row : rows) {
    const std::string text = std::string(kMinimalNetwork) + "[policy]\n" + row.key + " = " + row.value + "\n";
    const domain::World world = load_ok(text);
    BOOST_TEST((world.policy == domain::ReferencePolicy{}),
               "worlds/README.md says " << row.key << " defaults to " << row.value << ", the code differs");
  }
}
