// The documentation's numbers come from the code: every line of README.md's `ringpool simulate`
// sample session is what the command prints (issue 23: the README showed 44 numbers at 131.89 USD
// while the command printed 40 at 120.00), and the headline of each example plan in
// scenarios/plans/README.md is what that plan's study recommends.
#include "tests/simulate/simulate_fixture.hpp"

#include "reports/simulation_console.hpp"

#include <algorithm>
#include <regex>
#include <vector>

using namespace ringpool::sim::plan;
using namespace ringpool::test::simulate;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::stringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// AddressSanitizer slows the simulator about tenfold: the sanitizer build checks the plans that
// run in seconds and leaves the national brand (about 15 s in a plain build) to the plain build.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

}  // namespace

BOOST_AUTO_TEST_SUITE(simulate)

BOOST_AUTO_TEST_CASE(readme_sample_session_is_what_the_command_prints) {
  const std::vector<std::string> readme = lines_of(read_repository_file("README.md"));
  const std::regex command(R"(^\$ build/cli/ringpool simulate (\S+\.toml)(?: --jobs (\d+))?$)");
  const auto start = std::find_if(readme.begin(), readme.end(), [&](const std::string& line) { return std::regex_match(line, command); });
  BOOST_TEST_REQUIRE((start != readme.end()), "README.md has no '$ build/cli/ringpool simulate PLAN.toml' sample");
  std::smatch match;
  std::regex_match(*start, match, command);
  const int jobs = match[2].matched ? std::stoi(match[2].str()) : 1;
  const Plan plan = parse_plan_file(match[1].str());
  const StudyResult result = run_whole(plan, jobs);
  const std::vector<std::string> printed = lines_of(ringpool::reports::render_simulation_header(result.description, jobs) +
                                                    ringpool::reports::render_simulation_console(result));
  int checked = 0;
  for (auto line = start + 1; line != readme.end() && *line != "```"; ++line) {
    const bool elided = line->empty() || line->find_first_not_of(' ') == line->find("...") || line->starts_with("Reports:");
    if (elided) continue;
    BOOST_TEST((std::find(printed.begin(), printed.end(), *line) != printed.end()), "README.md shows a line the command does "
                                                                                    "not print:\n" << *line);
    ++checked;
  }
  BOOST_TEST(checked >= 8);
}

BOOST_AUTO_TEST_CASE(readme_example_plans_headlines_are_what_the_plans_recommend) {
  const std::regex row(R"(^\| `([a-z0-9-]+\.toml)` \| .* \| `([^`]+)` \|$)");
  int checked = 0;
  for (const std::string& line : lines_of(read_repository_file("scenarios/plans/README.md"))) {
    std::smatch match;
    if (!std::regex_match(line, match, row)) continue;
    const std::string file = match[1].str();
    if (kSanitized && file == "national-brand.toml") {
      BOOST_TEST_MESSAGE("national-brand.toml: left to the plain build (about 15 s there)");
      continue;
    }
    BOOST_TEST_CONTEXT(file) {
      const StudyResult result = run_whole(parse_plan_file("scenarios/plans/" + file), 2);
      BOOST_TEST(ringpool::reports::render_simulation_headline(result) == match[2].str());
    }
    ++checked;
  }
  BOOST_TEST(checked >= (kSanitized ? 3 : 4));
}

BOOST_AUTO_TEST_SUITE_END()
