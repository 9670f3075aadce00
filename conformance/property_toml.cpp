#include "conformance/property_toml.hpp"

namespace ringpool::conformance::property {

toml::table inline_table(toml::table table) {
  table.is_inline(true);
  return table;
}

toml::table inline_table(Pairs pairs) { return inline_table(toml::table(pairs)); }

toml::array string_array(const std::vector<std::string>& values) {
  toml::array out;
  for (const std::string& value : values) out.push_back(value);
  return out;
}

toml::table& StepWriter::add(toml::table step, std::string_view clause) {
  step.insert_or_assign("clause", std::string(clause));
  cite(clause);
  steps_.push_back(std::move(step));
  return *steps_.back().as_table();
}

toml::table StepWriter::tier(toml::table checks, std::string_view clause) {
  checks.insert_or_assign("clause", std::string(clause));
  cite(clause);
  return inline_table(std::move(checks));
}

}  // namespace ringpool::conformance::property
