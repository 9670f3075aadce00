#include "reference/api/management_api.hpp"

#include "reference/api/error_response.hpp"
#include "reference/api/json_body.hpp"
#include "reference/api/json_text.hpp"
#include "reference/api/json_values.hpp"
#include "reference/api/query.hpp"
#include "reference/api/ring_pool_json.hpp"
#include "reference/domain/management.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <expected>
#include <limits>
#include <vector>

namespace ringpool::api {

using domain::Error;
using domain::ErrorClass;

namespace {

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> segments;
  std::size_t start = 1;  // skip the leading '/'
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    segments.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return segments;
}

bool strip_json_suffix(std::string_view& segment) {
  constexpr std::string_view kSuffix = ".json";
  if (segment.size() <= kSuffix.size() || !segment.ends_with(kSuffix)) return false;
  segment.remove_suffix(kSuffix.size());
  return true;
}

Response unauthorized(std::string message) {
  return json_error(Error{ErrorClass::Unauthorized, std::move(message)});
}

// M-6: the token may come from the Authorization header ("<token>" or "Bearer <token>", as the
// dialect takes them), the oauth_token query parameter, or an oauth_token key of the JSON body.
std::optional<std::string> find_token(const Request& request, const Query& query,
                                      const nlohmann::json* body, const Dialect& dialect) {
  assert(dialect.accept_bearer_tokens || dialect.accept_plain_tokens);
  if (auto header = request.header("Authorization")) {
    std::string_view value = *header;
    if (dialect.accept_bearer_tokens && value.starts_with("Bearer ")) value.remove_prefix(7);
    else if (!dialect.accept_plain_tokens) value = {};  // Bearer only: any other header carries no token
    while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    if (!value.empty()) return std::string(value);
  }
  if (const std::string* token = query.find("oauth_token")) return *token;
  if (body != nullptr && body->is_object()) {
    auto it = body->find("oauth_token");
    if (it != body->end() && it->is_string()) return it->get<std::string>();
  }
  return std::nullopt;
}

std::optional<domain::NetworkId> parse_network_id(std::string_view segment) {
  return parse_decimal_id(segment);  // NetworkId is std::int64_t
}

Response representation_response(int status, const domain::RingPool& pool, const domain::Network& network) {
  return json_response(status, dump_json(ring_pool_representation(pool, network)));
}

// M-8: a validation failure that names a field may take the vendor's per-field form.
Response error_response(const Error& error, const Dialect& dialect) {
  if (error.error_class == ErrorClass::RecordInvalid && !error.field.empty() &&
      dialect.validation_errors == ValidationErrorForm::PerField)
    return json_response(status_of(error.error_class), per_field_error_body(error));
  return json_error(error);
}

bool method_allowed(const ManagementRoute& route, const std::string& method) {
  return route.pool_id ? (method == "GET" || method == "PUT" || method == "DELETE") : (method == "GET" || method == "POST");
}

// The list's pieces: each looks the campaign up again and copies the next pools after the last
// id copied, in the dialect's order, so each pool appears at most once whatever changes in
// between; the copies are written after the service's lock is released. The bytes equal the
// whole list's dump when nothing changes.
Response list_in_pieces(const std::unique_ptr<domain::ReferenceModel>& holder, const domain::CampaignAddress& address,
                        const Dialect& dialect) {
  Response response = json_response(200, "[");
  const bool descending = dialect.list_order == ListOrder::DescendingId;
  response.next_piece = [&holder, started = holder.get(), address, descending, last = std::optional<domain::PoolId>(),
                         done = false]() mutable -> std::optional<Piece> {
    if (done) return std::nullopt;
    done = true;
    if (holder.get() != started) return Piece{"]", {}};  // a reset: the list ends here
    domain::World& world = holder->world();
    // One more than a piece: whether the list ends with this piece.
    auto pools = domain::list_pools_after(world, address, last, descending, kListPiecePools + 1);
    const domain::Network* network = world.find_network(address.network_id);
    if (!pools || network == nullptr) return Piece{"]", {}};
    const bool more = pools->size() > kListPiecePools;
    if (more) pools->pop_back();
    std::vector<RepresentedPool> copies;
    copies.reserve(pools->size());
    const bool first_piece = !last;
    for (const domain::RingPool* pool : *pools) {
      copies.push_back(copy_for_representation(*pool, *network));
      last = pool->id;
    }
    done = !more;
    return Piece{{}, [copies = std::move(copies), first_piece, more] {
                   std::string piece;
                   for (std::size_t i = 0; i < copies.size(); ++i) {
                     if (i > 0 || !first_piece) piece += ',';
                     piece += dump_json(ring_pool_representation(copies[i]));
                   }
                   if (!more) piece += ']';
                   return piece;
                 }};
  };
  return response;
}

// The whole list in one answer (in process, and the pretty-printing dialect).
Response whole_list(const domain::World& world, const domain::CampaignAddress& address, const domain::Network& network,
                    const Dialect& dialect) {
  auto pools = domain::list_pools_after(world, address, std::nullopt, dialect.list_order == ListOrder::DescendingId,
                                        std::numeric_limits<std::size_t>::max());
  if (!pools) return json_error(pools.error());
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const domain::RingPool* pool : *pools) list.push_back(ring_pool_representation(*pool, network));
  return json_response(200, dump_json(list));
}

// A DELETE's delete_detected_phone_number (C-1 boolean), from the query and then the body (the
// body's wins when both give it); RecordInvalid when it is not a boolean.
std::expected<bool, Error> delete_detected_phone_number(const Query& query, const nlohmann::json* body) {
  bool out = false;
  if (const std::string* flag = query.find("delete_detected_phone_number")) {
    auto parsed = read_bool(nlohmann::json(*flag), "Delete detected phone number");
    if (!parsed.value) return std::unexpected(Error{ErrorClass::RecordInvalid, parsed.type_error, "delete_detected_phone_number"});
    out = *parsed.value;
  }
  if (body != nullptr) {
    auto parsed = read_field(*body, "delete_detected_phone_number", "Delete detected phone number", read_bool);
    if (parsed.present && !parsed.value)
      return std::unexpected(Error{ErrorClass::RecordInvalid, parsed.type_error, "delete_detected_phone_number"});
    if (parsed.value) out = *parsed.value;
  }
  return out;
}

}  // namespace

bool management_refusal_is_certain(const domain::World& world, const ManagementRoute& route, const Request& head,
                                   const Dialect& dialect) {
  if (!method_allowed(route, head.method)) return true;
  const Query query = parse_query(head.raw_query());
  const auto token = find_token(head, query, nullptr, dialect);
  if (!token) return false;  // it may be in the body (M-6)
  const auto network_id = parse_network_id(route.network_segment);
  const domain::Network* network = network_id ? world.find_network(*network_id) : nullptr;
  return network == nullptr || !network->has_token(*token);
}

std::optional<ManagementRoute> match_management_route(std::string_view path) {
  const auto segments = split_path(path);
  // api / 2022-08-01 / <network> / advertisers / <adv> / advertiser_campaigns / <camp> / ring_pools(.json) [/ <id>.json]
  if (segments.size() != 8 && segments.size() != 9) return std::nullopt;
  if (segments[0] != "api" || segments[1] != kManagementVersion || segments[3] != wire::kAdvertisersSegment ||
      segments[5] != wire::kCampaignsSegment)
    return std::nullopt;
  ManagementRoute route;
  auto network = decode_path_segment(segments[2]);
  auto advertiser = decode_path_segment(segments[4]);
  auto campaign = decode_path_segment(segments[6]);
  if (!network || !advertiser || !campaign) return std::nullopt;
  route.network_segment = *network;
  route.advertiser_id = *advertiser;
  route.campaign_id = *campaign;
  if (segments.size() == 8) {
    if (segments[7] != wire::kRingPoolsJson) return std::nullopt;
    return route;
  }
  std::string_view pool_segment = segments[8];
  if (segments[7] != wire::kRingPoolsSegment || !strip_json_suffix(pool_segment)) return std::nullopt;
  auto pool_id = decode_path_segment(pool_segment);
  if (!pool_id || pool_id->empty()) return std::nullopt;
  route.pool_id = std::move(*pool_id);
  return route;
}

Response handle_management(domain::ReferenceModel& model, const ManagementRoute& route,
                           const Request& request, const Dialect& dialect,
                           const std::unique_ptr<domain::ReferenceModel>* holder) {
  domain::World& world = model.world();
  const bool collection = !route.pool_id.has_value();
  const std::string& method = request.method;
  if (!method_allowed(route, method)) {
    Response response = json_error(405, Error{ErrorClass::InvalidRequest,
                                              fmt::format("Method {} is not allowed on {}", method,
                                                          request.path())});
    response.headers.emplace("Allow", collection ? "GET, POST" : "GET, PUT, DELETE");
    return response;
  }

  const Query query = parse_query(request.raw_query());
  // Parse the body before authenticating only because the token may be inside it (M-6); a body
  // that is not JSON is reported after authentication succeeds.
  nlohmann::json body;
  std::string body_error;
  bool body_is_object = false;
  const bool wants_body = method == "POST" || method == "PUT";
  if (!request.body.empty() || wants_body) {
    JsonBody parsed = parse_json_body(request.body, DeepValues::Prune);
    body = std::move(parsed.value);
    body_error = std::move(parsed.error);
    body_is_object = body.is_object();
  }

  const auto token = find_token(request, query, body_is_object ? &body : nullptr, dialect);
  const auto network_id = parse_network_id(route.network_segment);
  const domain::Network* network = network_id ? world.find_network(*network_id) : nullptr;
  if (!token) return unauthorized("An API token is required (Authorization header, oauth_token parameter or body key).");
  // An unknown network answers exactly like a wrong token, so network ids cannot be probed.
  if (network == nullptr || !network->has_token(*token))
    return unauthorized("The API token is not valid for this network.");

  if (query.malformed) return json_error(Error{ErrorClass::InvalidRequest, *query.malformed});
  if ((wants_body || !request.body.empty()) && !body_is_object)
    return json_error(Error{ErrorClass::InvalidRequest,
                            !body_error.empty() ? body_error : "The request body must be a JSON object."});

  const domain::CampaignAddress address{*network_id, route.advertiser_id, route.campaign_id};

  if (method == "GET" && collection) {
    if (holder != nullptr && !dialect.pretty_json) {
      // The pieces look the campaign up themselves; only whether it exists is needed here.
      if (auto campaign = domain::find_campaign(world, address); !campaign) return json_error(campaign.error());
      return list_in_pieces(*holder, address, dialect);
    }
    return whole_list(world, address, *network, dialect);
  }
  if (method == "GET") {
    auto pool = domain::read_pool(world, address, *route.pool_id);
    if (!pool) return json_error(pool.error());
    return representation_response(200, **pool, *network);
  }
  if (method == "DELETE") {
    auto delete_destinations = delete_detected_phone_number(query, body_is_object ? &body : nullptr);
    if (!delete_destinations) return error_response(delete_destinations.error(), dialect);
    auto deleted = model.delete_pool(address, *route.pool_id, *delete_destinations);
    if (!deleted) return json_error(deleted.error());
    return json_response(200, "{}");
  }

  // POST (create, or update when the id exists: M-3) and PUT (update, or create: M-4).
  auto outcome = model.upsert_pool(address, route.pool_id, decode_ring_pool_patch(body));
  if (!outcome) return error_response(outcome.error(), dialect);
  return representation_response(outcome->created ? dialect.created_status : 200, *outcome->pool, *network);
}

}  // namespace ringpool::api
