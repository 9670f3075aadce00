#include "conformance/property_coverage.hpp"

#include "conformance/response_view.hpp"

#include <nlohmann/json.hpp>

#include <array>

namespace ringpool::conformance::property {

namespace {

constexpr std::array<CoverageGoal, 23> kGoals = {{
    {"overflow-answered", "P-4", "an allocation answered with the overflow number (flagged, or the one number repeated)"},
    {"number-reused-after-lease", "P-1", "a number handed out again after its lease ended"},
    {"pool-grew", "P-7", "a pool not filled at once handed out more numbers than its initial fill (autoscaling)"},
    {"pool-resized-down", "P-9", "max_pool_size lowered on a pool that lives"},
    {"month-end", "P-7", "the clock crossed a month end (the monthly shrink)"},
    {"bulk-mixed-rows", "B-6", "a Bulk batch answered with success rows and error rows"},
    {"error-InvalidKey", "A-4", "an InvalidKey answer"},
    {"error-OnlyBulkNumberAllocationAllowed", "A-11", "a bulk-served pool refused the legacy API"},
    {"error-RecordInvalid", "M-8", "a validation failure"},
    {"error-RecordNotFound", "M-7", "an unknown (or deleted) pool read"},
    {"error-Unauthorized", "M-6", "a wrong token refused"},
    {"error-InvalidRequest", "M-8", "a body that is not a JSON object refused"},
    {"error-NoNumberAvailable", "P-5", "a pool without overflow exhausted"},
    {"error-MissingParameter", "B-7", "a Bulk row without parameters"},
    {"error-BulkNumberAllocationNotEnabled", "B-8", "a Bulk row for a pool Bulk does not serve"},
    {"error-InvalidParameter", "A-6", "a parameter with bad percent-encoding or an overlong value refused"},
    {"error-InvalidAffiliate", "A-9", "an allocation on behalf of an unknown affiliate refused"},
    {"error-UnsupportedFormat", "B-2", "a Bulk row asking for a format other than json"},
    {"error-RequestTooLarge", "B-1", "a Bulk batch over 1,000 rows refused"},
    {"error-UnsupportedRingPoolType", "B-9", "a Bulk row for a pool of another type than Custom"},
    {"error-InternalServiceError", "M-7a", "a service failure answered (a run whose world fails every request: fault injection)"},
    {"local-before-fill", "L-2", "a local pool asked for a number before its local fill (under 600 s old)"},
    {"local-after-fill", "L-1", "a local pool answered a number after its local fill (900 s old or more)"},
}};

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

}  // namespace

std::span<const CoverageGoal> coverage_goals() { return kGoals; }

void Coverage::merge(const Coverage& other) {
  for (const auto& [name, count] : other.reached) reached[name] += count;
  for (const auto& [name, count] : other.error_classes) error_classes[name] += count;
}

std::string_view goal_out_of_reach(std::string_view goal, const GeneratorLimits& limits) {
  static constexpr std::array<std::string_view, 4> kTimed = {"number-reused-after-lease", "pool-grew", "month-end",
                                                             "local-after-fill"};
  static constexpr std::array<std::string_view, 6> kBulk = {"bulk-mixed-rows", "error-OnlyBulkNumberAllocationAllowed",
                                                            "error-MissingParameter", "error-BulkNumberAllocationNotEnabled",
                                                            "error-UnsupportedFormat", "error-RequestTooLarge"};
  if (!limits.clock_advance && std::ranges::find(kTimed, goal) != kTimed.end()) return "needs clock-advance";
  if (!limits.bulk && (std::ranges::find(kBulk, goal) != kBulk.end() || goal == "error-UnsupportedRingPoolType"))
    return "needs a [bulk] section";
  if (!limits.world && goal == "error-UnsupportedRingPoolType") return "needs world";
  if (!limits.service_failure_runs() && goal == "error-InternalServiceError") return "needs fault-injection";
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

void CoverageObserver::exchanged(ApiKind api, const api::Request& request, const ResponseView& runner_view) {
  const api::Response& response = runner_view.response();
  const std::string path(request.path());
  const bool legacy = api == ApiKind::Allocation && path.find("/allocate_number.") != std::string::npos;
  const bool success = response.status >= 200 && response.status < 300;
  // Successful management reads and deletes tell no goal anything: their bodies (lists are the
  // longest) are not parsed.
  const bool looked_at = !success || legacy || api == ApiKind::Bulk || api == ApiKind::Control ||
                         (api == ApiKind::Management && (request.method == "POST" || request.method == "PUT"));
  if (!looked_at) return;
  // The runner read the answer in its step's format; a request to an allocate_number path that
  // the step did not send as an allocation (malformed traffic) is read by its path's format.
  const std::string format = legacy ? format_of(path) : "json";
  std::optional<ResponseView> own;
  if (runner_view.format() != format) own.emplace(response, format);
  const ResponseView& view = own ? *own : runner_view;

  if (!success)
    if (auto error_class = view.error().error_class) {
      ++coverage_.error_classes[*error_class];
      note("error-" + *error_class);
    }

  if (api == ApiKind::Control && path.find("/clock/advance") != std::string::npos && success) {
    ++segment_;
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("seconds") && body["seconds"].is_number()) advanced_seconds_ += body["seconds"].get<double>();
    if (advanced_seconds_ >= 31.0 * 86400) note("month-end");
  }

  if (api == ApiKind::Management && success && (request.method == "POST" || request.method == "PUT")) {
    auto body = nlohmann::json::parse(request.body, nullptr, false);
    const nlohmann::json* answer = view.json();
    if (body.is_object() && answer != nullptr && answer->is_object() && answer->contains("id")) {
      const std::string id = (*answer)["id"].dump();
      const bool made = !pools_.contains(id);  // a POST or PUT that made the pool (M-3, M-4)
      PoolSeen& pool = pools_[id];
      // A local_center (re)starts the local fill (L-1): its age is measured from here.
      if (body.contains("local_center")) local_since_[legacy_id_of(*answer)] = advanced_seconds_;
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
  }

  if (legacy) {
    auto local = local_since_.find(legacy_pool_id(path));
    if (local != local_since_.end()) {
      const double age_seconds = advanced_seconds_ - local->second;
      if (age_seconds < 600 && (response.status == 200 || response.status == 503)) note("local-before-fill");
      if (age_seconds >= 900 && response.status == 200) note("local-after-fill");
    }
  }

  if (legacy && response.status == 200) {
    const AllocationView allocation = view.allocation();
    if (allocation.promo_number) note_number(legacy_pool_id(path), *allocation.promo_number, allocation.overflow == true);
  }

  if (api == ApiKind::Bulk && success) {
    const nlohmann::json* body = view.json();
    if (body != nullptr && body->is_object() && body->contains("responses") && (*body)["responses"].is_array()) {
      bool good = false, bad = false;
      const auto request_body = nlohmann::json::parse(request.body, nullptr, false);
      std::size_t index = 0;
      for (const nlohmann::json& row : (*body)["responses"]) {
        const ErrorView error = error_of_json(row);
        if (error.error_class) {
          bad = true;
          ++coverage_.error_classes[*error.error_class];
          note("error-" + *error.error_class);
        } else {
          good = true;
          const AllocationView allocation = allocation_of_json(row);
          // The row's pool, from its request's api_suffix.
          std::string pool_id;
          if (request_body.is_object() && request_body.contains("requests") && request_body["requests"].is_array() &&
              index < request_body["requests"].size()) {
            const nlohmann::json& sent = request_body["requests"][index];
            if (sent.is_object() && sent.contains("api_suffix") && sent["api_suffix"].is_string()) {
              std::string suffix = sent["api_suffix"].get<std::string>();
              if (!suffix.starts_with('/')) suffix.insert(0, "/");
              if (!suffix.starts_with("/ring_pools/")) suffix.insert(0, "/ring_pools");
              pool_id = legacy_pool_id(suffix);
            }
          }
          if (allocation.promo_number && !pool_id.empty())
            note_number(pool_id, *allocation.promo_number, allocation.overflow == true);
        }
        ++index;
      }
      if (good && bad) note("bulk-mixed-rows");
    }
  }
}

}  // namespace ringpool::conformance::property
