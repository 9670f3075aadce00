#include "conformance/scenario_parser.hpp"

#include "conformance/capabilities.hpp"
#include "conformance/expectation_keys.hpp"
#include "conformance/step_kinds.hpp"
#include "conformance/target.hpp"
#include "conformance/toml_reader.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ringpool::conformance {

namespace {

// { source = "list" } or { source = ["list", "other"] }: each value appended to every list named.
StringPairs capture_pairs(const TomlReader& reader, const toml::node& value, std::string_view what) {
  const toml::table* table = value.as_table();
  if (table == nullptr) return reader.string_pairs(value, what);  // its error message
  StringPairs out;
  for (const auto& [source, lists] : *table) {
    if (lists.is_array())
      for (std::string& list : reader.strings(lists, what, "list names")) out.emplace_back(std::string(source.str()), std::move(list));
    else
      out.emplace_back(std::string(source.str()), reader.string(lists, what));
  }
  return out;
}

// Keys a step may have whatever its kind, read into the Step; the kind's entry in step_kinds.cpp
// says which of them it accepts.
void read_step_key(const TomlReader& reader, std::string_view key, const toml::node& value, unsigned subject,
                   Step& out) {
  if (key == "note") out.title = reader.string(value, "note");
  else if (key == "clause") out.clause = reader.clause(value);
  else if (key == "on") {
    out.context = reader.string(value, "on");
    if (out.context != "primary" && out.context != "second" && out.context != "bulk" && out.context != "tags")
      reader.fail(value, "on = \"primary\", \"second\", \"bulk\" or \"tags\" (the target description's networks)");
  } else if (key == "repeat") out.repeat = static_cast<int>(reader.integer(value, "repeat", 1, 10000));
  else if (key == "capture") out.capture = capture_pairs(reader, value, "capture");
  else if (key == "capture_rows") out.capture_rows = capture_pairs(reader, value, "capture_rows");
  else if (key == "expect") out.expect.doc = parse_expectations(reader, value, "expect", subject);
  else if (key == "strict") out.expect.dec = parse_expectations(reader, value, "strict", subject);
  else if (key == "reference") out.expect.ref = parse_expectations(reader, value, "reference", subject);
  else if (key == "method") {
    out.method = reader.string(value, "method");
    static const std::set<std::string, std::less<>> methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
    if (!methods.contains(out.method)) reader.fail(value, "method must be GET, POST, PUT, DELETE, PATCH or HEAD");
  } else if (key == "path") out.path = reader.string(value, "path");
  else if (key == "query") out.query = reader.string_pairs(value, "query");
  else if (key == "headers") out.headers = reader.string_pairs(value, "headers");
  else if (key == "body") {
    if (value.is_string()) out.body_text = *value.value_exact<std::string>();
    else if (value.is_table() || value.is_array()) out.body_json = reader.json(value);
    else reader.fail(value, "body is a table (sent as JSON) or a string (sent verbatim)");
  } else if (key == "body_text") out.body_text = reader.string(value, "body_text");
  else if (key == "auth") {
    out.auth = reader.string(value, "auth");
    static const std::set<std::string, std::less<>> modes = {"header", "bearer", "query", "body",
                                                             "none",   "wrong",  "other-network"};
    if (!modes.contains(out.auth)) reader.fail(value, "auth must be header, bearer, query, body, none, wrong or other-network");
  } else if (key == "id") out.id = reader.scalar_text(value, "id");
  else if (key == "omit_id") out.omit_id = reader.boolean(value, "omit_id");
  else if (key == "format") out.format = reader.string(value, "format");
  else if (key == "params") {
    for (auto& [name, text] : reader.string_pairs(value, "params")) out.params[name] = text;
  } else if (key == "key") out.key = reader.string(value, "key");
  else if (key == "pool_id") out.pool_id = reader.scalar_text(value, "pool_id");
  else if (key == "version") out.version = reader.string(value, "version");
  else if (key == "enabled") out.enabled = reader.boolean(value, "enabled");
  else if (key == "campaign") out.campaign = reader.string(value, "campaign");
  else if (key == "expect_success") out.expect_success_by_default = reader.boolean(value, "expect_success");
}

// Placeholders that name another network's table (${second.token}) need that network.
void placeholder_needs(const toml::node& node, std::vector<std::pair<std::string, std::string>>& out) {
  if (const toml::table* table = node.as_table()) {
    for (const auto& [key, value] : *table) placeholder_needs(value, out);
  } else if (const toml::array* array = node.as_array()) {
    for (const toml::node& value : *array) placeholder_needs(value, out);
  } else if (const toml::value<std::string>* value = node.as_string()) {
    const std::string& text = value->get();  // not copied: a Bulk body may be 60 KB
    if (text.find("${") == std::string::npos) return;
    const std::pair<const char*, std::string_view> tables[] = {
        {"${second.", capability::kSecondNetwork}, {"${bulk.", capability::kBulk}, {"${tags.", capability::kTagNetwork}};
    for (const auto& [prefix, name] : tables) {
      const auto at = text.find(prefix);
      if (at == std::string::npos) continue;
      const auto end = text.find('}', at);
      out.emplace_back(name, text.substr(at, end == std::string::npos ? std::string::npos : end + 1 - at));
    }
  }
}

// A world with a [faults] table injects failures (a ringpool world file feature).
bool has_faults_table(std::string_view world) {
  std::size_t at = 0;
  while (at < world.size()) {
    std::size_t end = world.find('\n', at);
    if (end == std::string_view::npos) end = world.size();
    std::string_view line = world.substr(at, end - at);
    while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
    if (line.starts_with("[faults]")) return true;
    at = end + 1;
  }
  return false;
}

class ScenarioReader {
 public:
  ScenarioReader(std::string path, const ClauseCatalogue& catalogue) : reader_(std::move(path), catalogue) {}

  Step step(const toml::table& table, std::size_t index) const {
    const StepKindInfo* kind = nullptr;
    for (const StepKindInfo& candidate : step_kinds()) {
      if (!table.contains(candidate.key)) continue;
      if (kind != nullptr)
        reader_.fail(table, fmt::format("a step has one kind, this one has both '{}' and '{}'", kind->key, candidate.key));
      kind = &candidate;
    }
    if (kind == nullptr) {
      std::vector<std::string_view> names;
      for (const StepKindInfo& candidate : step_kinds()) names.push_back(candidate.key);
      reader_.fail(table, fmt::format("step {} has no kind: give one of {}", index + 1, fmt::join(names, ", ")));
    }
    std::vector<std::string_view> allowed = {kind->key};
    allowed.insert(allowed.end(), std::begin(kMetaStepKeys), std::end(kMetaStepKeys));
    allowed.insert(allowed.end(), kind->keys.begin(), kind->keys.end());
    for (const auto& [key, value] : table) {
      // Their value is the kind's own value: advance = 60, set_bulk = "network", request = "bulk".
      if ((key.str() == "seconds" || key.str() == "scope" || key.str() == "api") &&
          std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
        reader_.fail(value, fmt::format("'{}' is given as the step kind's value", key.str()));
    }
    reader_.check_keys(table, allowed, fmt::format("a {} step", kind->key));

    Step out;
    out.kind = kind->kind;
    out.line = static_cast<int>(table.source().begin.line);
    for (const auto& [key, value] : table)
      if (key.str() != kind->key) read_step_key(reader_, key.str(), value, kind->subject(), out);
    std::string name = kind->parse(reader_, table, *table.get(kind->key), out);
    out.needs = step_needs(out);
    placeholder_needs(table, out.needs);
    if (out.repeat > 1) name += fmt::format(" x{}", out.repeat);
    out.title = out.title.empty() ? fmt::format("step {}: {}", index + 1, name)
                                  : fmt::format("step {}: {} — {}", index + 1, name, out.title);
    return out;
  }

  Scenario scenario(const toml::table& root, const std::string& id) const {
    static constexpr std::array<std::string_view, 10> keys = {"title", "description",  "clauses", "profile",   "requires",
                                                              "world", "world_append", "step",    "relies_on", "comment"};
    reader_.check_keys(root, keys, "a scenario");
    Scenario out;
    out.id = id;
    out.path = reader_.path();
    if (const toml::node* title = root.get("title")) out.title = reader_.string(*title, "title");
    else reader_.fail_at_line(1, "a scenario needs title = \"...\"");
    if (const toml::node* description = root.get("description")) out.description = reader_.string(*description, "description");
    const toml::node* clauses = root.get("clauses");
    if (clauses == nullptr || !clauses->is_array() || clauses->as_array()->empty())
      reader_.fail_at_line(1, "a scenario needs clauses = [\"A-4\", ...], the spec clauses it verifies");
    for (const toml::node& entry : *clauses->as_array()) out.clauses.push_back(reader_.clause(entry));
    if (const toml::node* profile = root.get("profile")) {
      auto parsed = parse_profile(reader_.string(*profile, "profile"));
      if (!parsed) reader_.fail(*profile, "profile must be vendor, strict or reference");
      out.profile = *parsed;
    }
    const toml::node* requires_node = root.get("requires");
    if (requires_node != nullptr) {
      const toml::array* list = requires_node->as_array();
      if (list == nullptr) reader_.fail(*requires_node, "requires must be an array of capability names");
      for (const toml::node& entry : *list) {
        std::string name = reader_.string(entry, "a capability");
        if (std::string problem = capability_name_problem(name); !problem.empty()) reader_.fail(entry, problem);
        if (std::find(out.requires_caps.begin(), out.requires_caps.end(), name) != out.requires_caps.end())
          reader_.fail(entry, fmt::format("'{}' is listed twice", name));
        out.requires_caps.push_back(std::move(name));
      }
    }
    if (const toml::node* relies = root.get("relies_on")) {
      // Declared world facts (T-5) no step shows: "filled-pools" (a fill reaches max_pool_size).
      for (std::string& fact : reader_.strings(*relies, "relies_on", "world facts"))
        if (fact != "filled-pools") reader_.fail(*relies, "relies_on lists world facts: \"filled-pools\"");
        else out.relies_on.push_back(std::move(fact));
    }
    if (const toml::node* world = root.get("world")) out.world = reader_.string(*world, "world");
    if (const toml::node* append = root.get("world_append")) out.world_append = reader_.string(*append, "world_append");
    if (out.world && out.world_append) reader_.fail(*root.get("world"), "give world or world_append, not both");
    const toml::node* steps = root.get("step");
    if (steps == nullptr || !steps->is_array_of_tables() || steps->as_array()->empty())
      reader_.fail_at_line(1, "a scenario needs at least one [[step]]");
    std::size_t index = 0;
    for (const toml::node& entry : *steps->as_array()) out.steps.push_back(step(*entry.as_table(), index++));
    for (Step& step : out.steps)
      if (step.clause.empty()) step.clause = out.clauses.front();
    check_requires(root, requires_node, out);
    return out;
  }

  // `requires` names exactly what the scenario uses, as derived from its steps and its world: a
  // forgotten capability would let it fail on a target that lacks it, instead of being skipped.
  void check_requires(const toml::table& root, const toml::node* requires_node, const Scenario& scenario) const {
    std::map<std::string, std::pair<std::string, std::int64_t>> needed;  // name -> why, line
    const auto need = [&](std::string_view name, std::string why, std::int64_t line) {
      needed.try_emplace(std::string(name), std::move(why), line);
    };
    for (const char* key : {"world", "world_append"}) {
      if (const toml::node* world = root.get(key)) {
        need(capability::kWorld, key, world->source().begin.line);
        if (has_faults_table(*world->value_exact<std::string>()))
          need(capability::kFaultInjection, fmt::format("{} has [faults]", key), world->source().begin.line);
      }
    }
    for (std::size_t i = 0; i < scenario.steps.size(); ++i)
      for (const auto& [name, why] : scenario.steps[i].needs)
        need(name, fmt::format("step {}: {}", i + 1, why), scenario.steps[i].line);
    std::vector<std::string> missing, extra, exact;
    for (const CapabilityInfo& info : known_capabilities()) {
      const bool listed = std::find(scenario.requires_caps.begin(), scenario.requires_caps.end(), info.name) !=
                          scenario.requires_caps.end();
      auto it = needed.find(std::string(info.name));
      if (it != needed.end()) exact.push_back(fmt::format("\"{}\"", info.name));
      if (it != needed.end() && !listed) missing.push_back(fmt::format("'{}' ({})", info.name, it->second.first));
      if (it == needed.end() && listed) extra.push_back(fmt::format("'{}'", info.name));
    }
    if (missing.empty() && extra.empty()) return;
    std::string message = "requires must name exactly the capabilities the scenario uses:";
    if (!missing.empty()) message += fmt::format(" it lacks {}", fmt::join(missing, ", "));
    if (!extra.empty()) message += fmt::format("{} it names {}, which nothing uses", missing.empty() ? "" : ";", fmt::join(extra, ", "));
    message += exact.empty() ? " — leave requires out" : fmt::format(" — write requires = [{}]", fmt::join(exact, ", "));
    std::int64_t line = requires_node != nullptr ? requires_node->source().begin.line : 1;
    if (!missing.empty()) {  // the first place that uses a capability requires lacks
      line = std::numeric_limits<std::int64_t>::max();
      for (const auto& [name, why_line] : needed)
        if (std::find(scenario.requires_caps.begin(), scenario.requires_caps.end(), name) == scenario.requires_caps.end())
          line = std::min(line, why_line.second);
    }
    reader_.fail_at_line(line, message);
  }

 private:
  TomlReader reader_;
};

}  // namespace

std::expected<Scenario, std::string> parse_scenario(std::string_view toml_text, const std::string& path,
                                                    const std::string& id, const ClauseCatalogue& catalogue) {
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& error) {
    return std::unexpected(fmt::format("{}:{}: {}", path, error.source().begin.line, error.description()));
  }
  return parse_scenario_table(root, path, id, catalogue);
}

std::expected<Scenario, std::string> parse_scenario_table(const toml::table& root, const std::string& path,
                                                          const std::string& id, const ClauseCatalogue& catalogue) {
  try {
    return ScenarioReader(path, catalogue).scenario(root, id);
  } catch (const ScenarioFileError& error) {
    return std::unexpected(std::string(error.what()));
  }
}

LoadedScenarios load_scenarios(const std::vector<std::filesystem::path>& paths, const std::filesystem::path& root,
                               const ClauseCatalogue& catalogue) {
  namespace fs = std::filesystem;
  LoadedScenarios out;
  std::vector<std::pair<std::string, fs::path>> files;  // id, path
  // Ids are paths under the scenarios root when the file is there (so the same file has the same
  // id however it was named), else under the directory it was found in.
  const auto id_of = [&root](const fs::path& file, const fs::path& base) {
    std::error_code root_error;
    const fs::path under_root = fs::relative(file, root, root_error);
    if (!root_error && !under_root.empty() && !under_root.native().starts_with("..")) return under_root.generic_string();
    std::error_code error;
    fs::path relative = fs::relative(file, base, error);
    if (error || relative.empty() || relative.native().starts_with("..")) return file.generic_string();
    return relative.generic_string();
  };
  for (const fs::path& path : paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      for (fs::recursive_directory_iterator it(path, error), end; !error && it != end; it.increment(error)) {
        // scenarios/plans/ holds capacity plans for `ringpool simulate`, not scenarios.
        if (it->is_directory() && it->path().filename() == "plans") {
          it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file() && it->path().extension() == ".toml") files.emplace_back(id_of(it->path(), path), it->path());
      }
      if (error) out.errors.push_back(fmt::format("{}: cannot read the directory: {}", path.string(), error.message()));
    } else if (fs::is_regular_file(path, error)) {
      files.emplace_back(id_of(path, root), path);
    } else {
      out.errors.push_back(fmt::format("{}: no such scenario file or directory", path.string()));
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  for (const auto& [id, path] : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      out.errors.push_back(fmt::format("{}: cannot open", path.string()));
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    auto scenario = parse_scenario(text.str(), path.string(), id, catalogue);
    if (scenario) out.scenarios.push_back(std::move(*scenario));
    else out.errors.push_back(scenario.error());
  }
  return out;
}

}  // namespace ringpool::conformance
