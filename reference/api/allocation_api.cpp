#include "reference/api/allocation_api.hpp"

#include "reference/api/error_response.hpp"
#include "reference/api/json_values.hpp"
#include "reference/api/query.hpp"
#include "reference/api/referrer.hpp"
#include "reference/api/safe_text.hpp"
#include "reference/api/tracking_url.hpp"
#include "reference/api/wire_paths.hpp"
#include "sim/core/rng.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>

namespace ringpool::api {

using domain::Error;
using domain::ErrorClass;
using domain::PoolType;

namespace {

constexpr std::size_t kParameterValueMaxBytes = 1024;
constexpr std::array<std::string_view, domain::kCustomParameterCount> kGenericParameterNames = {
    "param1", "param2", "param3", "param4", "param5", "param6", "param7", "param8", "param9", "param10"};

// a real calendar date written YYYY-MM-DD (2015-02-29 and 2015-13-45 are not; the
// proleptic Gregorian calendar has no year 0000).
bool is_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  const auto number = [text](std::size_t from, std::size_t length) {
    int value = 0;
    for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const std::chrono::year_month_day date{std::chrono::year{number(0, 4)},
                                         std::chrono::month{static_cast<unsigned>(number(5, 2))},
                                         std::chrono::day{static_cast<unsigned>(number(8, 2))}};
  return date.ok() && date.year() != std::chrono::year{0};
}

// Constant-time comparison: every byte of an equal-length key is compared.
bool same_key(std::string_view given, std::string_view expected) {
  if (given.size() != expected.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < given.size(); ++i)
    difference |= static_cast<unsigned char>(given[i] ^ expected[i]);
  return difference == 0;
}

Error invalid_key(std::string_view key, std::string_view pool_id_text) {
  return Error{ErrorClass::InvalidKey,
               fmt::format("API Key '{}' is not valid for resource '{}'", key, pool_id_text)};
}

Error missing_parameter(std::string_view name) {
  return Error{ErrorClass::InvalidParameter, fmt::format("Missing required parameter '{}'.", name)};
}

const std::string* non_empty(const Query& query, std::string_view name) {
  const std::string* value = query.find(name);
  return value != nullptr && !value->empty() ? value : nullptr;
}

// what each pool type needs.
std::optional<Error> check_pool_type_parameters(PoolType type, const Query& query,
                                                const std::optional<ReferrerInfo>& referrer) {
  const bool has_engine = non_empty(query, "search_engine") != nullptr;
  const bool has_keywords = non_empty(query, "search_keywords") != nullptr;
  switch (type) {
    case PoolType::Custom: return std::nullopt;
    case PoolType::CustomWithSearchTracking:
      if (!has_keywords) return missing_parameter("search_keywords");
      return std::nullopt;
    case PoolType::Search:
      if (has_engine && has_keywords) return std::nullopt;
      if (referrer && referrer->search_engine && referrer->search_keywords) return std::nullopt;
      return missing_parameter(has_engine ? "search_keywords" : "search_engine");
    case PoolType::SearchKeyword:
      if (!has_engine) return missing_parameter("search_engine");
      if (non_empty(query, "search_keyword_id") == nullptr) return missing_parameter("search_keyword_id");
      return std::nullopt;
    case PoolType::ReferralDomain:
    case PoolType::ReferralDomainWithSearchTracking:
      if (!referrer) return missing_parameter("referrer");
      return std::nullopt;
  }
  return std::nullopt;
}

// the parameters the pool names, recorded with the lease; a custom name wins over paramN.
domain::LeaseDetails lease_details(const domain::RingPool& pool, const domain::Network& network,
                                   const Query& query, const std::optional<ReferrerInfo>& referrer) {
  domain::LeaseDetails details;
  for (std::size_t i = 0; i < domain::kCustomParameterCount; ++i) {
    const std::string& custom = !pool.parameter_names[i].empty() ? pool.parameter_names[i]
                                : i < network.data_dictionary.size() ? network.data_dictionary[i]
                                                                     : pool.parameter_names[i];
    const std::string_view generic = kGenericParameterNames[i];
    const std::string* value = custom.empty() ? nullptr : query.find(custom);
    if (value == nullptr) value = query.find(generic);
    if (value != nullptr) details.parameters.emplace_back(custom.empty() ? generic : custom, *value);
  }
  for (const char* name : {"search_engine", "search_keywords", "search_keyword_id", "landing_page", "referrer"})
    if (const std::string* value = query.find(name)) details.parameters.emplace_back(name, *value);
  if (referrer) {
    details.parameters.emplace_back("traffic_source", referrer->traffic_source);
    if (referrer->search_engine && !query.find("search_engine"))
      details.parameters.emplace_back("search_engine", *referrer->search_engine);
    if (referrer->search_keywords && !query.find("search_keywords"))
      details.parameters.emplace_back("search_keywords", *referrer->search_keywords);
  }
  return details;
}

// P-3 (RepeatVisitors::SameNumber): the request's parameters but the key, sorted, hashed.
std::uint64_t visitor_of(const Query& query) {
  std::vector<std::pair<std::string_view, std::string_view>> parameters;
  for (const QueryParameter& parameter : query.parameters)
    if (parameter.name != "ring_pool_key") parameters.emplace_back(parameter.name, parameter.value);
  std::sort(parameters.begin(), parameters.end());
  std::string out;
  for (const auto& [name, value] : parameters) out.append(name).append(1, '\0').append(value).append(1, '\0');
  return sim::fnv1a64(out);
}

// a legacy route with a malformed version or format is not found, in plain text.
Response route_not_found(std::string_view reason) {
  Response response;
  response.status = 404;
  response.content_type = "text/plain";
  response.body = fmt::format("Not Found: {}", printable_text(reason));
  return response;
}

// Bulk-only routing (A-11 / B-8), then the pool type served (B-9).
std::optional<Error> channel_refusal(AllocationChannel channel, const domain::RingPool& pool, bool affiliate_bulk) {
  if (channel == AllocationChannel::Legacy && (pool.bulk_served || affiliate_bulk))
    return domain::fail(ErrorClass::OnlyBulkNumberAllocationAllowed, "Numbers are automatically allocated by the PNAPI server")
        .error();
  if (channel == AllocationChannel::Bulk && !pool.bulk_served && !affiliate_bulk)
    return domain::fail(ErrorClass::BulkNumberAllocationNotEnabled,
                        fmt::format("The Bulk RingPool API is not enabled for RingPool {}.", pool.id))
        .error();
  if (channel == AllocationChannel::Bulk && pool.type != PoolType::Custom)
    return domain::fail(ErrorClass::UnsupportedRingPoolType,
                        fmt::format("RingPool {} is of type {}; the Bulk API serves only Custom pools.", pool.id,
                                    domain::pool_type_name(pool.type)))
        .error();
  return std::nullopt;
}

// Parameters (A-6, A-7, B-7): a well-formed query, no value over kParameterValueMaxBytes, and a
// Bulk row with at least one parameter besides the key.
std::optional<Error> parameter_refusal(AllocationChannel channel, const Query& query) {
  if (query.malformed) return domain::fail(ErrorClass::InvalidParameter, *query.malformed).error();
  for (const QueryParameter& parameter : query.parameters)
    if (parameter.value.size() > kParameterValueMaxBytes)
      return domain::fail(ErrorClass::InvalidParameter,
                          fmt::format("Parameter '{}' is longer than {} bytes.", parameter.name, kParameterValueMaxBytes))
          .error();
  if (channel != AllocationChannel::Bulk) return std::nullopt;
  const bool has_parameter = std::ranges::any_of(
      query.parameters, [](const QueryParameter& parameter) { return parameter.name != "ring_pool_key"; });
  if (has_parameter) return std::nullopt;
  return domain::fail(ErrorClass::MissingParameter, "At least one RingPool parameter must be present, even with an empty value.")
      .error();
}

}  // namespace

domain::Result<AllocationAnswer> allocate_number(domain::ReferenceModel& model, const AllocationRequest& request,
                                                 const Dialect& dialect) {
  domain::World& world = model.world();
  const Query query = parse_query(request.raw_query);
  const std::string* key = query.find("ring_pool_key");

  // Key and pool existence: unknown, deleted and mismatched all answer alike.
  // the id is canonical decimal ("03" names no pool).
  const auto pool_id = parse_decimal_id(request.pool_id_text);
  domain::RingPool* pool = pool_id ? world.find_pool(*pool_id) : nullptr;
  if (pool == nullptr && dialect.unknown_pool_not_found)
    return domain::fail(ErrorClass::RecordNotFound, fmt::format("Could not find RingPool {}", request.pool_id_text));
  if (pool == nullptr || key == nullptr || !same_key(*key, pool->api_key))
    return std::unexpected(invalid_key(key ? std::string_view(*key) : std::string_view{}, request.pool_id_text));
  const domain::Network& network = world.networks.at(pool->network_id);

  const std::string* affiliate_id = query.find(network.affiliate_parameter);
  const domain::Affiliate* affiliate = nullptr;
  if (affiliate_id != nullptr) {
    auto it = network.affiliates.find(*affiliate_id);
    if (it != network.affiliates.end()) affiliate = &it->second;
  }
  const bool affiliate_bulk = affiliate != nullptr && affiliate->bulk_enabled;

  if (auto error = channel_refusal(request.channel, *pool, affiliate_bulk)) return std::unexpected(*error);
  if (auto error = parameter_refusal(request.channel, query)) return std::unexpected(*error);
  std::optional<ReferrerInfo> referrer;
  if (const std::string* referrer_url = non_empty(query, "referrer")) referrer = parse_referrer(*referrer_url);
  if (auto error = check_pool_type_parameters(pool->type, query, referrer)) return std::unexpected(*error);

  // Affiliate.
  if (affiliate_id != nullptr && affiliate == nullptr)
    return domain::fail(ErrorClass::InvalidAffiliate,
                        fmt::format("Affiliate '{}' is not known on this network.", *affiliate_id));

  // the flag is read before anything changes, so a bad one fails the request cleanly. An
  // empty value counts as absent, as for the other parameters (non_empty).
  bool mobile = false;
  if (const std::string* flag = non_empty(query, "mobile_click_to_call")) {
    auto parsed = read_bool(nlohmann::json(*flag), "mobile_click_to_call");
    if (!parsed.value)
      return domain::fail(ErrorClass::InvalidParameter,
                          "Parameter 'mobile_click_to_call' must be true or false (or 1 or 0).");
    mobile = *parsed.value;
  }

  // Capacity (P-4, P-5).
  domain::LeaseDetails details = lease_details(*pool, network, query, referrer);
  if (affiliate_id != nullptr) details.affiliate = *affiliate_id;
  if (world.policy.repeat_visitors == domain::RepeatVisitors::SameNumber) details.visitor = visitor_of(query);
  auto allocation = model.engine().allocate(*pool, std::move(details));
  if (!allocation) return std::unexpected(allocation.error());

  return AllocationAnswer{allocation->number, allocation->overflow,
                          tracking_url(network.host, network.id, pool->id, allocation->allocation_number,
                                       allocation->number, non_empty(query, "landing_page"), mobile,
                                       dialect.tracking_urls)};
}

bool LegacyRoute::dated() const { return is_date(version); }

std::optional<LegacyRoute> match_legacy_route(std::string_view path) {
  // /api/<version>/ring_pools/<id>/allocate_number.<ext>
  constexpr std::string_view kPrefix = wire::kApiPrefix;
  if (!path.starts_with(kPrefix)) return std::nullopt;
  path.remove_prefix(kPrefix.size());
  const std::size_t version_end = path.find('/');
  if (version_end == std::string_view::npos) return std::nullopt;
  const std::string_view version = path.substr(0, version_end);
  path.remove_prefix(version_end + 1);
  constexpr std::string_view kPools = wire::kLegacyPoolsSegment;
  if (!path.starts_with(kPools)) return std::nullopt;
  path.remove_prefix(kPools.size());
  const std::size_t id_end = path.find('/');
  if (id_end == std::string_view::npos || id_end == 0) return std::nullopt;
  const std::string_view id = path.substr(0, id_end);
  path.remove_prefix(id_end + 1);
  constexpr std::string_view kAction = wire::kLegacyAction;
  if (!path.starts_with(kAction)) return std::nullopt;
  path.remove_prefix(kAction.size());
  if (path.find('/') != std::string_view::npos) return std::nullopt;
  return LegacyRoute{version, id, path};
}

namespace {
AllocationStyle style_of(const Dialect& dialect) {
  return AllocationStyle{dialect.xml_indent, dialect.csv_line_end, dialect.legacy_overflow_flag};
}
}  // namespace

Response legacy_error(AllocationFormat format, const Error& error, const Dialect& dialect) {
  Response response;
  response.status = error.error_class == ErrorClass::InvalidKey ? dialect.invalid_key_status : status_of(error.error_class);
  response.content_type = error_content_type(format, error.error_class);
  render_allocation_error(format, error, response.body, style_of(dialect));
  return response;
}

Response handle_legacy(domain::ReferenceModel& model, const LegacyRoute& route, const Request& request,
                       const Dialect& dialect) {
  if (!route.dated())
    return route_not_found(fmt::format("version '{}' is not a YYYY-MM-DD date", route.version));
  const auto format = parse_allocation_format(route.extension);
  if (!format) return route_not_found(fmt::format("format '{}' is not one of xml, json, csv", route.extension));
  if (request.method != "GET")
    return legacy_error(*format, Error{ErrorClass::InvalidRequest, "allocate_number answers GET only."}, dialect);
  auto answer = allocate_number(
      model, AllocationRequest{route.pool_id_text, request.raw_query(), AllocationChannel::Legacy}, dialect);
  if (!answer) return legacy_error(*format, answer.error(), dialect);
  Response response;
  response.content_type = content_type(*format);
  render_allocation(*format, *answer, response.body, style_of(dialect));
  return response;
}

}  // namespace ringpool::api
