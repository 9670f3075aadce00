#include "conformance/scenario_parser.hpp"

#include "conformance/target.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

namespace ringpool::conformance {

namespace {

struct FileError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Reader {
 public:
  Reader(std::string path, const ClauseCatalogue& catalogue) : path_(std::move(path)), catalogue_(catalogue) {}

  [[noreturn]] void fail(const toml::node& node, std::string_view message) const {
    throw FileError(fmt::format("{}:{}: {}", path_, node.source().begin.line, message));
  }

  void check_keys(const toml::table& table, std::span<const std::string_view> allowed, std::string_view where) const {
    for (const auto& [key, node] : table) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
        fail(node, fmt::format("unknown key '{}' in {} (expected one of: {})", key.str(), where,
                               fmt::join(allowed, ", ")));
    }
  }

  std::string string(const toml::node& node, std::string_view what) const {
    if (auto value = node.value_exact<std::string>()) return *value;
    fail(node, fmt::format("{} must be a string", what));
  }

  // Strings, integers, floats and booleans as the text a query parameter carries.
  std::string scalar_text(const toml::node& node, std::string_view what) const {
    if (auto text = node.value_exact<std::string>()) return *text;
    if (auto integer = node.value_exact<std::int64_t>()) return std::to_string(*integer);
    if (auto boolean = node.value_exact<bool>()) return *boolean ? "true" : "false";
    if (auto number = node.value_exact<double>()) return fmt::format("{}", *number);
    fail(node, fmt::format("{} must be a string, number or boolean", what));
  }

  bool boolean(const toml::node& node, std::string_view what) const {
    if (auto value = node.value_exact<bool>()) return *value;
    fail(node, fmt::format("{} must be true or false", what));
  }

  std::int64_t integer(const toml::node& node, std::string_view what, std::int64_t low, std::int64_t high) const {
    auto value = node.value_exact<std::int64_t>();
    if (!value || *value < low || *value > high)
      fail(node, fmt::format("{} must be an integer from {} to {}", what, low, high));
    return *value;
  }

  nlohmann::json json(const toml::node& node) const {
    if (const toml::table* table = node.as_table()) {
      nlohmann::json out = nlohmann::json::object();
      for (const auto& [key, value] : *table) out[std::string(key.str())] = json(value);
      return out;
    }
    if (const toml::array* array = node.as_array()) {
      nlohmann::json out = nlohmann::json::array();
      for (const toml::node& value : *array) out.push_back(json(value));
      return out;
    }
    if (auto text = node.value_exact<std::string>()) return *text;
    if (auto integer = node.value_exact<std::int64_t>()) return *integer;
    if (auto number = node.value_exact<double>()) return *number;
    if (auto boolean = node.value_exact<bool>()) return *boolean;
    fail(node, "dates and times are not JSON values; write them as strings");
  }

  std::string clause(const toml::node& node) const {
    std::string id = string(node, "a clause");
    if (catalogue_.find(id) == nullptr)
      fail(node, fmt::format("unknown clause '{}' (clause ids are those of the spec, e.g. A-4, P-1, M-7a)", id));
    return id;
  }

  std::vector<std::pair<std::string, std::string>> string_pairs(const toml::node& node, std::string_view what) const {
    const toml::table* table = node.as_table();
    if (table == nullptr) fail(node, fmt::format("{} must be a table of name = value", what));
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [key, value] : *table) out.emplace_back(std::string(key.str()), scalar_text(value, what));
    return out;
  }

  // fields = { max_pool_size = 3, errors = { class = "X" } } -> "/max_pool_size", "/errors/class".
  void flatten_fields(const toml::table& table, const std::string& prefix,
                      std::vector<std::pair<std::string, nlohmann::json>>& out) const {
    for (const auto& [key, value] : table) {
      std::string name(key.str());
      if (prefix.empty() && (name == "clause" || name == "status" || name == "class"))
        fail(value, fmt::format("'{}' inside fields would be a JSON field; put it beside fields, in the tier", name));
      std::string pointer = name.starts_with('/') ? name : prefix + "/" + name;
      if (const toml::table* nested = value.as_table(); nested != nullptr && !nested->empty())
        flatten_fields(*nested, pointer, out);
      else
        out.emplace_back(pointer, json(value));
    }
  }

  std::size_t size(const toml::node& node, std::string_view what) const {
    return static_cast<std::size_t>(integer(node, what, 0, 1'000'000));
  }

  Expectations expectations(const toml::node& node, std::string_view where, bool allow_rows) const {
    const toml::table* table = node.as_table();
    if (table == nullptr) fail(node, fmt::format("{} must be a table of expectations", where));
    static constexpr std::array<std::string_view, 33> keys = {
        "types", "matches", "list_excludes", "fields_differ", "clause", "status", "class", "message", "message_contains", "content_type", "shape", "overflow",
        "tracking_url", "body", "body_json", "fields", "absent", "headers", "promo_distinct_from", "promo_in",
        "promo_equals", "row_count", "length", "list_contains", "list_ascending_ids", "count", "count_at_most",
        "count_at_least", "request_id", "rows", "index", "note", "comment"};
    check_keys(*table, keys, where);
    Expectations out;
    for (const auto& [key_, value] : *table) {
      const std::string_view key = key_.str();
      if (key == "clause") out.clause = clause(value);
      else if (key == "status") {
        if (const toml::array* list = value.as_array()) {
          for (const toml::node& entry : *list) out.status.push_back(static_cast<int>(integer(entry, "status", 100, 599)));
        } else {
          out.status.push_back(static_cast<int>(integer(value, "status", 100, 599)));
        }
      } else if (key == "class") out.error_class = string(value, "class");
      else if (key == "message") out.message = string(value, "message");
      else if (key == "message_contains") out.message_contains = string(value, "message_contains");
      else if (key == "content_type") out.content_type = string(value, "content_type");
      else if (key == "shape") {
        static const std::set<std::string, std::less<>> shapes = {"allocation",   "ring_pool", "ring_pool_list",
                                                                  "error",        "empty_object", "json"};
        out.shape = string(value, "shape");
        if (!shapes.contains(*out.shape))
          fail(value, "shape must be one of allocation, ring_pool, ring_pool_list, error, empty_object, json");
      } else if (key == "overflow") out.overflow = boolean(value, "overflow");
      else if (key == "tracking_url") out.tracking_url = string(value, "tracking_url");
      else if (key == "body") out.body = string(value, "body");
      else if (key == "body_json") out.body_json = json(value);
      else if (key == "fields") {
        const toml::table* fields = value.as_table();
        if (fields == nullptr) fail(value, "fields must be a table: { name = value, \"/json/pointer\" = value }");
        flatten_fields(*fields, "", out.fields);
      } else if (key == "absent") {
        const toml::array* list = value.as_array();
        if (list == nullptr) fail(value, "absent must be an array of field names or JSON pointers");
        for (const toml::node& entry : *list) {
          std::string name = string(entry, "an absent field");
          out.absent_fields.push_back(name.starts_with('/') ? name : "/" + name);
        }
      } else if (key == "types" || key == "matches") {
        const toml::table* pairs = value.as_table();
        if (pairs == nullptr) fail(value, fmt::format("{} must be a table: {{ field = \"...\" }}", key));
        for (const auto& [name_, rule] : *pairs) {
          std::string name(name_.str());
          std::string pointer = name.starts_with('/') ? name : "/" + name;
          std::string text = string(rule, key);
          if (key == "types") {
            static const std::set<std::string, std::less<>> types = {"integer", "number", "string", "boolean",
                                                                     "array",   "object", "null"};
            if (!types.contains(text)) fail(rule, "types are integer, number, string, boolean, array, object or null");
            out.types.emplace_back(std::move(pointer), std::move(text));
          } else {
            try {
              std::regex check(text);
            } catch (const std::regex_error&) {
              fail(rule, fmt::format("'{}' is not a valid regular expression (ECMAScript syntax)", text));
            }
            out.matches.emplace_back(std::move(pointer), std::move(text));
          }
        }
      } else if (key == "headers") out.headers = string_pairs(value, "headers");
      else if (key == "promo_distinct_from") out.promo_distinct_from = string(value, "promo_distinct_from");
      else if (key == "promo_in") out.promo_in = string(value, "promo_in");
      else if (key == "promo_equals") out.promo_equals = string(value, "promo_equals");
      else if (key == "row_count") out.row_count = size(value, "row_count");
      else if (key == "length") out.length = size(value, "length");
      else if (key == "list_contains") {
        const toml::array* list = value.as_array();
        if (list == nullptr) fail(value, "list_contains must be an array of pool aliases");
        for (const toml::node& entry : *list) out.list_contains.push_back(string(entry, "a pool alias"));
      } else if (key == "list_excludes") {
        const toml::array* list = value.as_array();
        if (list == nullptr) fail(value, "list_excludes must be an array of pool aliases");
        for (const toml::node& entry : *list) out.list_excludes.push_back(string(entry, "a pool alias"));
      } else if (key == "fields_differ") {
        const toml::table* fields = value.as_table();
        if (fields == nullptr) fail(value, "fields_differ must be a table: { name = value }");
        flatten_fields(*fields, "", out.fields_differ);
      } else if (key == "list_ascending_ids") out.list_ascending_ids = boolean(value, "list_ascending_ids");
      else if (key == "count") out.count = size(value, "count");
      else if (key == "count_at_most") out.count_at_most = size(value, "count_at_most");
      else if (key == "count_at_least") out.count_at_least = size(value, "count_at_least");
      else if (key == "request_id") out.request_id = value.is_string() ? *value.value_exact<std::string>() : json(value).dump();
      else if (key == "rows") {
        if (!allow_rows) fail(value, "rows cannot nest inside a row");
        const toml::array* list = value.as_array();
        if (list == nullptr) fail(value, "rows must be an array of tables, each with an index");
        for (const toml::node& entry : *list) {
          const toml::table* row = entry.as_table();
          if (row == nullptr || !row->contains("index")) fail(entry, "each row expectation needs index = <0-based row>");
          Expectations::Row parsed;
          parsed.index = size(*row->get("index"), "index");
          parsed.expect = expectations(entry, "a row expectation", false);
          out.rows.push_back(std::move(parsed));
        }
      } else if (key == "index") {
        if (allow_rows) fail(value, "index belongs in a row expectation (rows = [{ index = 0, ... }])");
      }
    }
    return out;
  }

  BulkRow bulk_row(const toml::node& node) const {
    if (node.is_string()) {
      BulkRow row;
      row.suffix = *node.value_exact<std::string>();
      return row;
    }
    const toml::table* table = node.as_table();
    if (table == nullptr) fail(node, "a bulk row is a table ({ pool = \"p\", params = {...} }) or an api_suffix string");
    static constexpr std::array<std::string_view, 9> keys = {"pool",   "params", "request_id", "key", "form",
                                                             "format", "suffix", "raw",        "comment"};
    check_keys(*table, keys, "a bulk row");
    BulkRow row;
    for (const auto& [key_, value] : *table) {
      const std::string_view key = key_.str();
      if (key == "pool") row.pool = string(value, "pool");
      else if (key == "params") {
        for (auto& [name, text] : string_pairs(value, "params")) row.params[name] = text;
      } else if (key == "request_id") row.request_id = json(value);
      else if (key == "key") row.key = string(value, "key");
      else if (key == "form") {
        row.form = string(value, "form");
        if (row.form != "long" && row.form != "short" && row.form != "slash")
          fail(value, "form must be \"long\" (ring_pools/<id>/...), \"short\" (<id>/...) or \"slash\" (/ring_pools/<id>/...)");
      } else if (key == "format") row.format = string(value, "format");
      else if (key == "suffix") row.suffix = string(value, "suffix");
      else if (key == "raw") row.raw = json(value);
    }
    if (!row.pool && !row.suffix && !row.raw) fail(node, "a bulk row needs pool, suffix or raw");
    return row;
  }

  Step step(const toml::table& table, std::size_t index) const {
    static constexpr std::array<std::string_view, 13> kinds = {
        "create_pool", "update_pool", "read_pool", "delete_pool", "list_pools", "use_pool", "allocate",
        "bulk",        "request",     "advance",   "set_bulk",    "inspect",    "distinct"};
    static constexpr std::array<std::string_view, 43> keys = {
        "create_pool", "update_pool", "read_pool", "delete_pool", "list_pools", "use_pool", "allocate",
        "bulk", "request", "advance", "set_bulk", "inspect", "distinct", "note", "clause", "on", "repeat",
        "capture", "capture_rows", "expect", "strict", "reference", "method", "path", "query", "headers",
        "body", "body_text", "auth", "id", "omit_id", "format", "params", "key", "pool_id", "version",
        "enabled", "comment", "seconds", "scope", "api", "expect_success", "campaign"};
    std::string_view kind_key;
    for (std::string_view kind : kinds) {
      if (!table.contains(kind)) continue;
      if (!kind_key.empty())
        fail(table, fmt::format("a step has one kind, this one has both '{}' and '{}'", kind_key, kind));
      kind_key = kind;
    }
    if (kind_key.empty())
      fail(table, fmt::format("step {} has no kind: give one of {}", index + 1, fmt::join(kinds, ", ")));
    check_keys(table, keys, fmt::format("a {} step", kind_key));

    Step out;
    out.line = static_cast<int>(table.source().begin.line);
    const toml::node& kind_node = *table.get(kind_key);
    std::string detail;
    if (kind_key == "create_pool" || kind_key == "update_pool" || kind_key == "read_pool" || kind_key == "delete_pool" ||
        kind_key == "use_pool" || kind_key == "allocate" || kind_key == "inspect" || kind_key == "distinct") {
      out.alias = string(kind_node, kind_key);
      detail = out.alias;
      out.kind = kind_key == "create_pool"   ? StepKind::CreatePool
                 : kind_key == "update_pool" ? StepKind::UpdatePool
                 : kind_key == "read_pool"   ? StepKind::ReadPool
                 : kind_key == "delete_pool" ? StepKind::DeletePool
                 : kind_key == "use_pool"    ? StepKind::UsePool
                 : kind_key == "allocate"    ? StepKind::Allocate
                 : kind_key == "inspect"     ? StepKind::Inspect
                                             : StepKind::Distinct;
    } else if (kind_key == "list_pools") {
      out.kind = StepKind::ListPools;
      if (!boolean(kind_node, "list_pools")) fail(kind_node, "list_pools = true");
    } else if (kind_key == "bulk") {
      out.kind = StepKind::Bulk;
      if (kind_node.is_string()) {
        out.body_text = *kind_node.value_exact<std::string>();
      } else if (const toml::array* rows = kind_node.as_array()) {
        for (const toml::node& row : *rows) out.rows.push_back(bulk_row(row));
        detail = fmt::format("{} row{}", out.rows.size(), out.rows.size() == 1 ? "" : "s");
      } else {
        fail(kind_node, "bulk is an array of rows, or the request body as a string");
      }
    } else if (kind_key == "request") {
      out.kind = StepKind::Request;
      out.api = string(kind_node, "request");
      if (out.api != "management" && out.api != "allocation" && out.api != "bulk" && out.api != "control")
        fail(kind_node, "request names the API: management, allocation, bulk or control");
      if (!table.contains("path")) fail(table, "a request step needs path = \"/...\"");
    } else if (kind_key == "advance") {
      out.kind = StepKind::Advance;
      auto seconds = kind_node.value<double>();
      if (!seconds || *seconds < 0) fail(kind_node, "advance = <seconds >= 0>");
      out.seconds = *seconds;
      detail = fmt::format("{} s", out.seconds);
    } else if (kind_key == "set_bulk") {
      out.kind = StepKind::SetBulk;
      out.scope = string(kind_node, "set_bulk");
      if (out.scope != "network" && out.scope != "advertiser" && out.scope != "affiliate")
        fail(kind_node, "set_bulk = \"network\", \"advertiser\" or \"affiliate\"");
      detail = out.scope;
    }

    for (const auto& [key_, value] : table) {
      const std::string_view key = key_.str();
      if (key == "note") out.title = string(value, "note");
      else if (key == "clause") out.clause = clause(value);
      else if (key == "on") {
        out.context = string(value, "on");
        if (out.context != "primary" && out.context != "second" && out.context != "bulk" && out.context != "tags")
          fail(value, "on = \"primary\", \"second\", \"bulk\" or \"tags\" (the target description's networks)");
      } else if (key == "repeat") out.repeat = static_cast<int>(integer(value, "repeat", 1, 10000));
      else if (key == "capture") out.capture = string_pairs(value, "capture");
      else if (key == "capture_rows") out.capture_rows = string_pairs(value, "capture_rows");
      else if (key == "expect") out.expect.doc = expectations(value, "expect", true);
      else if (key == "strict") out.expect.dec = expectations(value, "strict", true);
      else if (key == "reference") out.expect.ref = expectations(value, "reference", true);
      else if (key == "method") {
        out.method = string(value, "method");
        static const std::set<std::string, std::less<>> methods = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"};
        if (!methods.contains(out.method)) fail(value, "method must be GET, POST, PUT, DELETE, PATCH or HEAD");
      } else if (key == "path") out.path = string(value, "path");
      else if (key == "query") out.query = string_pairs(value, "query");
      else if (key == "headers") out.headers = string_pairs(value, "headers");
      else if (key == "body") {
        if (value.is_string()) out.body_text = *value.value_exact<std::string>();
        else if (value.is_table() || value.is_array()) out.body_json = json(value);
        else fail(value, "body is a table (sent as JSON) or a string (sent verbatim)");
      } else if (key == "body_text") out.body_text = string(value, "body_text");
      else if (key == "auth") {
        out.auth = string(value, "auth");
        static const std::set<std::string, std::less<>> modes = {"header", "bearer", "query", "body",
                                                                 "none",   "wrong",  "other-network"};
        if (!modes.contains(out.auth))
          fail(value, "auth must be header, bearer, query, body, none, wrong or other-network");
      } else if (key == "id") out.id = scalar_text(value, "id");
      else if (key == "omit_id") out.omit_id = boolean(value, "omit_id");
      else if (key == "format") out.format = string(value, "format");
      else if (key == "params") {
        for (auto& [name, text] : string_pairs(value, "params")) out.params[name] = text;
      } else if (key == "key") out.key = string(value, "key");
      else if (key == "pool_id") out.pool_id = scalar_text(value, "pool_id");
      else if (key == "version") out.version = string(value, "version");
      else if (key == "enabled") out.enabled = boolean(value, "enabled");
      else if (key == "campaign") out.campaign = string(value, "campaign");
      else if (key == "expect_success") out.expect_success_by_default = boolean(value, "expect_success");
      else if (key == "seconds" || key == "scope" || key == "api") fail(value, fmt::format("'{}' is given as the step kind's value", key));
    }
    if (out.kind == StepKind::UsePool && !out.id) fail(table, "use_pool needs id = \"<id_from_network of the existing pool>\"");
    if (out.kind == StepKind::CreatePool && out.method.empty()) out.method = "POST";
    if (out.kind == StepKind::CreatePool && out.method != "POST" && out.method != "PUT")
      fail(table, "create_pool's method is POST (the default) or PUT (M-4: a PUT of an unknown id creates)");
    if (out.kind == StepKind::Request && out.method.empty()) out.method = "GET";
    if (out.kind == StepKind::Allocate && out.format == "csv" && (out.expect.doc.overflow || out.expect.dec.overflow))
      fail(table, "csv answers carry no overflow flag (A-2); check overflow with json or xml");

    std::string name = kind_key == "request" ? fmt::format("{} {} {}", out.api, out.method, out.path)
                                             : std::string(kind_key);
    if (!detail.empty()) name += " " + detail;
    if (out.kind == StepKind::Allocate) name += fmt::format(" ({})", out.format);
    if (out.repeat > 1) name += fmt::format(" x{}", out.repeat);
    out.title = out.title.empty() ? fmt::format("step {}: {}", index + 1, name)
                                  : fmt::format("step {}: {} — {}", index + 1, name, out.title);
    return out;
  }

  Scenario scenario(const toml::table& root, const std::string& id) const {
    static constexpr std::array<std::string_view, 9> keys = {"title",  "description", "clauses", "profile", "requires",
                                                             "world",  "world_append", "step",   "comment"};
    check_keys(root, keys, "a scenario");
    Scenario out;
    out.id = id;
    out.path = path_;
    if (const toml::node* title = root.get("title")) out.title = string(*title, "title");
    else throw FileError(fmt::format("{}:1: a scenario needs title = \"...\"", path_));
    if (const toml::node* description = root.get("description")) out.description = string(*description, "description");
    const toml::node* clauses = root.get("clauses");
    if (clauses == nullptr || !clauses->is_array() || clauses->as_array()->empty())
      throw FileError(fmt::format("{}:1: a scenario needs clauses = [\"A-4\", ...], the spec clauses it verifies", path_));
    for (const toml::node& entry : *clauses->as_array()) out.clauses.push_back(clause(entry));
    if (const toml::node* profile = root.get("profile")) {
      auto parsed = parse_profile(string(*profile, "profile"));
      if (!parsed) fail(*profile, "profile must be vendor, strict or reference");
      out.profile = *parsed;
    }
    if (const toml::node* requires_node = root.get("requires")) {
      const toml::array* list = requires_node->as_array();
      if (list == nullptr) fail(*requires_node, "requires must be an array of capability names");
      for (const toml::node& entry : *list) {
        std::string name = string(entry, "a capability");
        if (!is_known_capability(name))
          fail(entry, "unknown capability (expected control, world, white-box, bulk, second-network, tag-network, fault-injection)");
        out.requires_caps.push_back(std::move(name));
      }
    }
    if (const toml::node* world = root.get("world")) out.world = string(*world, "world");
    if (const toml::node* append = root.get("world_append")) out.world_append = string(*append, "world_append");
    if (out.world && out.world_append) fail(*root.get("world"), "give world or world_append, not both");
    if ((out.world || out.world_append) &&
        std::find(out.requires_caps.begin(), out.requires_caps.end(), "world") == out.requires_caps.end())
      out.requires_caps.emplace_back("world");
    const toml::node* steps = root.get("step");
    if (steps == nullptr || !steps->is_array_of_tables() || steps->as_array()->empty())
      throw FileError(fmt::format("{}:1: a scenario needs at least one [[step]]", path_));
    std::size_t index = 0;
    for (const toml::node& entry : *steps->as_array()) out.steps.push_back(step(*entry.as_table(), index++));
    for (Step& step : out.steps)
      if (step.clause.empty()) step.clause = out.clauses.front();
    return out;
  }

 private:
  std::string path_;
  const ClauseCatalogue& catalogue_;
};

}  // namespace

bool Expectations::empty() const {
  return status.empty() && !error_class && !message && !message_contains && !content_type && !shape && !overflow &&
         !tracking_url && !body && !body_json && fields.empty() && absent_fields.empty() && types.empty() && matches.empty() && headers.empty() &&
         !promo_distinct_from && !promo_in && !promo_equals && !row_count && !length && list_contains.empty() && list_excludes.empty() && fields_differ.empty() &&
         !list_ascending_ids && !count && !count_at_most && !count_at_least && !request_id && rows.empty();
}

const char* step_kind_name(StepKind kind) {
  switch (kind) {
    case StepKind::CreatePool: return "create_pool";
    case StepKind::UpdatePool: return "update_pool";
    case StepKind::ReadPool: return "read_pool";
    case StepKind::DeletePool: return "delete_pool";
    case StepKind::ListPools: return "list_pools";
    case StepKind::UsePool: return "use_pool";
    case StepKind::Allocate: return "allocate";
    case StepKind::Bulk: return "bulk";
    case StepKind::Request: return "request";
    case StepKind::Advance: return "advance";
    case StepKind::SetBulk: return "set_bulk";
    case StepKind::Inspect: return "inspect";
    case StepKind::Distinct: return "distinct";
  }
  return "request";
}

std::expected<Scenario, std::string> parse_scenario(std::string_view toml_text, const std::string& path,
                                                    const std::string& id, const ClauseCatalogue& catalogue) {
  toml::table root;
  try {
    root = toml::parse(toml_text, path);
  } catch (const toml::parse_error& error) {
    return std::unexpected(fmt::format("{}:{}: {}", path, error.source().begin.line, error.description()));
  }
  try {
    return Reader(path, catalogue).scenario(root, id);
  } catch (const FileError& error) {
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
