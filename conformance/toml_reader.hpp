// Typed reading of scenario TOML with file:line errors: the accessors that the scenario parser,
// the step kinds and the expectation keys share, so every mistake in a file reads the same way.
#pragma once

#include "conformance/clause_catalogue.hpp"

#include <nlohmann/json.hpp>
#include <toml++/toml.h>

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::conformance {

// A mistake in a scenario file; what() reads "file:line: what was expected".
struct ScenarioFileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using StringPairs = std::vector<std::pair<std::string, std::string>>;

class TomlReader {
 public:
  TomlReader(std::string path, const ClauseCatalogue& catalogue) : path_(std::move(path)), catalogue_(catalogue) {}

  const std::string& path() const { return path_; }

  [[noreturn]] void fail(const toml::node& node, std::string_view message) const;
  [[noreturn]] void fail_at_line(std::int64_t line, std::string_view message) const;
  // Every key of `table` must be in `allowed`; `where` names the table in the message.
  void check_keys(const toml::table& table, std::span<const std::string_view> allowed, std::string_view where) const;

  std::string string(const toml::node& node, std::string_view what) const;
  // Strings, integers, floats and booleans as the text a query parameter carries.
  std::string scalar_text(const toml::node& node, std::string_view what) const;
  bool boolean(const toml::node& node, std::string_view what) const;
  std::int64_t integer(const toml::node& node, std::string_view what, std::int64_t low, std::int64_t high) const;
  std::size_t size(const toml::node& node, std::string_view what) const;  // 0 .. 1,000,000
  nlohmann::json json(const toml::node& node) const;
  // A clause id of the catalogue.
  std::string clause(const toml::node& node) const;
  // A table of name = scalar, in file order.
  StringPairs string_pairs(const toml::node& node, std::string_view what) const;
  // An array of strings; `each` says what they are ("pool aliases") in messages.
  std::vector<std::string> strings(const toml::node& node, std::string_view what, std::string_view each) const;

 private:
  std::string path_;
  const ClauseCatalogue& catalogue_;
};

}  // namespace ringpool::conformance
