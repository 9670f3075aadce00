#include "conformance/step_kinds.hpp"

#include "conformance/capabilities.hpp"
#include "conformance/client_url.hpp"
#include "conformance/request_builder.hpp"
#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>

#include <array>
#include <stdexcept>

namespace ringpool::conformance {

namespace {

// ---- the keys each kind accepts (besides kMetaStepKeys) ----------------------------------------

constexpr std::string_view kCreateKeys[] = {"on",   "repeat",    "query", "headers", "capture", "expect_success",
                                            "body", "body_text", "auth",  "method",  "id",      "omit_id",
                                            "campaign"};
constexpr std::string_view kUpdateKeys[] = {"on",   "repeat",    "query", "headers", "capture", "expect_success",
                                            "body", "body_text", "auth",  "id",      "campaign"};
constexpr std::string_view kReadKeys[] = {"on", "repeat", "query", "headers", "capture", "expect_success",
                                          "auth", "id", "campaign"};
constexpr std::string_view kDeleteKeys[] = {"on",   "repeat",    "query", "headers", "capture", "expect_success",
                                            "body", "body_text", "auth",  "id",      "campaign"};
constexpr std::string_view kListKeys[] = {"on", "repeat", "query", "headers", "capture", "expect_success", "auth", "campaign"};
constexpr std::string_view kUseKeys[] = {"on",   "repeat", "query", "headers", "capture", "expect_success",
                                         "auth", "id",     "campaign"};
constexpr std::string_view kAllocateKeys[] = {"on",     "repeat", "query", "headers", "capture", "expect_success",
                                              "format", "params", "key",   "pool_id", "version"};
constexpr std::string_view kBulkKeys[] = {"on", "repeat", "query", "headers", "capture", "expect_success", "capture_rows"};
constexpr std::string_view kRequestKeys[] = {"on",     "repeat", "query", "headers",   "capture", "expect_success",
                                             "method", "path",   "body",  "body_text", "auth",    "format"};
constexpr std::string_view kControlKeys[] = {"on", "repeat", "query", "headers", "capture", "expect_success"};
constexpr std::string_view kSetBulkKeys[] = {"on", "repeat", "query", "headers", "capture", "expect_success", "enabled"};
constexpr std::span<const std::string_view> kNoKeys{};

// ---- readers of the kinds' values ---------------------------------------------------------------

std::string read_alias(const TomlReader& reader, const toml::node& value, Step& out, std::string_view kind) {
  out.alias = reader.string(value, kind);
  return fmt::format("{} {}", kind, out.alias);
}

std::string parse_create(const TomlReader& reader, const toml::table& step, const toml::node& value, Step& out) {
  if (out.method.empty()) out.method = "POST";
  if (out.method != "POST" && out.method != "PUT")
    reader.fail(step, "create_pool's method is POST (the default) or PUT (M-4: a PUT of an unknown id creates)");
  return read_alias(reader, value, out, "create_pool");
}

std::string parse_use(const TomlReader& reader, const toml::table& step, const toml::node& value, Step& out) {
  if (!out.id) reader.fail(step, "use_pool needs id = \"<id_from_network of the existing pool>\"");
  return read_alias(reader, value, out, "use_pool");
}

std::string parse_allocate(const TomlReader& reader, const toml::table& step, const toml::node& value, Step& out) {
  if (out.format == "csv" && (out.expect.doc.find("overflow") || out.expect.dec.find("overflow")))
    reader.fail(step, "csv answers carry no overflow flag (A-2); check overflow with json or xml");
  return fmt::format("{} ({})", read_alias(reader, value, out, "allocate"), out.format);
}

BulkRow read_bulk_row(const TomlReader& reader, const toml::node& node) {
  if (node.is_string()) {
    BulkRow row;
    row.suffix = *node.value_exact<std::string>();
    return row;
  }
  const toml::table* table = node.as_table();
  if (table == nullptr) reader.fail(node, "a bulk row is a table ({ pool = \"p\", params = {...} }) or an api_suffix string");
  static constexpr std::array<std::string_view, 9> keys = {"pool",   "params", "request_id", "key",    "form",
                                                           "format", "suffix", "raw",        "comment"};
  reader.check_keys(*table, keys, "a bulk row");
  BulkRow row;
  for (const auto& [key_, value] : *table) {
    const std::string_view key = key_.str();
    if (key == "pool") row.pool = reader.string(value, "pool");
    else if (key == "params") {
      for (auto& [name, text] : reader.string_pairs(value, "params")) row.params[name] = text;
    } else if (key == "request_id") row.request_id = reader.json(value);
    else if (key == "key") row.key = reader.string(value, "key");
    else if (key == "form") {
      row.form = reader.string(value, "form");
      if (row.form != "long" && row.form != "short" && row.form != "slash")
        reader.fail(value, "form must be \"long\" (ring_pools/<id>/...), \"short\" (<id>/...) or \"slash\" (/ring_pools/<id>/...)");
    } else if (key == "format") row.format = reader.string(value, "format");
    else if (key == "suffix") row.suffix = reader.string(value, "suffix");
    else if (key == "raw") row.raw = reader.json(value);
  }
  if (!row.pool && !row.suffix && !row.raw) reader.fail(node, "a bulk row needs pool, suffix or raw");
  return row;
}

std::string parse_bulk(const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
  if (value.is_string()) {
    out.body_text = *value.value_exact<std::string>();
    return "bulk";
  }
  const toml::array* rows = value.as_array();
  if (rows == nullptr) reader.fail(value, "bulk is an array of rows, or the request body as a string");
  for (const toml::node& row : *rows) out.rows.push_back(read_bulk_row(reader, row));
  return fmt::format("bulk {} row{}", out.rows.size(), out.rows.size() == 1 ? "" : "s");
}

std::string parse_request(const TomlReader& reader, const toml::table& step, const toml::node& value, Step& out) {
  out.api = reader.string(value, "request");
  if (out.api != "management" && out.api != "allocation" && out.api != "bulk" && out.api != "control")
    reader.fail(value, "request names the API: management, allocation, bulk or control");
  if (!step.contains("path")) reader.fail(step, "a request step needs path = \"/...\"");
  if (out.method.empty()) out.method = "GET";
  return fmt::format("{} {} {}", out.api, out.method, out.path);
}

// ---- builders -----------------------------------------------------------------------------------

const NetworkContext& network_of(const RequestBuilder& builder, const Step& step) {
  return builder.placeholders().network(step.context);
}

void build_create(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  const NetworkContext& context = network_of(builder, step);
  out.api = ApiKind::Management;
  if (!out.body) out.body = nlohmann::json::object();
  if (!out.body->is_object()) throw PlaceholderError("create_pool's body must be a table");
  const std::string id = step.id ? builder.placeholders().expand(*step.id)
                                 : fmt::format("{}-{}", builder.state().run_prefix, step.alias);
  if (!step.omit_id && !out.body->contains("id_from_network")) (*out.body)["id_from_network"] = id;
  out.request.method = step.method;
  out.request.target = management_base(context, builder.campaign_of(step, context));
  if (step.method == "PUT") out.request.target += "/" + encode_path_segment(id);
  out.request.target += api::wire::kJsonExtension;
}

// update_pool, read_pool, delete_pool and use_pool address one pool by its id_from_network.
void build_one_pool(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  const NetworkContext& context = network_of(builder, step);
  out.api = ApiKind::Management;
  out.request.method = step.kind == StepKind::UpdatePool   ? "PUT"
                       : step.kind == StepKind::DeletePool ? "DELETE"
                                                           : "GET";
  const std::string id =
      step.kind == StepKind::UsePool ? builder.placeholders().expand(*step.id) : builder.pool_id_from_network(step);
  out.request.target = management_base(context, builder.campaign_of(step, context)) + "/" + encode_path_segment(id) +
                       std::string(api::wire::kJsonExtension);
  if (step.kind == StepKind::UpdatePool && !out.body) out.body = nlohmann::json::object();
}

void build_list(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  const NetworkContext& context = network_of(builder, step);
  out.api = ApiKind::Management;
  out.request.method = "GET";
  out.request.target = management_base(context, builder.campaign_of(step, context)) + std::string(api::wire::kJsonExtension);
}

void build_allocate(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  const Placeholders& placeholders = builder.placeholders();
  out.api = ApiKind::Allocation;
  out.request.method = "GET";
  const std::string id = step.pool_id ? placeholders.expand(*step.pool_id) : placeholders.pool(step.alias).id;
  const std::string version =
      step.version ? placeholders.expand(*step.version) : builder.options().description.allocation_version;
  out.request.target = api::wire::legacy_allocate(version, id, step.format);
  const std::string key = step.key ? placeholders.expand(*step.key) : placeholders.pool(step.alias).key;
  StringPairs query;
  if (key != kOmitValue) query.emplace_back("ring_pool_key", key);
  for (const auto& [name, value] : step.params) query.emplace_back(name, value);
  append_query(out.request.target, builder.expanded_query(query));
}

void build_bulk(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  out.api = ApiKind::Bulk;
  out.request.method = "POST";
  out.request.target = api::wire::kBulkPath;
  if (step.body_text) return;  // sent verbatim
  nlohmann::ordered_json requests = nlohmann::ordered_json::array();
  for (const BulkRow& row : step.rows) requests.push_back(builder.bulk_row(row));
  out.request.body = nlohmann::ordered_json{{"requests", std::move(requests)}}.dump();
}

void build_request(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  out.api = step.api == "allocation" ? ApiKind::Allocation
            : step.api == "bulk"     ? ApiKind::Bulk
            : step.api == "control"  ? ApiKind::Control
                                     : ApiKind::Management;
  out.request.method = step.method;
  out.request.target = builder.placeholders().expand(step.path);
}

void build_advance(const RequestBuilder&, const Step& step, OutgoingRequest& out) {
  out.api = ApiKind::Control;
  out.request.method = "POST";
  out.request.target = api::wire::kControlClockAdvancePath;
  out.request.body = nlohmann::json{{"seconds", step.seconds}}.dump();
}

void build_set_bulk(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  const NetworkContext& context = network_of(builder, step);
  out.api = ApiKind::Control;
  out.request.method = "POST";
  out.request.target = api::wire::kControlBulkPath;
  nlohmann::ordered_json control{{"network", context.network}};
  if (step.scope == "advertiser") control["advertiser"] = context.advertiser;
  if (step.scope == "affiliate") control["affiliate"] = context.affiliate;
  control["enabled"] = step.enabled;
  out.request.body = control.dump();
}

void build_inspect(const RequestBuilder& builder, const Step& step, OutgoingRequest& out) {
  out.api = ApiKind::Control;
  out.request.method = "GET";
  out.request.target = api::wire::control_ring_pool(builder.placeholders().pool(step.alias).id);
}

// ---- the vocabulary -----------------------------------------------------------------------------
// One entry per kind, in the order of the StepKind enum (checked at start-up).

const std::array<StepKindInfo, 13> kKinds = {{
    {StepKind::CreatePool, "create_pool",
     "POST <base>.json (or PUT <base>/<id>.json) with `body`; records the pool under its alias and deletes it at the end",
     kCreateKeys, true, true, true, false, parse_create, build_create, nullptr},
    {StepKind::UpdatePool, "update_pool", "PUT <base>/<id_from_network>.json with `body`", kUpdateKeys, true, true, false,
     false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
       return read_alias(reader, value, out, "update_pool");
     },
     build_one_pool, nullptr},
    {StepKind::ReadPool, "read_pool", "GET <base>/<id_from_network>.json", kReadKeys, true, false, false, false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
       return read_alias(reader, value, out, "read_pool");
     },
     build_one_pool, nullptr},
    {StepKind::DeletePool, "delete_pool", "DELETE <base>/<id_from_network>.json", kDeleteKeys, true, false, false, false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
       return read_alias(reader, value, out, "delete_pool");
     },
     build_one_pool, nullptr},
    {StepKind::ListPools, "list_pools", "GET <base>.json", kListKeys, true, false, false, false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step&) {
       if (!reader.boolean(value, "list_pools")) reader.fail(value, "list_pools = true");
       return std::string("list_pools");
     },
     build_list, nullptr},
    {StepKind::UsePool, "use_pool", "GET an existing pool (`id`, declared in the world) and record it under the alias",
     kUseKeys, true, true, false, false, parse_use, build_one_pool,
     [](const Step&) { return capability::kWorld; }},  // the pool is one the world file declares
    {StepKind::Allocate, "allocate", "GET /api/<version>/ring_pools/<id>/allocate_number.<format>?ring_pool_key=...",
     kAllocateKeys, true, false, false, true, parse_allocate, build_allocate, nullptr},
    {StepKind::Bulk, "bulk", "POST /api/2013-07-01/bulk.json, one request per row (or the body verbatim)", kBulkKeys, true,
     false, false, false, parse_bulk, build_bulk, nullptr},
    {StepKind::Request, "request", "any request to management, allocation, bulk or control: `method`, `path`, `body`",
     kRequestKeys, true, false, false, true, parse_request, build_request,
     [](const Step& step) -> std::string_view {
       if (step.api != "control") return {};
       const ControlEndpoint* endpoint = control_endpoint_of(step.method, step.path);
       return endpoint != nullptr ? endpoint->capability : std::string_view{};
     }},
    {StepKind::Advance, "advance", "POST /_control/clock/advance {\"seconds\": N}", kControlKeys, true, false, false, false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
       auto seconds = value.value<double>();
       if (!seconds || *seconds < 0) reader.fail(value, "advance = <seconds >= 0>");
       out.seconds = *seconds;
       return fmt::format("advance {} s", out.seconds);
     },
     build_advance, [](const Step&) { return capability::kClockAdvance; }},
    {StepKind::SetBulk, "set_bulk", "POST /_control/bulk: Bulk `enabled` for the step's network, advertiser or affiliate",
     kSetBulkKeys, true, false, false, false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
       out.scope = reader.string(value, "set_bulk");
       if (out.scope != "network" && out.scope != "advertiser" && out.scope != "affiliate")
         reader.fail(value, "set_bulk = \"network\", \"advertiser\" or \"affiliate\"");
       return fmt::format("set_bulk {}", out.scope);
     },
     build_set_bulk, [](const Step&) { return capability::kBulkEnablement; }},
    {StepKind::Inspect, "inspect", "GET /_control/ring_pools/<id>: what the pool holds (white-box)", kControlKeys, true,
     false, false, false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
       return read_alias(reader, value, out, "inspect");
     },
     build_inspect, [](const Step&) { return capability::kInspect; }},
    {StepKind::Distinct, "distinct", "no request: counts the distinct values of a captured list", kNoKeys, false, false,
     false, false,
     [](const TomlReader& reader, const toml::table&, const toml::node& value, Step& out) {
       return read_alias(reader, value, out, "distinct");
     },
     nullptr, nullptr},
}};

bool registry_in_enum_order() {
  for (std::size_t i = 0; i < kKinds.size(); ++i)
    if (static_cast<std::size_t>(kKinds[i].kind) != i) return false;
  return true;
}

}  // namespace

std::span<const StepKindInfo> step_kinds() { return kKinds; }

const StepKindInfo& step_kind_info(StepKind kind) {
  static const bool ordered = registry_in_enum_order();
  if (!ordered) throw std::logic_error("step_kinds.cpp: the registry is not in StepKind order");
  return kKinds[static_cast<std::size_t>(kind)];
}

const StepKindInfo* find_step_kind(std::string_view key) {
  for (const StepKindInfo& info : kKinds)
    if (info.key == key) return &info;
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> step_needs(const Step& step) {
  std::vector<std::pair<std::string, std::string>> out;
  const StepKindInfo& kind = step_kind_info(step.kind);
  if (kind.needs != nullptr)
    if (const std::string_view name = kind.needs(step); !name.empty()) out.emplace_back(name, kind.key);
  if (step.context == "second") out.emplace_back(capability::kSecondNetwork, "on = \"second\"");
  if (step.context == "bulk") out.emplace_back(capability::kBulk, "on = \"bulk\"");
  if (step.context == "tags") out.emplace_back(capability::kTagNetwork, "on = \"tags\"");
  if (step.auth == "other-network") out.emplace_back(capability::kSecondNetwork, "auth = \"other-network\"");
  return out;
}

bool step_idle_in(const Step& step, Profile profile) {
  const StepKindInfo& kind = step_kind_info(step.kind);
  if (!kind.sends_request) return false;  // distinct steps cost nothing and judge their own list
  // A step that keeps something for later steps (a pool it brings in, a value it captures) runs;
  // an update only records again the pool its create recorded.
  const bool brings_pool = kind.records_pool && step.kind != StepKind::UpdatePool;
  if (brings_pool || !step.capture.empty() || !step.capture_rows.empty()) return false;
  // The control steps every later time-dependent check stands on (advance, set_bulk) run.
  if (step.kind == StepKind::Advance || step.kind == StepKind::SetBulk) return false;
  bool any_status = false;
  const std::pair<const Expectations*, Level> tiers[] = {
      {&step.expect.doc, Level::Doc}, {&step.expect.dec, Level::Dec}, {&step.expect.ref, Level::Ref}};
  for (const auto& [tier, level] : tiers) {
    if (profile_checks(profile, level) && !tier->empty()) return false;
    any_status = any_status || tier->find("status") != nullptr;
  }
  // Judged by nothing in this profile (no tier at or below it, no default success check): it is
  // not sent. A read changes nothing anyway; a write it does not judge (a [dec]-invalid update,
  // say) must not change the state later checks of this profile rely on, since a valid server
  // may take what the reference refuses (T-5).
  return any_status || !step.expect_success_by_default;
}

const char* step_kind_name(StepKind kind) { return step_kind_info(kind).key.data(); }

}  // namespace ringpool::conformance
