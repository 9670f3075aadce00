// Shared helpers for the capacity planner's tests: parsing plan text with in-memory files, and
// running a whole study the way `ringpool simulate` does.
#pragma once

#include "sim/plan/plan_parser.hpp"
#include "sim/plan/study.hpp"
#include "sim/plan/study_json.hpp"

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
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

// A file of the repository (tests run from its root, as CTest starts them).
inline std::string read_repository_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  BOOST_TEST_REQUIRE(static_cast<bool>(in), "cannot open " << path.string() << " (run the tests from the repository root)");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A plan file as the CLI reads it: the files it names relative to it.
inline sim::plan::Plan parse_plan_file(const std::filesystem::path& path) {
  const std::filesystem::path directory = path.parent_path();
  const sim::plan::FileReader reader = [directory](std::string_view name) -> std::expected<std::string, std::string> {
    std::ifstream in(directory / std::filesystem::path(name), std::ios::binary);
    if (!in) return std::unexpected("No such file or directory");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  auto plan = sim::plan::parse_plan(read_repository_file(path), path.string(), reader);
  BOOST_TEST_REQUIRE(plan.has_value(), (plan ? std::string() : plan.error().describe()));
  return std::move(*plan);
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
