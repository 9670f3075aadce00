// The defects of the legacy allocation API (A-1 .. A-12) and of the numbers pools hand out
// (P-1, P-4, P-6, P-7, L-1, L-4): each breaks one [doc] sentence and nothing else, on top of a
// correct target (defect_kit.hpp). The lease and overflow defects pick the number they hand out
// wrongly in several ways (the first, the last, one at random, the overflow number itself), so
// that a check which only watches one of them does not pass.
#include "conformance/defect_kit.hpp"

#include <fmt/format.h>

#include <regex>

namespace ringpool::conformance::defect {

namespace {

std::string query_of(const Call& call) { return std::string(call.request.raw_query()); }

bool toll_free(std::string_view number) {
  static constexpr std::string_view kTollFree[] = {"800", "833", "844", "855", "866", "877", "888"};
  return number.size() == 10 && std::ranges::find(kTollFree, number.substr(0, 3)) != std::end(kTollFree);
}

// An error answer a correct target gave, bent by `bend`.
Exchange bend_errors(Call& call, const std::function<void(api::Response&, std::string_view format)>& bend) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status != 200) bend(*exchange.response, format_of(call.request.path()));
  return exchange;
}

Exchange bend_successes(Call& call, const std::function<void(api::Response&, std::string_view format)>& bend) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 200 &&
      !read_allocation(*exchange.response, format_of(call.request.path())).number.empty())
    bend(*exchange.response, format_of(call.request.path()));
  return exchange;
}

// ---- formats and errors (A-1 .. A-5) ------------------------------------------------------------

Exchange csv_not_served(Call& call) {
  if (format_of(call.request.path()) == "csv") return answer(text_answer(404, "Not Found"));
  return call.forward();
}

Exchange xml_missing_tracking_url(Call& call) {
  return bend_successes(call, [](api::Response& response, std::string_view format) {
    static const std::regex tracking(R"re(\s*<TrackingUrl>[^<]*</TrackingUrl>)re");
    if (format == "xml") response.body = std::regex_replace(response.body, tracking, "");
  });
}

Exchange xml_unescaped_ampersand(Call& call) {
  return bend_successes(call, [](api::Response& response, std::string_view format) {
    static const std::regex tracking(R"re(</TrackingUrl>)re");
    // A tracking URL with a query written into the XML as it is, '&' unescaped (not well-formed).
    if (format == "xml") response.body = std::regex_replace(response.body, tracking, "?utm_source=rp&utm_medium=call</TrackingUrl>");
  });
}

Exchange missing_tracking_url(Call& call) {
  return bend_successes(call, [](api::Response& response, std::string_view format) {
    if (format != "json") return;
    auto body = OrderedJson::parse(response.body, nullptr, false);
    if (body.is_object()) body.erase("tracking_url");
    response.body = body.dump();
  });
}

Exchange csv_wrong_header(Call& call) {
  return bend_successes(call, [](api::Response& response, std::string_view format) {
    if (format == "csv") replace_all(response.body, "PromoNumberFormatted,PromoNumber,TrackingUrl", "Formatted,Number,Url");
  });
}

Exchange csv_unquoted(Call& call) {
  return bend_successes(call, [](api::Response& response, std::string_view format) {
    if (format != "csv") return;
    // A tracking URL with a comma, written without RFC 4180's quotes: the row has a field too many.
    const auto line_end = response.body.find('\n');
    if (line_end == std::string::npos) return;
    std::string row = response.body.substr(line_end + 1);
    while (!row.empty() && (row.back() == '\n' || row.back() == '\r')) row.pop_back();
    replace_all(row, "\"", "");
    response.body = response.body.substr(0, line_end + 1) + row + "?pages=1,2\r\n";
  });
}

Exchange key_not_checked(Call& call) {
  Exchange exchange = call.forward();
  const std::string query = query_of(call);
  const std::string pool_id = pool_id_of(call.request.path());
  if (!exchange.response || exchange.response->status == 200 || !contains(exchange.response->body, "InvalidKey") ||
      !contains(query, "ring_pool_key=") || !call.memory.keys.contains(pool_id))
    return exchange;
  static const std::regex key(R"re(ring_pool_key=[^&]*)re");
  api::Request fixed = call.request;
  fixed.target = std::string(call.request.path()) + "?" + std::regex_replace(query, key, "ring_pool_key=" + call.memory.keys.at(pool_id));
  return call.forward(fixed);
}

Exchange xml_error_shape(Call& call) {
  return bend_errors(call, [](api::Response& response, std::string_view format) {
    if (format != "xml") return;
    replace_all(response.body, "<Error>", "<Fault>");
    replace_all(response.body, "</Error>", "</Fault>");
  });
}

// A legacy json or csv error answered as a JSON errors object instead of "CLASS: MESSAGE".
Exchange errors_as_json_object(Call& call, std::string_view bent_format) {
  return bend_errors(call, [bent_format](api::Response& response, std::string_view format) {
    const auto colon = response.body.find(": ");
    if (format != bent_format || colon == std::string::npos || response.body.starts_with("{")) return;
    response = json_answer(response.status, {{"errors", {{"class", response.body.substr(0, colon)},
                                                          {"invalid_data", response.body.substr(colon + 2)}}}});
  });
}
Exchange csv_errors_as_json(Call& call) { return errors_as_json_object(call, "csv"); }
Exchange json_errors_as_object(Call& call) { return errors_as_json_object(call, "json"); }

Exchange invalid_key_class(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response) replace_all(exchange.response->body, "InvalidKey", "InvalidApiKey");
  return exchange;
}

Exchange error_handle_missing(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 500) {
    static const std::regex handle(R"re([0-9]+)re");
    exchange.response->body = std::regex_replace(exchange.response->body, handle, "");
  }
  return exchange;
}

// ---- parameters and routing (A-6 .. A-12) -------------------------------------------------------

Exchange param10_refused(Call& call) {
  if (contains(query_of(call), "param10=")) return answer(text_answer(400, "InvalidParameter: param10 is not a parameter."));
  return call.forward();
}

Exchange referrer_pools_refused(Call& call) {
  if (contains(query_of(call), "referrer=")) return answer(text_answer(400, "InvalidParameter: referrer is not supported."));
  return call.forward();
}

Exchange affiliate_refused(Call& call) {
  const std::string query = query_of(call);
  if (query.starts_with("pid=") || contains(query, "&pid=")) return answer(text_answer(403, "InvalidAffiliate: Affiliate is not valid."));
  return call.forward();
}

Exchange bulk_only_served_by_legacy(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 403 && contains(exchange.response->body, "OnlyBulkNumberAllocationAllowed"))
    exchange.response = json_answer(200, {{"promo_number_formatted", "800-555-0199"},
                                          {"promo_number", "8005550199"},
                                          {"tracking_url", "https://network1.ringpool.test/c/1/0-1"}});
  return exchange;
}

Exchange overflow_error(Call& call) {
  Exchange exchange = call.forward();
  if (!exchange.response) return exchange;
  const std::string path(call.request.path());
  const Allocation allocation = read_allocation(*exchange.response, format_of(path));
  if (allocation.number.empty()) return exchange;
  PoolMemory& pool = call.memory.pools[pool_id_of(path)];
  const bool overflow = allocation.overflow_flag || pool.since_advance.contains(allocation.number);
  ++pool.answers;
  pool.since_advance.insert(allocation.number);
  if (overflow) exchange.response = text_answer(503, "NoNumberAvailable: The pool has no number available.");
  return exchange;
}

// ---- leases (P-1) -------------------------------------------------------------------------------

Exchange lease_ends_early(Call& call) {
  return bend_numbers(call, [](Call&, Answered& answered) -> std::string {
    PoolMemory& pool = answered.pool;
    if (!pool.advanced_since_first || pool.done || pool.first_number == answered.allocation.number) return {};
    pool.done = true;
    return pool.first_number;
  });
}

// A lease that ends `early_ms` (or, with `fraction`, that share of lifetime_seconds) before it
// should: a number leased that long ago is handed out again, though its lease is still active.
std::string ended_too_early(Call& call, Answered& answered, std::int64_t early_ms, double fraction) {
  for (const auto& [number, at] : answered.pool.leased_at_ms) {
    const std::int64_t lifetime_ms = answered.pool.lifetime_seconds * 1000;
    const std::int64_t ends_ms = fraction > 0 ? at + static_cast<std::int64_t>(static_cast<double>(lifetime_ms) * fraction)
                                              : at + lifetime_ms - early_ms;
    if (number != answered.allocation.number && call.memory.now_ms >= ends_ms && call.memory.now_ms < at + lifetime_ms)
      return number;
  }
  return {};
}

Exchange lease_one_second_early(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) { return ended_too_early(c, answered, 1000, 0); });
}
Exchange lease_half_lifetime(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) { return ended_too_early(c, answered, 0, 0.5); });
}

Exchange lease_reuse(Call& call) {
  return bend_numbers(call, [](Call&, Answered& answered) -> std::string {
    return !answered.overflow && answered.pool.answers > 1 ? answered.pool.first_number : std::string();
  });
}
Exchange lease_reuse_last(Call& call) {
  return bend_numbers(call, [](Call&, Answered& answered) -> std::string {
    return answered.overflow ? std::string() : last_leased(answered.pool, answered.allocation.number);
  });
}
Exchange lease_reuse_random(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    return answered.overflow ? std::string() : random_leased(c.memory, answered.pool, answered.allocation.number);
  });
}

// ---- the overflow number (P-4) ------------------------------------------------------------------

Exchange overflow_number_leased(Call& call) {
  return bend_numbers(call, [](Call&, Answered& answered) -> std::string {
    return answered.overflow && answered.pool.first_number != answered.allocation.number ? answered.pool.first_number : std::string();
  });
}
Exchange overflow_leased_last(Call& call) {
  return bend_numbers(call, [](Call&, Answered& answered) -> std::string {
    return answered.overflow ? last_leased(answered.pool, answered.allocation.number) : std::string();
  });
}
Exchange overflow_leased_random(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    return answered.overflow ? random_leased(c.memory, answered.pool, answered.allocation.number) : std::string();
  });
}

// The pool's first visitor gets a number that is then handed out as the overflow number: the
// overflow number itself, leased (a new pool filled at once answers it while trackable numbers
// are idle, and it comes back to everyone when the pool runs out).
Exchange overflow_number_first(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    PoolMemory& pool = answered.pool;
    if (pool.answers == 1 && c.memory.fill_immediately.contains(answered.pool_id)) {
      pool.substitute = c.memory.invented_number();
      return pool.substitute;
    }
    return answered.overflow ? pool.substitute : std::string();
  });
}

Exchange overflow_number_varies(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    return answered.overflow ? c.memory.invented_number() : std::string();
  });
}

Exchange pool_exceeds_max_size(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    if (!answered.overflow || answered.pool.invented >= 2) return {};
    ++answered.pool.invented;
    return c.memory.invented_number();
  });
}

Exchange fill_immediately_overfills(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    PoolMemory& pool = answered.pool;
    if (!answered.overflow || !c.memory.fill_immediately.contains(answered.pool_id) || pool.advanced_since_first ||
        pool.invented >= 2)
      return {};
    ++pool.invented;
    return c.memory.invented_number();
  });
}

Exchange growth_past_max(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    return answered.overflow && answered.pool.advanced_since_first ? c.memory.invented_number() : std::string();
  });
}

// ---- local pools (L-1, L-4) ---------------------------------------------------------------------

bool local_pool(const Call& call, const Answered& answered) { return call.memory.local.contains(answered.pool_id); }

// Every local number a local pool answers comes out as a toll-free one instead (its first
// toll-free answer, or one made up).
Exchange local_numbers_never_arrive(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    if (!local_pool(c, answered) || toll_free(answered.allocation.number)) return {};
    if (answered.pool.substitute.empty())
      answered.pool.substitute = toll_free(answered.pool.first_number) ? answered.pool.first_number : c.memory.invented_number();
    return answered.pool.substitute;
  });
}

Exchange local_numbers_at_once(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    // A local number within the first minute after creation (the declared centre's area, 310).
    if (!local_pool(c, answered) || c.memory.now_ms - answered.pool.created_at_ms >= 60'000 || answered.pool.done) return {};
    answered.pool.done = true;
    return "3105550777";
  });
}

Exchange toll_free_fallback_empty(Call& call) {
  return bend_numbers(call, [](Call& c, Answered& answered) -> std::string {
    return local_pool(c, answered) && !c.memory.local_wait.contains(answered.pool_id) ? answered.pool.first_number : std::string();
  });
}

constexpr Entry kAllocationEntries[] = {
    {"A-1.1", "csv-not-served", "allocate_number.csv answers 404", kAllocation, csv_not_served},
    {"A-2.1", "xml-missing-tracking-url", "legacy xml allocations omit <TrackingUrl>", kAllocation, xml_missing_tracking_url},
    {"A-2.1", "xml-unescaped-ampersand", "legacy xml allocations carry a tracking URL with a raw '&' (not well-formed XML)", kAllocation,
     xml_unescaped_ampersand},
    {"A-2.2", "missing-tracking-url", "legacy json allocations omit tracking_url", kAllocation, missing_tracking_url},
    {"A-2.3", "csv-wrong-header", "legacy csv allocations have another header line", kAllocation, csv_wrong_header},
    {"A-2.3", "csv-unquoted", "legacy csv rows leave a field with a comma unquoted (a field too many)", kAllocation, csv_unquoted},
    {"A-3.1", "key-not-checked", "a wrong ring_pool_key allocates as the right one would", kAllocation, key_not_checked},
    {"A-4.1", "xml-error-shape", "legacy xml errors are <Fault> instead of <Error>", kAllocation, xml_error_shape},
    {"A-4.1", "csv-errors-as-json", "legacy csv errors are a JSON errors object instead of the text CLASS: MESSAGE", kAllocation,
     csv_errors_as_json},
    {"A-4.1", "json-errors-as-object", "legacy json errors are a JSON errors object instead of the text CLASS: MESSAGE", kAllocation,
     json_errors_as_object},
    {"A-4.2", "invalid-key-class", "a wrong ring_pool_key answers class InvalidApiKey instead of InvalidKey", kAllocation,
     invalid_key_class},
    {"A-5.1", "error-handle-missing", "a legacy InternalServiceError carries no error handle", kAllocation, error_handle_missing},
    {"A-6.1", "param10-refused", "an allocation with param10 answers 400 InvalidParameter", kAllocation, param10_refused},
    {"A-7.1", "referrer-pools-refused", "allocations with a referrer (ReferralDomain and Search pools) answer 400", kAllocation,
     referrer_pools_refused},
    {"A-9.1", "affiliate-refused", "an allocation on behalf of a known affiliate answers 403 InvalidAffiliate", kAllocation,
     affiliate_refused},
    {"A-11.1", "bulk-only-served-by-legacy", "a bulk-served pool answers the legacy API with a number", kAllocation,
     bulk_only_served_by_legacy},
    {"A-12.1", "overflow-error", "an exhausted pool answers an error instead of its overflow number", kAllocation, overflow_error},
    {"P-1.1", "lease-ends-early", "once the clock moves, a pool hands out its first number again though its lease is active", kAllocation | kBulk,
     lease_ends_early},
    {"P-1.1", "lease-one-second-early", "a lease ends one second before lifetime_seconds: its number is handed out again then",
     kAllocation | kBulk, lease_one_second_early},
    {"P-1.1", "lease-half-lifetime", "a lease ends after half of lifetime_seconds: its number is handed out again then", kAllocation | kBulk,
     lease_half_lifetime},
    {"P-1.2", "lease-reuse", "a number under an active lease is handed out again (the pool's first)", kAllocation | kBulk, lease_reuse},
    {"P-1.2", "lease-reuse-last", "a number under an active lease is handed out again (the one leased last)", kAllocation | kBulk, lease_reuse_last},
    {"P-1.2", "lease-reuse-random", "a number under an active lease is handed out again (one picked at random)", kAllocation | kBulk,
     lease_reuse_random},
    {"P-4.1", "overflow-number-leased", "an exhausted pool answers with a leased trackable number (its first) instead of its overflow "
     "number", kAllocation | kBulk, overflow_number_leased},
    {"P-4.1", "overflow-leased-last", "an exhausted pool answers the number it leased last instead of its overflow number", kAllocation | kBulk,
     overflow_leased_last},
    {"P-4.1", "overflow-leased-random", "an exhausted pool answers a leased number picked at random instead of its overflow number",
     kAllocation | kBulk, overflow_leased_random},
    {"P-4.2", "overflow-number-first", "a pool filled at once hands its overflow number to its first visitor (leased), while "
     "trackable numbers are idle", kAllocation | kBulk, overflow_number_first},
    {"P-4.4", "overflow-number-varies", "an exhausted pool answers a different number each time instead of one overflow number",
     kAllocation | kBulk, overflow_number_varies},
    {"P-4.3", "pool-exceeds-max-size", "an exhausted pool hands out two more numbers beyond max_pool_size (+1)", kAllocation | kBulk,
     pool_exceeds_max_size},
    {"P-6.1", "fill-immediately-overfills", "a pool created with fill_immediately hands out two numbers beyond max_pool_size (+1) at once",
     kAllocation | kBulk, fill_immediately_overfills},
    {"P-7.1", "growth-past-max", "once the clock moves, an exhausted pool grows past max_pool_size", kAllocation | kBulk, growth_past_max},
    {"L-1.1", "local-numbers-never-arrive", "a local pool never gets its local numbers (it answers a toll-free number instead)", kAllocation | kBulk,
     local_numbers_never_arrive},
    {"L-1.1", "local-numbers-at-once", "a local pool answers a local number within a minute of its creation", kAllocation,
     local_numbers_at_once},
    {"L-4.1", "toll-free-fallback-empty", "UseTollFree leaves unfilled local slots empty (a local pool answers its first number)",
     kAllocation, toll_free_fallback_empty},
};

}  // namespace

std::span<const Entry> allocation_entries() { return kAllocationEntries; }

}  // namespace ringpool::conformance::defect
