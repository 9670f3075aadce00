#include "conformance/runner.hpp"

#include "conformance/expectation_checker.hpp"
#include "conformance/response_view.hpp"
#include "reference/api/query.hpp"
#include "reference/world_file/world_toml.hpp"
#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>

namespace ringpool::conformance {

namespace {

constexpr std::string_view kManagementVersion = "2022-08-01";
constexpr std::string_view kOmitKey = "<omit>";

struct PlaceholderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// A step needs something an earlier step should have made (a pool whose create failed).
struct MissingPrerequisite : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct PoolRecord {
  std::string name;  // id_from_network
  std::string id;    // allocation id (A-1)
  std::string key;   // allocation key
  std::string context;
  std::string campaign;  // the campaign it lives in
};

std::string capability_hint(std::string_view name) {
  if (name == capability::kControl)
    return "the target has no control API (T-4): start it with `ringpool serve --control` and pass --control-token";
  if (name == capability::kWorld) return "the target cannot load ringpool world files (a ringpool reference with --control can)";
  if (name == capability::kWhiteBox) return "the target does not expose pool internals (GET /_control/ring_pools/<id>)";
  if (name == capability::kBulk) return "no bulk-enabled advertiser is described ([bulk] in --target-file)";
  if (name == capability::kSecondNetwork) return "no second network is described ([second] in --target-file)";
  if (name == capability::kTagNetwork) return "no tag-destination network is described ([tags] in --target-file)";
  if (name == capability::kFaultInjection) return "the target has no fault injection (a ringpool reference world can set [faults])";
  return "unknown capability";
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

class ScenarioRun {
 public:
  ScenarioRun(Target& target, const Scenario& scenario, const RunOptions& options)
      : target_(target), scenario_(scenario), options_(options) {
    result_.id = scenario.id;
    result_.title = scenario.title;
    result_.clauses = scenario.clauses;
    result_.profile = scenario.profile;
    result_.reproduce = fmt::format("{} --scenarios {}", options.reproduce_prefix, scenario.path);
    run_prefix_ = fmt::format("{}-{}", options.run_id, sim::Rng(sim::fnv1a64(scenario.id)).hex(6));
  }

  ScenarioResult run() {
    if (static_cast<int>(scenario_.profile) > static_cast<int>(options_.profile)) {
      return skipped(fmt::format("needs the {} profile (this run is {}; use --profile {})",
                                 profile_name(scenario_.profile), profile_name(options_.profile),
                                 profile_name(scenario_.profile)));
    }
    for (const std::string& needed : scenario_.requires_caps)
      if (!options_.capabilities.contains(needed)) return skipped(fmt::format("needs '{}': {}", needed, capability_hint(needed)));
    for (const Step& step : scenario_.steps)
      if (step.context != "primary" && options_.description.context(step.context) == nullptr)
        return skipped(fmt::format("needs the '{}' network, which the target description does not have", step.context));

    const std::uint64_t seed = sim::Rng(options_.seed).stream("scenario/" + scenario_.id).seed();
    const std::optional<std::string> world = scenario_world(scenario_);
    if (auto begun = target_.begin_scenario(seed, world); !begun) {
      result_.outcome = Outcome::Unknown;
      result_.reason = "the scenario's world could not be set: " + begun.error();
      return std::move(result_);
    }
    for (const Step& step : scenario_.steps) {
      if (stopped_) break;
      try {
        for (int i = 1; i <= step.repeat && !stopped_; ++i) run_step(step, i);
      } catch (const MissingPrerequisite& missing) {
        stop_with(Outcome::Failed, fmt::format("{} could not run: {}", step.title, missing.what()));
      } catch (const PlaceholderError& error) {
        fail_check(step, step.clause, "scenario placeholders", "every ${...} defined", error.what());
        stopped_ = true;
      }
    }
    clean_up();
    if (world) (void)target_.begin_scenario(seed, std::string(world_file::default_world_toml()));
    finish();
    return std::move(result_);
  }

 private:
  ScenarioResult skipped(std::string reason) {
    result_.outcome = Outcome::Skipped;
    result_.reason = std::move(reason);
    return std::move(result_);
  }

  void stop_with(Outcome outcome, std::string reason) {
    stopped_ = true;
    if (result_.reason.empty()) result_.reason = std::move(reason);
    if (outcome == Outcome::Unknown) unknown_ = true;
  }

  void finish() {
    bool failed = false;
    for (const CheckResult& check : result_.checks) failed = failed || check.outcome == Outcome::Failed;
    if (failed) result_.outcome = Outcome::Failed;
    else if (unknown_) result_.outcome = Outcome::Unknown;
    else if (stopped_ && !result_.reason.empty()) result_.outcome = Outcome::Failed;
    else result_.outcome = Outcome::Passed;
    if (result_.outcome == Outcome::Passed) result_.reason.clear();
  }

  const NetworkContext& context_of(const std::string& name) const {
    const NetworkContext* context = options_.description.context(name);
    if (context == nullptr) throw MissingPrerequisite(fmt::format("the target description has no [{}] network", name));
    return *context;
  }

  std::string context_field(const NetworkContext& context, std::string_view field) const {
    // A table that leaves out the host or the affiliate parameter shares them with the other
    // tables of the same network (the [bulk] advertiser lives in the primary network).
    if ((field == "host" && context.host.empty()) || (field == "affiliate_parameter" && context.affiliate_parameter.empty())) {
      for (const auto& [name, other] : options_.description.contexts) {
        if (other.network != context.network) continue;
        const std::string& value = field == "host" ? other.host : other.affiliate_parameter;
        if (!value.empty()) return value;
      }
      if (field == "affiliate_parameter") return "pid";  // W-1's default
      throw PlaceholderError(fmt::format("${{{}}}: no table of network {} in the target description gives it", field,
                                         context.network));
    }
    if (field == "token") return context.token;
    if (field == "network") return std::to_string(context.network);
    if (field == "advertiser") return context.advertiser;
    if (field == "campaign") return context.campaign;
    if (field == "second_campaign") return context.second_campaign;
    if (field == "affiliate") return context.affiliate;
    if (field == "affiliate_parameter") return context.affiliate_parameter;
    if (field == "host") return context.host;
    if (field == "base") return management_base(context, context.campaign);
    throw PlaceholderError(fmt::format("unknown network field '{}'", field));
  }

  std::string lookup(std::string_view name) const {
    if (name == "run") return run_prefix_;
    if (name == "i") return std::to_string(iteration_);
    if (name == "version") return options_.description.allocation_version;
    if (name.starts_with("pool.")) {
      const std::string_view rest = name.substr(5);
      const auto dot = rest.rfind('.');
      if (dot == std::string_view::npos) throw PlaceholderError(fmt::format("${{{}}}: use pool.<alias>.id, .key or .name", name));
      const PoolRecord& pool = pool_of(std::string(rest.substr(0, dot)));
      const std::string_view field = rest.substr(dot + 1);
      if (field == "id") return pool.id;
      if (field == "key") return pool.key;
      if (field == "name") return pool.name;
      throw PlaceholderError(fmt::format("${{{}}}: a pool has id, key and name", name));
    }
    if (const auto dot = name.find('.'); dot != std::string_view::npos) {
      const std::string context(name.substr(0, dot));
      if (context == "primary" || context == "second" || context == "bulk" || context == "tags")
        return context_field(context_of(context), name.substr(dot + 1));
    }
    if (auto it = captures_.find(std::string(name)); it != captures_.end() && !it->second.empty()) return it->second.back();
    if (name == "token" || name == "network" || name == "advertiser" || name == "campaign" || name == "second_campaign" ||
        name == "affiliate" || name == "affiliate_parameter" || name == "host" || name == "base")
      return context_field(context_of(step_context_), name);
    if (captures_.contains(std::string(name)) || declared_capture(name))
      throw MissingPrerequisite(fmt::format("nothing was captured as '{}' (an earlier step failed)", name));
    throw PlaceholderError(fmt::format("${{{}}} is not defined: capture it in an earlier step, or use run, i, token, "
                                       "network, advertiser, campaign, affiliate, host, base, pool.<alias>.id|key|name",
                                       name));
  }

  bool declared_capture(std::string_view name) const {
    for (const Step& step : scenario_.steps) {
      for (const auto& [source, list] : step.capture) if (list == name) return true;
      for (const auto& [source, list] : step.capture_rows) if (list == name) return true;
    }
    return false;
  }

  const PoolRecord& pool_of(const std::string& alias) const {
    auto it = pools_.find(alias);
    if (it != pools_.end()) return it->second;
    for (const Step& step : scenario_.steps)
      if ((step.kind == StepKind::CreatePool || step.kind == StepKind::UsePool) && step.alias == alias)
        throw MissingPrerequisite(fmt::format("pool '{}' was not created (see the step that creates it)", alias));
    throw PlaceholderError(fmt::format("pool '{}' is never created in this scenario (create_pool or use_pool)", alias));
  }

  std::string expand(const std::string& text) const {
    std::string out;
    std::size_t at = 0;
    while (true) {
      const auto start = text.find("${", at);
      if (start == std::string::npos) break;
      const auto end = text.find('}', start + 2);
      if (end == std::string::npos) throw PlaceholderError(fmt::format("'{}' has an unclosed ${{", text));
      out.append(text, at, start - at);
      out += lookup(std::string_view(text).substr(start + 2, end - start - 2));
      at = end + 1;
    }
    out.append(text, at);
    return out;
  }

  nlohmann::json expand_json(const nlohmann::json& value) const {
    return expand_strings(value, [this](const std::string& text) { return expand(text); });
  }

  static std::string management_base(const NetworkContext& context, const std::string& campaign) {
    return fmt::format("/api/{}/{}/advertisers/{}/advertiser_campaigns/{}/ring_pools", kManagementVersion,
                       context.network, api::encode_query_value(context.advertiser), api::encode_query_value(campaign));
  }

  std::string query_string(const std::vector<std::pair<std::string, std::string>>& pairs) const {
    std::string out;
    for (const auto& [name, value] : pairs) {
      out += out.empty() ? "" : "&";
      out += api::encode_query_value(expand(name)) + "=" + api::encode_query_value(expand(value));
    }
    return out;
  }

  static void append_query(std::string& target, const std::string& query) {
    if (query.empty()) return;
    target += target.find('?') == std::string::npos ? "?" : "&";
    target += query;
  }

  void apply_auth(const Step& step, api::Request& request, nlohmann::json* body) const {
    const NetworkContext& context = context_of(step.context);
    std::string token = context.token;
    if (step.auth == "wrong") token = fmt::format("wrong-{}", run_prefix_);
    if (step.auth == "other-network") token = context_of("second").token;
    if (step.auth == "none") return;
    if (step.auth == "query") append_query(request.target, "oauth_token=" + api::encode_query_value(token));
    else if (step.auth == "body" && body != nullptr) (*body)["oauth_token"] = token;
    else if (step.auth == "bearer") request.headers.emplace("Authorization", "Bearer " + token);
    else request.headers.emplace("Authorization", token);
  }

  // The campaign a management step addresses.
  std::string campaign_of(const Step& step, const NetworkContext& context) const {
    if (step.campaign.empty()) {
      auto pool = pools_.find(step.alias);
      const bool alias_step = step.kind != StepKind::ListPools && step.kind != StepKind::Request;
      return alias_step && pool != pools_.end() && !pool->second.campaign.empty() ? pool->second.campaign : context.campaign;
    }
    if (step.campaign == "second") {
      if (context.second_campaign.empty())
        throw MissingPrerequisite(fmt::format("the [{}] network has no second_campaign", step.context));
      return context.second_campaign;
    }
    return expand(step.campaign);
  }

  std::string pool_id_from_network(const Step& step) const {
    if (step.id) return expand(*step.id);
    return pool_of(step.alias).name;
  }

  // Builds the request a step sends; `api` is set to where it goes.
  api::Request build(const Step& step, ApiKind& api) const {
    api::Request request;
    const NetworkContext& context = context_of(step.context);
    std::optional<nlohmann::json> body;
    if (step.body_json) body = expand_json(*step.body_json);
    switch (step.kind) {
      case StepKind::CreatePool: {
        api = ApiKind::Management;
        if (!body) body = nlohmann::json::object();
        if (!body->is_object()) throw PlaceholderError("create_pool's body must be a table");
        const std::string id = step.id ? expand(*step.id) : fmt::format("{}-{}", run_prefix_, step.alias);
        if (!step.omit_id && !body->contains("id_from_network")) (*body)["id_from_network"] = id;
        request.method = step.method;
        request.target = management_base(context, campaign_of(step, context));
        if (step.method == "PUT") request.target += "/" + api::encode_query_value(id);
        request.target += ".json";
        break;
      }
      case StepKind::UpdatePool:
      case StepKind::ReadPool:
      case StepKind::DeletePool:
      case StepKind::UsePool: {
        api = ApiKind::Management;
        request.method = step.kind == StepKind::UpdatePool ? "PUT" : step.kind == StepKind::DeletePool ? "DELETE" : "GET";
        const std::string id = step.kind == StepKind::UsePool ? expand(*step.id) : pool_id_from_network(step);
        request.target = fmt::format("{}/{}.json", management_base(context, campaign_of(step, context)), api::encode_query_value(id));
        if (step.kind == StepKind::UpdatePool && !body) body = nlohmann::json::object();
        break;
      }
      case StepKind::ListPools:
        api = ApiKind::Management;
        request.method = "GET";
        request.target = management_base(context, campaign_of(step, context)) + ".json";
        break;
      case StepKind::Allocate: {
        api = ApiKind::Allocation;
        request.method = "GET";
        const std::string id = step.pool_id ? expand(*step.pool_id) : pool_of(step.alias).id;
        const std::string version = step.version ? expand(*step.version) : options_.description.allocation_version;
        request.target = fmt::format("/api/{}/ring_pools/{}/allocate_number.{}", version, id, step.format);
        const std::string key = step.key ? expand(*step.key) : pool_of(step.alias).key;
        std::vector<std::pair<std::string, std::string>> query;
        if (key != kOmitKey) query.emplace_back("ring_pool_key", key);
        for (const auto& [name, value] : step.params) query.emplace_back(name, value);
        append_query(request.target, query_string(query));
        break;
      }
      case StepKind::Bulk: {
        api = ApiKind::Bulk;
        request.method = "POST";
        request.target = "/api/2013-07-01/bulk.json";
        if (!step.body_text) {
          nlohmann::ordered_json requests = nlohmann::ordered_json::array();
          for (const BulkRow& row : step.rows) requests.push_back(bulk_row(row));
          request.body = nlohmann::ordered_json{{"requests", std::move(requests)}}.dump();
        }
        break;
      }
      case StepKind::Request: {
        api = step.api == "allocation" ? ApiKind::Allocation
              : step.api == "bulk"     ? ApiKind::Bulk
              : step.api == "control"  ? ApiKind::Control
                                       : ApiKind::Management;
        request.method = step.method;
        request.target = expand(step.path);
        break;
      }
      case StepKind::Advance:
        api = ApiKind::Control;
        request.method = "POST";
        request.target = "/_control/clock/advance";
        request.body = nlohmann::json{{"seconds", step.seconds}}.dump();
        break;
      case StepKind::SetBulk: {
        api = ApiKind::Control;
        request.method = "POST";
        request.target = "/_control/bulk";
        nlohmann::ordered_json control{{"network", context.network}};
        if (step.scope == "advertiser") control["advertiser"] = context.advertiser;
        if (step.scope == "affiliate") control["affiliate"] = context.affiliate;
        control["enabled"] = step.enabled;
        request.body = control.dump();
        break;
      }
      case StepKind::Inspect:
        api = ApiKind::Control;
        request.method = "GET";
        request.target = fmt::format("/_control/ring_pools/{}", pool_of(step.alias).id);
        break;
      case StepKind::Distinct:
        break;
    }
    append_query(request.target, query_string(step.query));
    for (const auto& [name, value] : step.headers) request.headers.emplace(expand(name), expand(value));
    if (api == ApiKind::Management) apply_auth(step, request, body ? &*body : nullptr);
    if (api == ApiKind::Control && !request.header("X-Control-Token"))
      request.headers.emplace("X-Control-Token", options_.control_token);
    // A header given as "<omit>" is not sent (e.g. the control token, to test its absence).
    for (auto it = request.headers.begin(); it != request.headers.end();)
      it = it->second == kOmitKey ? request.headers.erase(it) : std::next(it);
    if (step.body_text) request.body = expand(*step.body_text);
    else if (body) request.body = body->dump();
    if (!request.body.empty() && !request.header("Content-Type")) request.headers.emplace("Content-Type", "application/json");
    return request;
  }

  nlohmann::ordered_json bulk_row(const BulkRow& row) const {
    if (row.raw) return nlohmann::ordered_json(expand_json(*row.raw));
    nlohmann::ordered_json out;
    if (row.suffix) {
      out["api_suffix"] = expand(*row.suffix);
    } else {
      const PoolRecord& pool = pool_of(*row.pool);
      const std::string key = row.key ? expand(*row.key) : pool.key;
      std::vector<std::pair<std::string, std::string>> query;
      if (key != kOmitKey) query.emplace_back("ring_pool_key", key);
      for (const auto& [name, value] : row.params) query.emplace_back(name, value);
      const std::string prefix = row.form == "short" ? "" : row.form == "slash" ? "/ring_pools/" : "ring_pools/";
      std::string suffix = fmt::format("{}{}/allocate_number.{}", prefix, pool.id, row.format);
      append_query(suffix, query_string(query));
      out["api_suffix"] = suffix;
    }
    if (row.request_id) out["request_id"] = nlohmann::ordered_json(expand_json(*row.request_id));
    return out;
  }

  ExchangeRecord record_of(ApiKind api, const api::Request& request, const Exchange& exchange) const {
    ExchangeRecord record;
    record.api = api_name(api);
    record.method = request.method;
    record.url = target_.base_url(api) + request.target;
    for (const auto& [name, value] : request.headers) record.request_headers.emplace_back(name, value);
    record.request_body = request.body;
    if (exchange.response) {
      record.status = exchange.response->status;
      if (!exchange.response->content_type.empty())
        record.response_headers.emplace_back("Content-Type", exchange.response->content_type);
      for (const auto& [name, value] : exchange.response->headers)
        record.response_headers.emplace_back(name, options_.deterministic && name == "processing-time" ? "0" : value);
      record.response_body = exchange.response->body;
    } else {
      record.transport_error = exchange.transport_error;
    }
    return record;
  }

  void fail_check(const Step& step, const std::string& clause, std::string what, std::string expected, std::string actual) {
    CheckResult check;
    check.clause = clause;
    check.step = step.title;
    check.what = std::move(what);
    check.expected = std::move(expected);
    check.actual = std::move(actual);
    check.outcome = Outcome::Failed;
    result_.checks.push_back(std::move(check));
  }

  bool any_status(const Step& step) const {
    return !step.expect.doc.status.empty() || !step.expect.dec.status.empty() || !step.expect.ref.status.empty();
  }

  void judge(const Step& step, const CheckSubject& subject) {
    CheckContext context;
    context.clause = step.clause;
    context.step = step.title;
    if (step.repeat > 1) context.step += fmt::format(" (#{})", iteration_);
    context.expand = [this](const std::string& text) { return expand(text); };
    context.captured = [this](const std::string& name) -> const std::vector<std::string>* {
      auto it = captures_.find(name);
      return it == captures_.end() ? nullptr : &it->second;
    };
    context.pool_name = [this](const std::string& alias) -> std::optional<std::string> {
      auto it = pools_.find(alias);
      if (it == pools_.end()) return std::nullopt;
      return it->second.name;
    };
    if (subject.response != nullptr && !any_status(step) && step.expect_success_by_default) {
      const int status = subject.response->response().status;
      CheckResult check;
      check.clause = step.clause;
      check.step = context.step;
      check.what = "status";
      check.expected = "2xx (success)";
      check.actual = std::to_string(status);
      check.outcome = status >= 200 && status < 300 ? Outcome::Passed : Outcome::Failed;
      result_.checks.push_back(std::move(check));
    }
    const std::pair<const Expectations*, Level> tiers[] = {
        {&step.expect.doc, Level::Doc}, {&step.expect.dec, Level::Dec}, {&step.expect.ref, Level::Ref}};
    for (const auto& [tier, level] : tiers) {
      if (!profile_checks(options_.profile, level) || tier->empty()) continue;
      context.level = level;
      check_expectations(*tier, subject, context, result_.checks);
    }
  }

  void capture(const Step& step, const ResponseView& view) {
    for (const auto& [source, list] : step.capture) {
      std::optional<std::string> value;
      if (source == "status") value = std::to_string(view.response().status);
      else if (source == "promo_number") value = view.allocation().promo_number;
      else if (source == "promo_number_formatted") value = view.allocation().promo_number_formatted;
      else if (source == "tracking_url") value = view.allocation().tracking_url;
      else if (source == "error_class") value = view.error().error_class;
      else if (source.starts_with("header:")) value = view.header(source.substr(7));
      else if (source.starts_with('/') && view.json() != nullptr) {
        try {
          const nlohmann::json::json_pointer pointer(source);
          if (view.json()->contains(pointer)) {
            const nlohmann::json& found = view.json()->at(pointer);
            value = found.is_string() ? found.get<std::string>() : found.dump();
          }
        } catch (const nlohmann::json::exception&) {
        }
      }
      if (value) captures_[list].push_back(*value);
      else captures_.try_emplace(list);
    }
    if (!step.capture_rows.empty() && view.json() != nullptr && view.json()->contains("responses") &&
        (*view.json())["responses"].is_array()) {
      for (const nlohmann::json& row : (*view.json())["responses"]) {
        const AllocationView allocation = allocation_of_json(row);
        for (const auto& [source, list] : step.capture_rows) {
          std::optional<std::string> value = source == "promo_number" ? allocation.promo_number
                                             : source == "tracking_url" ? allocation.tracking_url
                                                                         : std::nullopt;
          if (source == "promo_number" && allocation.overflow == true) value.reset();  // trackable numbers only
          if (value) captures_[list].push_back(*value);
          else captures_.try_emplace(list);
        }
      }
    }
  }

  void remember_pool(const Step& step, const ResponseView& view) {
    const int status = view.response().status;
    if (status < 200 || status >= 300 || view.json() == nullptr || !view.json()->is_object()) return;
    const nlohmann::json& body = *view.json();
    const auto text = [&](const std::string& field) -> std::string {
      auto it = body.find(field);
      if (it == body.end() || it->is_null()) return {};
      return it->is_string() ? it->get<std::string>() : it->dump();
    };
    PoolRecord record;
    record.context = step.context;
    record.campaign = campaign_of(step, context_of(step.context));
    record.name = text("id_from_network");
    record.id = text(options_.description.pool_id_field);
    record.key = text(options_.description.pool_key_field);
    if (step.kind == StepKind::CreatePool || step.kind == StepKind::UsePool || step.kind == StepKind::UpdatePool) {
      pools_[step.alias] = record;
      // Deleted at the end even if the scenario deleted it already (a repeated delete is a no-op).
      if (step.kind == StepKind::CreatePool &&
          std::find(created_.begin(), created_.end(), step.alias) == created_.end())
        created_.push_back(step.alias);
    }
  }

  void run_step(const Step& step, int iteration) {
    iteration_ = iteration;
    step_context_ = step.context;
    if (step.kind == StepKind::Distinct) {
      auto it = captures_.find(step.alias);
      static const std::vector<std::string> none;
      const CheckSubject subject{nullptr, nullptr, it == captures_.end() ? &none : &it->second};
      judge(step, subject);
      return;
    }
    ApiKind api = ApiKind::Management;
    const api::Request request = build(step, api);
    const auto started = std::chrono::steady_clock::now();
    const Exchange exchange = target_.send(api, request);
    requests_ms_ += elapsed_ms(started);
    const std::size_t first_check = result_.checks.size();
    if (!exchange.response) {
      CheckResult check;
      check.clause = step.clause;
      check.step = step.title;
      check.what = "response";
      check.expected = "a response";
      check.actual = exchange.transport_error;
      check.outcome = Outcome::Unknown;
      result_.checks.push_back(std::move(check));
      attach_exchange(api, request, exchange, first_check);
      stop_with(Outcome::Unknown, fmt::format("{}: {}", step.title, exchange.transport_error));
      return;
    }
    const ResponseView view(*exchange.response,
                            step.kind == StepKind::Allocate || step.kind == StepKind::Request ? step.format : "json");
    // Recorded first, so the step's own expectations may use ${pool.<alias>.id} and the like.
    if (step.kind == StepKind::CreatePool || step.kind == StepKind::UsePool || step.kind == StepKind::UpdatePool)
      remember_pool(step, view);
    judge(step, CheckSubject{&view, nullptr, nullptr});
    capture(step, view);
    attach_exchange(api, request, exchange, first_check);
  }

  void attach_exchange(ApiKind api, const api::Request& request, const Exchange& exchange, std::size_t first_check) {
    bool needed = false;
    for (std::size_t i = first_check; i < result_.checks.size(); ++i)
      needed = needed || result_.checks[i].outcome != Outcome::Passed;
    if (!needed) return;
    result_.exchanges.push_back(record_of(api, request, exchange));
    for (std::size_t i = first_check; i < result_.checks.size(); ++i)
      if (result_.checks[i].outcome != Outcome::Passed) result_.checks[i].exchange = result_.exchanges.size() - 1;
  }

  // Deletes what the scenario created, so nothing is left on a live server.
  void clean_up() {
    for (auto it = created_.rbegin(); it != created_.rend(); ++it) {
      const PoolRecord& pool = pools_.at(*it);
      const NetworkContext* context = options_.description.context(pool.context);
      if (context == nullptr) continue;
      api::Request request;
      request.method = "DELETE";
      request.target = fmt::format("{}/{}.json", management_base(*context, pool.campaign.empty() ? context->campaign : pool.campaign), api::encode_query_value(pool.name));
      request.headers.emplace("Authorization", context->token);
      (void)target_.send(ApiKind::Management, request);
    }
  }

  Target& target_;
  const Scenario& scenario_;
  const RunOptions& options_;
  ScenarioResult result_;
  std::string run_prefix_;
  std::map<std::string, PoolRecord> pools_;
  std::vector<std::string> created_;
  std::map<std::string, std::vector<std::string>> captures_;
  int iteration_ = 1;
  std::string step_context_ = "primary";
  bool stopped_ = false;
  bool unknown_ = false;
  double requests_ms_ = 0;
};

}  // namespace

std::optional<std::string> scenario_world(const Scenario& scenario) {
  if (scenario.world) return scenario.world;
  if (scenario.world_append) return std::string(world_file::default_world_toml()) + "\n" + *scenario.world_append + "\n";
  return std::nullopt;
}

RunResult run_scenarios(Target& target, const std::vector<Scenario>& scenarios, const RunOptions& options,
                        RunListener* listener) {
  const auto started = std::chrono::steady_clock::now();
  RunResult run;
  run.tool_version = options.tool_version;
  run.target = target.describe();
  run.profile = options.profile;
  run.seed = options.seed;
  run.run_id = options.run_id;
  run.capabilities.assign(options.capabilities.begin(), options.capabilities.end());
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    if (listener != nullptr) listener->scenario_started(scenarios[i], i, scenarios.size());
    const auto scenario_started = std::chrono::steady_clock::now();
    ScenarioResult result = ScenarioRun(target, scenarios[i], options).run();
    result.wall_ms = options.deterministic ? 0 : elapsed_ms(scenario_started);
    if (listener != nullptr) listener->scenario_finished(result, i, scenarios.size());
    run.scenarios.push_back(std::move(result));
  }
  run.wall_ms = options.deterministic ? 0 : elapsed_ms(started);
  return run;
}

std::set<std::string> probe_capabilities(Target& target, const TargetDescription& description,
                                         const std::string& control_token, bool in_process) {
  std::set<std::string> out = description.capabilities;
  if (description.context("bulk") != nullptr) out.insert(capability::kBulk);
  if (description.context("second") != nullptr) out.insert(capability::kSecondNetwork);
  if (description.context("tags") != nullptr) out.insert(capability::kTagNetwork);
  if (in_process) {
    for (const char* name : {capability::kControl, capability::kWorld, capability::kWhiteBox, capability::kFaultInjection})
      out.insert(name);
    return out;
  }
  api::Request probe = api::make_request("GET", "/_control/clock", {}, {{"X-Control-Token", control_token}});
  const Exchange exchange = target.send(ApiKind::Control, probe);
  if (exchange.response && exchange.response->status == 200) {
    out.insert(capability::kControl);
    auto server = exchange.response->headers.find("Server");
    if (server != exchange.response->headers.end() && server->second.starts_with("ringpool/")) {
      out.insert(capability::kWorld);
      out.insert(capability::kWhiteBox);
      out.insert(capability::kFaultInjection);
    }
  }
  return out;
}

}  // namespace ringpool::conformance
