#include "conformance/property_coverage.hpp"

#include "conformance/response_view.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ringpool::conformance::property {

namespace {

// Every goal, one entry each (the array's size follows).
constexpr CoverageGoal kGoals[] = {
    {"overflow-answered", "P-4", "an allocation answered with the overflow number (flagged, or the one number repeated)"},
    {"number-reused-after-lease", "P-1", "a number handed out again after its lease ended"},
    {"pool-grew", "P-7", "a pool not filled at once handed out more numbers than its initial fill (autoscaling)"},
    {"pool-resized-down", "P-9", "max_pool_size lowered on a pool that lives"},
    {"month-end", "P-7", "the clock crossed a month end (the monthly shrink)"},
    {"bulk-mixed-rows", "B-6", "a Bulk batch answered with success rows and error rows"},
    {"wrong-key-refused", "A-4", "a legacy allocation with a wrong ring_pool_key refused"},
    {"bulk-only-pool-refused", "A-11", "a bulk-served pool refused the legacy API (OnlyBulkNumberAllocationAllowed)"},
    {"validation-refused", "M-8", "a management write refused with 403 (invalid arguments)"},
    {"unknown-pool-not-found", "M-7", "a management request for an unknown (or deleted) pool answered 404"},
    {"wrong-token-refused", "M-6", "a management request with a wrong token answered 401"},
    {"not-an-object-refused", "M-8", "a management body that is not a JSON object refused"},
    {"exhausted-without-overflow", "P-5", "a pool without allow_overflow refused an allocation"},
    {"bulk-row-without-parameters", "B-7", "a Bulk row without a RingPool parameter answered a row error"},
    {"bulk-row-not-served", "B-8", "a Bulk row for a pool Bulk does not serve answered a row error"},
    {"bad-parameter-refused", "A-6", "a legacy parameter with bad percent-encoding or an overlong value refused"},
    {"unknown-affiliate-answered", "A-9", "an allocation on behalf of an unknown affiliate answered"},
    {"bulk-csv-row-answered", "B-2", "a Bulk row asking for another format than json answered"},
    {"oversized-batch-refused", "B-1", "a Bulk batch over 1,000 rows refused"},
    {"other-type-row-refused", "B-9", "a Bulk row for a pool of another type than Custom answered a row error"},
    {"service-failure-answered", "M-7a", "a service failure answered InternalServiceError (a run whose world fails every request)"},
    {"local-before-fill", "L-2", "a local pool asked for a number before its local fill (under 600 s old)"},
    {"local-after-fill", "L-1", "a local pool answered a number after its local fill (900 s old or more)"},
};

// The legacy pool id of an allocate_number path ("/api/<v>/ring_pools/<id>/allocate_number.json").
std::string legacy_pool_id(std::string_view path) {
  const auto start = path.find("/ring_pools/");
  if (start == std::string_view::npos) return {};
  const auto id_start = start + 12;
  const auto end = path.find('/', id_start);
  return std::string(path.substr(id_start, end == std::string_view::npos ? std::string_view::npos : end - id_start));
}

// The pool id as allocate_number paths carry it (a string id without its quotes).
std::string legacy_id_of(const nlohmann::json& pool) {
  const nlohmann::json& id = pool["id"];
  return id.is_string() ? id.get<std::string>() : id.dump();
}

std::string format_of(std::string_view path) {
  const auto dot = path.rfind('.');
  return dot == std::string_view::npos ? "json" : std::string(path.substr(dot + 1));
}

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// The query of a legacy path or Bulk suffix names no RingPool parameter (B-7): only the key.
bool only_key(std::string_view target) {
  const auto question = target.find('?');
  if (question == std::string_view::npos) return true;
  std::string_view query = target.substr(question + 1);
  while (!query.empty()) {
    const auto amp = query.find('&');
    if (!query.substr(0, amp).starts_with("ring_pool_key=")) return false;
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return true;
}

bool malformed_parameter(std::string_view query) {
  return contains(query, "=%ZZ") || contains(query, "=%FF") || contains(query, "=abc%4") || contains(query, std::string(1025, 'x'));
}

}  // namespace

std::span<const CoverageGoal> coverage_goals() { return kGoals; }

void Coverage::merge(const Coverage& other) {
  for (const auto& [name, count] : other.reached) reached[name] += count;
  for (const auto& [name, count] : other.error_classes) error_classes[name] += count;
}

std::string_view goal_out_of_reach(std::string_view goal, const GeneratorLimits& limits) {
  static constexpr std::string_view kTimed[] = {"number-reused-after-lease", "pool-grew", "month-end", "local-after-fill"};
  static constexpr std::string_view kBulk[] = {"bulk-mixed-rows",     "bulk-only-pool-refused", "bulk-row-without-parameters",
                                               "bulk-row-not-served", "bulk-csv-row-answered",  "oversized-batch-refused",
                                               "other-type-row-refused"};
  if (!limits.clock_advance && std::ranges::find(kTimed, goal) != std::end(kTimed)) return "needs clock-advance";
  if (!limits.bulk && !limits.bulk_primary && std::ranges::find(kBulk, goal) != std::end(kBulk)) return "needs a [bulk] section";
  if (limits.bulk_primary && goal == "bulk-row-not-served") return "every pool of the primary network is bulk-served";
  if (!limits.world && goal == "other-type-row-refused") return "needs world";
  if (!limits.service_failure_runs() && goal == "service-failure-answered") return "needs fault-injection";
  return {};
}

bool Coverage::met(std::string_view goal) const {
  auto it = reached.find(std::string(goal));
  return it != reached.end() && it->second > 0;
}

void CoverageObserver::scenario_started(const Scenario&, std::size_t, std::size_t) {
  pools_.clear();
  max_by_path_.clear();
  local_since_.clear();
  segment_ = 0;
  advanced_seconds_ = 0;
}

void CoverageObserver::note_number(const std::string& pool_id, const std::string& number, bool flagged_overflow) {
  PoolSeen& pool = pools_[pool_id];
  auto [it, fresh] = pool.segment_of.emplace(number, segment_);
  if (flagged_overflow || (!fresh && it->second == segment_)) {
    pool.repeated.insert(number);
    note("overflow-answered");
  } else if (!fresh && it->second < segment_ && !pool.repeated.contains(number)) {
    note("number-reused-after-lease");
  }
  it->second = segment_;
  if (!pool.repeated.contains(number)) pool.numbers.insert(number);
  // Without fill_immediately a pool starts at 10% of max_pool_size (P-6 [doc]): one trackable number
  // up to 10, two up to 20. More than that, and autoscaling added some. (Counted only for such
  // pools: counting every pool's numbers on every answer cost more than the rest of this.)
  if (pool.fill_immediately || pool.max_pool_size < 3 || pool.max_pool_size > 20) return;
  std::size_t trackable = 0;
  for (const std::string& seen : pool.numbers) trackable += pool.repeated.contains(seen) ? 0 : 1;
  const std::size_t initial_trackable = pool.max_pool_size <= 10 ? 1 : 2;
  if (trackable > initial_trackable) note("pool-grew");
}

void CoverageObserver::note_management(const api::Request& request, const ResponseView& view, bool success) {
  const int status = view.response().status;
  if (status == 401) note("wrong-token-refused");
  if (status == 404) note("unknown-pool-not-found");
  const bool write = request.method == "POST" || request.method == "PUT";
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (write && status == 403) note("validation-refused");
  if (write && !success && status >= 400 && status < 500 && !body.is_object()) note("not-an-object-refused");
  const nlohmann::json* answer = view.json();
  if (!success || answer == nullptr || !answer->is_object() || !answer->contains("id")) return;
  const std::string id = legacy_id_of(*answer);
  if (request.method == "GET") {
    // A world pool read by use_pool: one of another type than Custom is not served by Bulk (B-9).
    if (answer->value("id_from_network", std::string()).starts_with("check-bulk-type-")) pools_[id].other_type = true;
    return;
  }
  if (!write || !body.is_object()) return;
  const bool made = !pools_.contains(id);  // a POST or PUT that made the pool (M-3, M-4)
  PoolSeen& pool = pools_[id];
  if (made) pool.bulk_served = contains(request.path(), "/advertisers/" + bulk_advertiser_ + "/");
  // A local_center (re)starts the local fill (L-1): its age is measured from here.
  if (body.contains("local_center")) local_since_[id] = advanced_seconds_;
  if (body.contains("allow_overflow") && body["allow_overflow"].is_boolean() && made) pool.allow_overflow = body["allow_overflow"].get<bool>();
  if (body.contains("max_pool_size") && body["max_pool_size"].is_number_integer()) {
    const auto max = body["max_pool_size"].get<std::int64_t>();
    if (request.method == "PUT" && pool.max_pool_size > max) note("pool-resized-down");
    pool.max_pool_size = max;
  }
  // A create says whether it fills at once; an update with fill_immediately fills it too.
  if (body.contains("fill_immediately") && body["fill_immediately"].is_boolean()) {
    const bool fill = body["fill_immediately"].get<bool>();
    if (request.method == "POST" || made) pool.fill_immediately = fill;
    else if (fill) pool.fill_immediately = true;
  }
}

void CoverageObserver::note_bulk(const api::Request& request, const ResponseView& view) {
  const auto sent = nlohmann::json::parse(request.body, nullptr, false);
  const nlohmann::json requests =
      sent.is_object() && sent.contains("requests") && sent["requests"].is_array() ? sent["requests"] : nlohmann::json::array();
  if (requests.size() > 1000 && view.response().status >= 400) note("oversized-batch-refused");
  const nlohmann::json* body = view.json();
  if (view.response().status != 200 || body == nullptr || !body->is_object() || !body->contains("responses") ||
      !(*body)["responses"].is_array())
    return;
  bool good = false, bad = false;
  std::size_t index = 0;
  for (const nlohmann::json& row : (*body)["responses"]) {
    std::string suffix;
    if (index < requests.size() && requests[index].is_object() && requests[index].contains("api_suffix") &&
        requests[index]["api_suffix"].is_string())
      suffix = requests[index]["api_suffix"].get<std::string>();
    ++index;
    std::string pool_id;
    if (!suffix.empty()) {
      std::string path = suffix.starts_with('/') ? suffix : "/" + suffix;
      if (!path.starts_with("/ring_pools/")) path.insert(0, "/ring_pools");
      pool_id = legacy_pool_id(path);
    }
    const auto pool = pools_.find(pool_id);
    if (contains(suffix, "allocate_number.csv")) note("bulk-csv-row-answered");
    const ErrorView error = error_of_json(row);
    if (error.error_class) {
      bad = true;
      ++coverage_.error_classes[*error.error_class];
      if (!suffix.empty() && only_key(suffix)) note("bulk-row-without-parameters");
      if (pool != pools_.end() && !pool->second.bulk_served && !pool->second.other_type) note("bulk-row-not-served");
      if (pool != pools_.end() && pool->second.other_type) note("other-type-row-refused");
      continue;
    }
    good = true;
    const AllocationView allocation = allocation_of_json(row);
    if (allocation.promo_number && !pool_id.empty()) note_number(pool_id, *allocation.promo_number, allocation.overflow == true);
  }
  if (good && bad) note("bulk-mixed-rows");
}

void CoverageObserver::exchanged(ApiKind api, const api::Request& request, const ResponseView& runner_view) {
  const api::Response& response = runner_view.response();
  const std::string path(request.path());
  const bool legacy = api == ApiKind::Allocation && path.find("/allocate_number.") != std::string::npos;
  const bool success = response.status >= 200 && response.status < 300;
  // Successful management reads and deletes tell no goal anything: their bodies (lists are the
  // longest) are not parsed, but for use_pool's reads of world pools.
  const bool looked_at = !success || legacy || api == ApiKind::Bulk || api == ApiKind::Control ||
                         (api == ApiKind::Management && (request.method == "POST" || request.method == "PUT" ||
                                                         (request.method == "GET" && contains(path, "/check-bulk-type-"))));
  if (!looked_at) return;
  // The runner read the answer in its step's format; a request to an allocate_number path that
  // the step did not send as an allocation (malformed traffic) is read by its path's format.
  const std::string format = legacy ? format_of(path) : "json";
  std::optional<ResponseView> own;
  if (runner_view.format() != format || runner_view.legacy() != legacy) own.emplace(response, format, legacy);
  const ResponseView& view = own ? *own : runner_view;

  if (!success)
    if (auto error_class = view.error().error_class) {
      ++coverage_.error_classes[*error_class];
      if (*error_class == "InternalServiceError") note("service-failure-answered");
      if (*error_class == "OnlyBulkNumberAllocationAllowed") note("bulk-only-pool-refused");
    }

  if (api == ApiKind::Control && path.find("/clock/advance") != std::string::npos && success) {
    ++segment_;
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("seconds") && body["seconds"].is_number()) advanced_seconds_ += body["seconds"].get<double>();
    if (advanced_seconds_ >= 31.0 * 86400) note("month-end");
  }
  if (api == ApiKind::Management) note_management(request, view, success);
  if (api == ApiKind::Bulk) note_bulk(request, view);
  if (!legacy) return;

  const std::string query(request.raw_query());
  const std::string pool_id = legacy_pool_id(path);
  if (!success && contains(query, "ring_pool_key=0badc0de")) note("wrong-key-refused");
  if (!success && response.status >= 400 && response.status < 500 && malformed_parameter(query)) note("bad-parameter-refused");
  if (contains(query, "-nobody")) note("unknown-affiliate-answered");
  if (auto pool = pools_.find(pool_id); !success && pool != pools_.end() && !pool->second.allow_overflow)
    note("exhausted-without-overflow");
  if (auto local = local_since_.find(pool_id); local != local_since_.end()) {
    const double age_seconds = advanced_seconds_ - local->second;
    if (age_seconds < 600 && (success || response.status >= 500 || response.status == 409)) note("local-before-fill");
    if (age_seconds >= 900 && success) note("local-after-fill");
  }
  if (response.status == 200) {
    const AllocationView allocation = view.allocation();
    if (allocation.promo_number) note_number(pool_id, *allocation.promo_number, allocation.overflow == true);
  }
}

}  // namespace ringpool::conformance::property
