// TOML writing for `ringpool check`'s model (property_scenario.*): the steps of the scenario it
// writes, each citing its clause, with expectations tier by tier. Plain toml++ tables: what
// `check` runs (parse_scenario_table) and, printed, what a saved file holds.
#pragma once

#include <toml++/toml.h>

#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance::property {

using Pairs = std::initializer_list<toml::impl::table_init_pair>;

toml::table inline_table(toml::table table);
toml::table inline_table(Pairs pairs);
toml::array string_array(const std::vector<std::string>& values);

// The steps written so far and the clauses they cite (the scenario's `clauses`).
class StepWriter {
 public:
  // Appends `step`, citing `clause`; returns it for further keys.
  toml::table& add(toml::table step, std::string_view clause);
  // An expectation tier (`expect`, `strict`) citing `clause`, counted among the scenario's clauses.
  toml::table tier(toml::table checks, std::string_view clause);
  toml::table tier(Pairs pairs, std::string_view clause) { return tier(toml::table(pairs), clause); }
  void cite(std::string_view clause) { clauses_.insert(std::string(clause)); }

  toml::array take_steps() { return std::move(steps_); }
  const std::set<std::string>& clauses() const { return clauses_; }
  bool empty() const { return steps_.empty(); }

 private:
  toml::array steps_;
  std::set<std::string> clauses_;
};

}  // namespace ringpool::conformance::property
