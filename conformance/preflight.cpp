#include "conformance/preflight.hpp"

#include "conformance/capabilities.hpp"
#include "conformance/client_url.hpp"
#include "conformance/clock_body.hpp"
#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <set>

namespace ringpool::conformance {

namespace {

constexpr std::array<std::string_view, 4> kTables = {"primary", "second", "bulk", "tags"};

bool is_ringpool(const api::Response& response) {
  const auto server = response.headers.find("Server");
  return server != response.headers.end() && server->second.starts_with("ringpool/");
}

bool refused_credentials(int status) { return status == 401 || status == 403; }

class Preflight {
 public:
  Preflight(Target& target, const TargetDescription& description, const PreflightOptions& options)
      : target_(target), description_(description), options_(options) {}

  PreflightReport run() {
    if (!campaigns() || !other_bases()) return std::move(report_);
    if (options_.default_description && !report_.ringpool_server)
      problem("target file",
              fmt::format("no --target-file was given, and {} is not a ringpool server (no 'Server: ringpool/...'), "
                          "so the suite cannot know its networks, tokens and campaigns",
                          target_.describe()),
              "copy share/ringpool/targets/vendor-template.toml, fill in your names, and give --target-file FILE");
    run_id();
    pool_identity();
    control();
    not_verified();
    return std::move(report_);
  }

 private:
  void add(std::string subject, PreflightStatus status, std::string detail, std::string fix = {}) {
    report_.items.push_back(PreflightItem{std::move(subject), status, std::move(detail), std::move(fix)});
  }
  void problem(std::string subject, std::string detail, std::string fix) {
    add(std::move(subject), PreflightStatus::Problem, std::move(detail), std::move(fix));
  }

  Exchange send(ApiKind api, api::Request request) {
    Exchange exchange = target_.send(api, request);
    if (exchange.response && is_ringpool(*exchange.response)) report_.ringpool_server = true;
    return exchange;
  }

  // No answer at all: a setup problem about the URL, diagnosed.
  void unreachable(ApiKind api, const Exchange& exchange) {
    const std::string base = target_.base_url(api);
    std::pair<std::string, std::string> told{fmt::format("{} gave no answer: {}", base, exchange.transport_error),
                                             "check that the server is up and that --target (or [urls]) names it"};
    if (options_.diagnose) told = options_.diagnose(base, exchange.transport_error);
    problem(fmt::format("reachable ({})", api_name(api)), told.first, told.second);
  }

  const TokenOrigin* origin_of(const std::string& table) const {
    for (const TokenOrigin& origin : options_.token_origins)
      if (origin.table == table) return &origin;
    return nullptr;
  }

  // The fix for a refused token of `table`.
  std::string token_fix(const std::string& table, const NetworkContext& context) const {
    const TokenOrigin* origin = origin_of(table);
    const std::string wanted = fmt::format("<the API token of network {}>", context.network);
    if (origin != nullptr && !origin->variable.empty()) return fmt::format("export {}={}", origin->variable, wanted);
    return fmt::format("put the API token of network {} in [{}] (or name its variable with token_env)", context.network, table);
  }

  std::string token_source(const std::string& table) const {
    const TokenOrigin* origin = origin_of(table);
    return origin != nullptr && !origin->source.empty() ? origin->source : "the target file";
  }

  // GET <base>.json of one campaign with the table's token: the token and the campaign in one
  // request (M-1: a 200 JSON array; M-6: 401 for a refused token). The table's first campaign
  // also finds how the server takes the token: the declared form, else the first of kTokenForms
  // it does not refuse (a valid server may take only `Authorization: Bearer <token>`, M-6 [dec]).
  bool campaign(const std::string& table, const NetworkContext& context, const std::string& name, bool second) {
    const std::string path = management_base(context, name) + std::string(api::wire::kJsonExtension);
    std::vector<TokenForm> forms(kTokenForms.begin(), kTokenForms.end());
    if (context.token_form_declared) forms = {context.token_form};
    if (second) forms = {report_.token_forms.at(table)};
    Exchange exchange;
    for (TokenForm form : forms) {
      api::Request request = api::make_request("GET", path);
      attach_token(request, context.token, form);
      exchange = send(ApiKind::Management, request);
      if (!exchange.response) {
        unreachable(ApiKind::Management, exchange);
        return false;
      }
      report_.token_forms[table] = form;
      if (!refused_credentials(exchange.response->status)) break;
    }
    const int status = exchange.response->status;
    // The path only: in the query form the target holds the token.
    const std::string what = fmt::format("GET {} answered {}", path, status);
    const std::string key = second ? "second_campaign" : "campaign";
    if (refused_credentials(status)) {
      std::vector<std::string_view> tried;
      for (TokenForm form : forms) tried.push_back(token_form_shape(form));
      problem(fmt::format("[{}] token", table),
              fmt::format("the token of [{}] (from {}) was refused on network {} ({}): {} (M-6 answers 401 for a wrong "
                          "token and for a network that does not exist)",
                          table, token_source(table), context.network, fmt::join(tried, ", "), what),
              token_fix(table, context));
      return true;
    }
    if (status == 404) {
      problem(fmt::format("[{}] {}", table, key),
              fmt::format("[{}] {} '{}' of advertiser '{}' (network {}) was not found: {}", table, key, name,
                          context.advertiser, context.network, what),
              fmt::format("put an advertiser and {} that exist on the server in [{}]", key, table));
      return true;
    }
    auto body = nlohmann::json::parse(exchange.response->body, nullptr, false);
    if (status != 200 || !body.is_array()) {
      problem(fmt::format("[{}] {}", table, key),
              fmt::format("{} where M-1 says 200 with a JSON array of the campaign's pools", what),
              "check that --target (or [urls] management) is the management API's base URL, then the server's log");
      return true;
    }
    add(fmt::format("[{}] {}", table, key), PreflightStatus::Ok,
        fmt::format("token from {} accepted on network {} as {}; {} '{}' lists {} pool(s) (M-1)", token_source(table),
                    context.network, token_form_shape(report_.token_forms.at(table)), key, name, body.size()));
    if (!second && !context.token_form_declared && report_.token_forms.at(table) == TokenForm::Query)
      add(fmt::format("[{}] token form", table), PreflightStatus::NotVerified,
          "the token was refused in the Authorization header (as <token> and as Bearer <token>) and taken as oauth_token=: "
          "the run sends it so, and management/auth-token-locations.toml checks the header, which M-6 says takes it");
    listed_.push_back(Listed{table, name, std::move(body)});
    return true;
  }

  // Every campaign of every table; false when the server did not answer at all.
  bool campaigns() {
    for (std::string_view table_name : kTables) {
      const NetworkContext* context = description_.context(table_name);
      if (context == nullptr) continue;
      const std::string table(table_name);
      if (!campaign(table, *context, context->campaign, false)) return false;
      if (!context->second_campaign.empty() && !campaign(table, *context, context->second_campaign, true)) return false;
    }
    return true;
  }

  // The allocation and Bulk APIs when they have base URLs of their own: requests every valid
  // server refuses without a change (A-4: no key; B-1: an empty batch).
  bool other_bases() {
    const std::string management = target_.base_url(ApiKind::Management);
    std::set<std::string> seen{management};
    if (seen.insert(target_.base_url(ApiKind::Allocation)).second) {
      const Exchange exchange = send(ApiKind::Allocation, api::make_request("GET", api::wire::legacy_allocate(
                                                                                       description_.allocation_version, "0", "json")));
      if (!exchange.response) return unreachable(ApiKind::Allocation, exchange), false;
      add("reachable (allocation)", PreflightStatus::Ok, fmt::format("{} answered {}", target_.base_url(ApiKind::Allocation), exchange.response->status));
    }
    if (description_.context("bulk") != nullptr && seen.insert(target_.base_url(ApiKind::Bulk)).second) {
      const Exchange exchange = send(ApiKind::Bulk, api::make_request("POST", std::string(api::wire::kBulkPath), R"({"requests":[]})",
                                                                      {{"Content-Type", "application/json"}}));
      if (!exchange.response) return unreachable(ApiKind::Bulk, exchange), false;
      add("reachable (bulk)", PreflightStatus::Ok, fmt::format("{} answered {}", target_.base_url(ApiKind::Bulk), exchange.response->status));
    }
    return true;
  }

  void run_id() {
    if (options_.run_id.empty()) return;
    for (const Listed& listed : listed_) {
      std::vector<std::string> taken;
      for (const nlohmann::json& pool : listed.pools) {
        const auto id = pool.is_object() ? pool.find("id_from_network") : pool.end();
        if (pool.is_object() && id != pool.end() && id->is_string() && id->get<std::string>().starts_with(options_.run_id))
          taken.push_back(id->get<std::string>());
      }
      if (taken.empty()) continue;
      problem("run id",
              fmt::format("pools of run '{}' already exist in [{}] campaign '{}': {}{} (a run touches only what it creates)",
                          options_.run_id, listed.table, listed.campaign, fmt::join(taken.begin(), taken.begin() + std::min<std::ptrdiff_t>(3, std::ssize(taken)), ", "),
                          taken.size() > 3 ? fmt::format(" and {} more", taken.size() - 3) : ""),
              "give another --run-id (or leave it out: the default is unique to the run), or delete those pools");
      return;
    }
    add("run id", PreflightStatus::Ok, fmt::format("no pool of run '{}' exists in the {} campaign(s) listed", options_.run_id, listed_.size()));
  }

  // [pool_identity]: the fields the legacy API's id and key are read from, in a pool some list showed.
  void pool_identity() {
    for (const Listed& listed : listed_) {
      for (const nlohmann::json& pool : listed.pools) {
        if (!pool.is_object()) continue;
        for (const auto& [key, field] : {std::pair{"id_field", description_.pool_id_field}, std::pair{"key_field", description_.pool_key_field}}) {
          if (pool.contains(field)) continue;
          problem("[pool_identity]",
                  fmt::format("the pools [{}] campaign '{}' lists have no '{}' field, where [pool_identity] {} says the "
                              "legacy API's {} is",
                              listed.table, listed.campaign, field, key, key == std::string_view("id_field") ? "pool id" : "key"),
                  fmt::format("set [pool_identity] {} to the pool body's field that holds it", key));
          return;
        }
        add("[pool_identity]", PreflightStatus::Ok,
            fmt::format("a pool of [{}] campaign '{}' has '{}' and '{}'", listed.table, listed.campaign,
                        description_.pool_id_field, description_.pool_key_field));
        return;
      }
    }
    add("[pool_identity]", PreflightStatus::NotVerified,
        "no pool is listed to read the fields from, and creating one would change state");
  }

  const bool* declared(std::string_view capability) const {
    auto it = description_.capabilities.find(capability);
    return it == description_.capabilities.end() ? nullptr : &it->second;
  }

  void control();
  void not_verified();

  struct Listed {
    std::string table, campaign;
    nlohmann::json pools;
  };

  Target& target_;
  const TargetDescription& description_;
  const PreflightOptions& options_;
  PreflightReport report_;
  std::vector<Listed> listed_;
};

// The control token, through a request that reads only: GET /_control/clock (or the pool view of
// pool 0 when the target file keeps the suite away from the clock).
void Preflight::control() {
  const bool* clock = declared(capability::kClock);
  const bool* inspect = declared(capability::kInspect);
  std::string path;
  if (clock == nullptr || *clock) path = std::string(api::wire::kControlClockPath);
  else if (inspect == nullptr || *inspect) path = api::wire::control_ring_pool("0");
  if (path.empty()) {
    add("control token", PreflightStatus::NotVerified, "the target file declares the clock and the pool view absent");
    return;
  }
  api::Request request = api::make_request("GET", path);
  if (!options_.control_token.empty()) request.headers.emplace("X-Control-Token", options_.control_token);
  const Exchange exchange = send(ApiKind::Control, request);
  if (!exchange.response) return unreachable(ApiKind::Control, exchange);
  const int status = exchange.response->status;
  const std::string what = fmt::format("GET {} answered {}", path, status);
  if (refused_credentials(status)) {
    if (!options_.control_token.empty())
      problem("control token", fmt::format("the control token was refused: {} (T-4)", what),
              "export RINGPOOL_CONTROL_TOKEN=<the server's control token> (ringpool serve prints it when it starts)");
    else
      problem("control token",
              fmt::format("the server has a control API ({}: it wants a token) and no control token was given", what),
              "export RINGPOOL_CONTROL_TOKEN=<its control token>, or run without it: capabilities = { clock = false, "
              "clock-advance = false, reset = false, bulk-enablement = false, inspect = false } in the target file");
    return;
  }
  const bool present = status >= 200 && status < 300;
  if (clock != nullptr && *clock && path == api::wire::kControlClockPath && !present) {
    problem("declared capabilities", fmt::format("the target file declares 'clock', but {}", what),
            "remove clock from capabilities in the target file (or serve GET /_control/clock)");
    return;
  }
  if (!present) {
    add("control API", PreflightStatus::Ok, fmt::format("{}: no clock endpoint (probing finds what there is)", what));
    return;
  }
  const bool readable = path != api::wire::kControlClockPath || clock_ms_of(exchange.response->body).has_value();
  add("control token", PreflightStatus::Ok,
      fmt::format("{}{}", what,
                  readable ? "" : "; its body has no time the suite can read ({\"now_ms\": N} or {\"now\": \"RFC 3339\"}), "
                                  "so `load --clock-speed` cannot use it"));
}

void Preflight::not_verified() {
  const auto later = [this](std::string subject, std::string what) {
    add(std::move(subject), PreflightStatus::NotVerified, what + " (checking it would create a pool)");
  };
  if (const NetworkContext* primary = description_.context("primary")) {
    if (!primary->affiliate.empty()) later("[primary] affiliate", fmt::format("'{}' exists and is not bulk-enabled", primary->affiliate));
    if (!primary->host.empty()) later("[primary] host", fmt::format("object_url and tracking_url use '{}'", primary->host));
  }
  if (const NetworkContext* bulk = description_.context("bulk"))
    later("[bulk] enablement", bulk->affiliate.empty()
                                   ? fmt::format("advertiser '{}' is bulk-enabled", bulk->advertiser)
                                   : fmt::format("advertiser '{}' and publisher '{}' are bulk-enabled", bulk->advertiser, bulk->affiliate));
  if (description_.context("tags") != nullptr) later("[tags] network", "its destinations need an obfuscated_tag_id");
  for (const auto& [name, present] : description_.capabilities)
    if (present && name != capability::kClock)
      add("declared capabilities", PreflightStatus::NotVerified,
          fmt::format("'{}' is declared, so it is not probed (the target file asks the suite to trust it)", name));
}

}  // namespace

const char* preflight_status_name(PreflightStatus status) {
  switch (status) {
    case PreflightStatus::Ok: return "ok";
    case PreflightStatus::NotVerified: return "not verified";
    case PreflightStatus::Problem: return "problem";
  }
  return "problem";
}

const PreflightItem* PreflightReport::first_problem() const {
  for (const PreflightItem& item : items)
    if (item.status == PreflightStatus::Problem) return &item;
  return nullptr;
}

PreflightReport run_preflight(Target& target, const TargetDescription& description, const PreflightOptions& options) {
  return Preflight(target, description, options).run();
}

void apply_token_forms(const PreflightReport& report, TargetDescription& description) {
  for (const auto& [table, form] : report.token_forms) {
    auto context = description.contexts.find(table);
    if (context != description.contexts.end()) context->second.token_form = form;
  }
}

std::string preflight_problem_line(const PreflightItem& item) {
  return fmt::format("{}: {}. Fix: {}", item.subject, item.detail, item.fix);
}

}  // namespace ringpool::conformance
