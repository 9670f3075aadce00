// Shared helpers for the capacity planner's tests: parsing plan text with in-memory files, and
// running a whole study the way `ringpool simulate` does.
#pragma once

#include "sim/plan/plan_parser.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_json.hpp"

#include <boost/test/unit_test.hpp>

#include <map>
#include <string>

namespace ringpool::test::simulate {

using Files = std::map<std::string, std::string, std::less<>>;

inline sim::plan::FileReader files_reader(const Files& files) {
  return [&files](std::string_view path) -> std::expected<std::string, std::string> {
    auto it = files.find(path);
    if (it == files.end()) return std::unexpected("No such file or directory");
    return it->second;
  };
}

inline sim::plan::Plan parse_ok(const std::string& text, const Files& files = {}) {
  auto plan = sim::plan::parse_plan(text, "plan.toml", files_reader(files));
  BOOST_TEST_REQUIRE(plan.has_value(), (plan ? std::string() : plan.error().describe()));
  return std::move(*plan);
}

// The error's "file:line:column: message".
inline std::string parse_error(const std::string& text, const Files& files = {}) {
  auto plan = sim::plan::parse_plan(text, "plan.toml", files_reader(files));
  BOOST_TEST_REQUIRE(!plan.has_value());
  return plan.error().describe();
}

// Runs every run of `plan` (or one shard) and analyses it exactly as the CLI does.
inline sim::plan::StudyResult run_whole(const sim::plan::Plan& plan, int jobs = 1) {
  sim::plan::StudyOptions options;
  options.jobs = jobs;
  const sim::plan::StudyDescription description = sim::plan::describe(plan);
  auto runs = sim::plan::run_study(plan, options);
  auto [normal_description, normal_runs] = sim::plan::normalised(description, runs);
  return sim::plan::analyse(std::move(normal_description), std::move(normal_runs));
}

}  // namespace ringpool::test::simulate
