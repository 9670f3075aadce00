// `ringpool check` runs the scenario table its model builds without printing and re-parsing it
// (property_check.cpp); the saved file is the printed table. The two must mean the same: parsing
// the printed text gives back an equal table, for every kind of command the generators draw.
#include "conformance/property_check.hpp"
#include "conformance/property_scenario.hpp"

#include <boost/test/unit_test.hpp>
#include <toml++/toml.h>

namespace prop = ringpool::conformance::property;

BOOST_AUTO_TEST_SUITE(check_scenario_table)

BOOST_AUTO_TEST_CASE(the_printed_scenario_parses_back_to_the_table_that_ran) {
  prop::CheckOptions options;
  options.max_steps = 60;
  for (std::size_t run = 0; run < 120; ++run) {
    BOOST_TEST_CONTEXT("run " << run) {
      const auto commands = prop::run_commands(5, run, options, nullptr);
      std::size_t kept = 0;
      const toml::table table = prop::scenario_table(commands, {"title", "description\nwith two lines"}, &kept);
      const toml::table reparsed = toml::parse(prop::scenario_toml(commands, {"title", "description\nwith two lines"}));
      BOOST_TEST((table == reparsed));
      BOOST_TEST(kept == prop::effective_commands(commands).size());
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
