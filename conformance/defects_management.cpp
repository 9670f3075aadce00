// The defects of the management API (M-1 .. M-19, L-5): each breaks one [doc] sentence and
// nothing else, on top of a correct target (defect_kit.hpp).
#include "conformance/defect_kit.hpp"
#include "conformance/token_form.hpp"

#include <fmt/format.h>

namespace ringpool::conformance::defect {

namespace {

bool writes(const api::Request& request) { return request.method == "POST" || request.method == "PUT"; }

Json body_of(const api::Request& request) { return Json::parse(request.body, nullptr, false); }

// The pool as a GET of the request's path reads it (the token moved from the body to the query,
// which every valid server takes, M-6 [doc]; a header form might not be the server's).
Exchange read_back(Call& call) {
  api::Request read = call.request;
  read.method = "GET";
  read.body.clear();
  const Json body = body_of(call.request);
  if (!read.header("Authorization") && body.is_object() && body.contains("oauth_token"))
    attach_token(read, string_field(body, "oauth_token"), TokenForm::Query);
  return call.inner.send(ApiKind::Management, read);
}

// The request again with `edit` applied to its JSON body (when it has one and `edit` changes it).
Exchange resend_edited(Call& call, const std::function<bool(Json&)>& edit) {
  Json body = body_of(call.request);
  if (body.is_object() && edit(body)) return call.forward(with_body(call.request, body));
  return call.forward();
}

// A refused write re-sent the way a lax server would have taken it; the refusal stands when the
// re-sent request fails too.
Exchange accept_refused(Call& call, int refused_status, const std::function<bool(Json&)>& loosen) {
  Exchange exchange = call.forward();
  if (!exchange.response || exchange.response->status != refused_status || !writes(call.request)) return exchange;
  Json body = body_of(call.request);
  if (!body.is_object() || !loosen(body)) return exchange;
  Exchange again = call.forward(with_body(call.request, body));
  return again.response && is_success(*again.response) ? again : exchange;
}

Exchange bend_success(Call& call, const std::function<void(api::Response&)>& bend) {
  Exchange exchange = call.forward();
  if (exchange.response && is_success(*exchange.response)) bend(*exchange.response);
  return exchange;
}

Exchange list_not_array(Call& call) {
  Exchange exchange = call.forward();
  const std::string path(call.request.path());
  if (exchange.response && call.request.method == "GET" && is_list_path(path) && exchange.response->status == 200) {
    const auto list = Json::parse(exchange.response->body, nullptr, false);
    if (list.is_array()) exchange.response->body = Json{{"ring_pools", list}}.dump();
  }
  return exchange;
}

Exchange read_pool_404(Call& call) {
  Exchange exchange = call.forward();
  const std::string path(call.request.path());
  if (exchange.response && call.request.method == "GET" && is_pool_path(path) && !is_list_path(path) &&
      exchange.response->status == 200)
    exchange.response = json_answer(404, {{"errors", {{"class", "RecordNotFound"}, {"invalid_data", "Could not find RingPool."}}}});
  return exchange;
}

Exchange create_answer_partial(Call& call) {
  if (call.request.method != "POST") return call.forward();
  return bend_success(call, [](api::Response& response) { edit_pools(response, [](OrderedJson& pool) { pool.erase("object_url"); }); });
}

Exchange create_not_idempotent(Call& call) {
  const Json body = body_of(call.request);
  if (call.request.method != "POST" || !body.is_object() || !body.contains("id_from_network")) return call.forward();
  const std::string key = std::string(call.request.path()) + "#" + body["id_from_network"].dump();
  if (call.memory.created.contains(key)) return answer(record_invalid("Already exists."));
  Exchange exchange = call.forward();
  if (exchange.response && is_success(*exchange.response)) call.memory.created.insert(key);
  return exchange;
}

Exchange update_not_applied(Call& call) {
  if (call.request.method == "PUT" && is_pool_path(call.request.path())) {
    Exchange current = read_back(call);
    if (current.response && current.response->status == 200) return current;
  }
  return call.forward();
}

Exchange put_unknown_404(Call& call) {
  if (call.request.method == "PUT" && is_pool_path(call.request.path())) {
    Exchange current = read_back(call);
    if (current.response && current.response->status == 404) return current;
  }
  return call.forward();
}

Exchange delete_keeps_pool(Call& call) {
  if (call.request.method == "DELETE" && is_pool_path(call.request.path())) {
    Exchange current = read_back(call);
    if (current.response && current.response->status == 200) return answer(json_answer(200, Json::object()));
  }
  return call.forward();
}

Exchange delete_twice_404(Call& call) {
  const std::string path(call.request.path());
  if (call.request.method != "DELETE") return call.forward();
  if (call.memory.deleted.contains(path))
    return answer(json_answer(404, {{"errors", {{"class", "RecordNotFound"}, {"invalid_data", "Already deleted."}}}}));
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 200) call.memory.deleted.insert(path);
  return exchange;
}

Exchange token_only_in_header(Call& call) {
  if (!call.request.header("Authorization"))
    return answer(json_answer(401, {{"errors", {{"class", "Unauthorized"}, {"invalid_data", "Give the token in the Authorization header."}}}}));
  return call.forward();
}

Exchange auth_ignored(Call& call) {
  Exchange exchange = call.forward();
  if (!exchange.response || exchange.response->status != 401) return exchange;
  // The valid token where every valid server takes it (M-6 [doc]: the oauth_token parameter);
  // the header the client sent goes, in case its form is the one the server reads first.
  api::Request fixed = call.request;
  fixed.headers.erase("Authorization");
  attach_token(fixed, call.valid_token, TokenForm::Query);
  return call.forward(fixed);
}

Exchange not_found_class(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 404) replace_all(exchange.response->body, "RecordNotFound", "NotFound");
  return exchange;
}

Exchange internal_error_class(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 500)
    replace_all(exchange.response->body, "InternalServiceError", "ServerError");
  return exchange;
}

Exchange validation_400(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response && exchange.response->status == 403) exchange.response->status = 400;
  return exchange;
}

Exchange local_center_message(Call& call) {
  Exchange exchange = call.forward();
  if (exchange.response) replace_all(exchange.response->body, "Invalid Key in Local Center.", "Unknown key in local_center.");
  return exchange;
}

Exchange id_from_network_optional(Call& call) {
  if (call.request.method != "POST") return call.forward();
  return accept_refused(call, 403, [&](Json& body) {
    if (body.contains("id_from_network")) return false;
    body["id_from_network"] = fmt::format("made-up-{}", call.memory.created.size());
    call.memory.created.insert(body["id_from_network"].get<std::string>());
    return true;
  });
}

Exchange id_from_network_not_unique(Call& call) {
  if (call.request.method != "POST") return call.forward();
  return accept_refused(call, 403, [](Json& body) {
    const std::string id = string_field(body, "id_from_network");
    if (id.empty() || id.ends_with("-dup")) return false;
    body["id_from_network"] = id + "-dup";
    return true;
  });
}

Exchange allow_overflow_default_false(Call& call) {
  if (call.request.method != "POST") return call.forward();
  return resend_edited(call, [](Json& body) {
    if (body.contains("allow_overflow")) return false;
    body["allow_overflow"] = false;
    return true;
  });
}

Exchange allow_overflow_change_ignored(Call& call) {
  if (call.request.method != "PUT") return call.forward();
  return resend_edited(call, [](Json& body) { return body.erase("allow_overflow") > 0; });
}

Exchange max_pool_size_default_3(Call& call) {
  if (call.request.method != "POST") return call.forward();
  return resend_edited(call, [](Json& body) {
    if (body.contains("max_pool_size")) return false;
    body["max_pool_size"] = 3;
    return true;
  });
}

Exchange preferred_ignored(Call& call) {
  if (!writes(call.request)) return call.forward();
  return resend_edited(call, [](Json& body) { return body.erase("preferred") > 0; });
}

Exchange fill_immediately_ignored(Call& call) {
  if (!writes(call.request)) return call.forward();
  return resend_edited(call, [](Json& body) { return body.erase("fill_immediately") > 0; });
}

Exchange destination_not_linked(Call& call) {
  return bend_success(call, [](api::Response& response) {
    edit_pools(response, [](OrderedJson& pool) {
      pool["customer_phone_numbers"] = OrderedJson::array();
      pool["default_customer_phone_number"] = nullptr;
    });
  });
}

Exchange invalid_destination_accepted(Call& call) {
  return accept_refused(call, 403, [](Json& body) {
    if (!body.contains("destination_phone_number")) return false;
    body.erase("destination_phone_number");
    body.erase("obfuscated_tag_id");
    return true;
  });
}

Exchange tag_id_not_required(Call& call) {
  return accept_refused(call, 403, [](Json& body) {
    if (!body.contains("destination_phone_number") || body.contains("obfuscated_tag_id")) return false;
    body["obfuscated_tag_id"] = "made-up-tag";
    return true;
  });
}

Exchange destination_type_api_refused(Call& call) {
  const Json body = body_of(call.request);
  if (writes(call.request) && body.is_object() && string_field(body, "destination_type") == "API")
    return answer(record_invalid("Destination type is invalid."));
  return call.forward();
}

// The api_key a write sent becomes the pool's (`creates_only`: only when the write created it).
Exchange keep_sent_api_key(Call& call, bool creates_only) {
  Exchange exchange = call.forward();
  if (!exchange.response || !is_success(*exchange.response)) return exchange;
  const Json body = body_of(call.request);
  const std::string sent = string_field(body, "api_key");
  const bool created = exchange.response->status == 201 || call.request.method == "POST";
  if (writes(call.request) && !sent.empty() && (!creates_only || created))
    edit_pools(*exchange.response, [&](OrderedJson& pool) { call.memory.forged_keys[pool["id"].dump()] = sent; });
  edit_pools(*exchange.response, [&](OrderedJson& pool) {
    if (auto forged = call.memory.forged_keys.find(pool["id"].dump()); forged != call.memory.forged_keys.end())
      pool["api_key"] = forged->second;
  });
  return exchange;
}

Exchange api_key_settable(Call& call) { return keep_sent_api_key(call, false); }
Exchange create_keeps_sent_api_key(Call& call) { return keep_sent_api_key(call, true); }

Exchange representation_missing_field(Call& call) {
  return bend_success(call, [](api::Response& response) {
    edit_pools(response, [](OrderedJson& pool) { pool.erase("default_customer_phone_number"); });
  });
}

Exchange local_center_unknown_key_accepted(Call& call) {
  if (!writes(call.request)) return call.forward();
  return resend_edited(call, [](Json& body) {
    if (!body.contains("local_center") || !body["local_center"].is_object()) return false;
    bool changed = false;
    Json& center = body["local_center"];
    for (auto it = center.begin(); it != center.end();) {
      const std::string& key = it.key();
      const bool known = key == "tn_prefix" || key == "zipcode" || key == "latitude" || key == "longitude";
      it = known ? std::next(it) : center.erase(it);
      changed = changed || !known;
    }
    return changed;
  });
}

Exchange lone_latitude_accepted(Call& call) {
  if (!writes(call.request)) return call.forward();
  return resend_edited(call, [](Json& body) {
    if (!body.contains("local_center") || !body["local_center"].is_object()) return false;
    Json& center = body["local_center"];
    if (center.contains("latitude") == center.contains("longitude")) return false;
    if (center.contains("latitude")) center["longitude"] = -118.4;
    else center["latitude"] = 34.1;
    return true;
  });
}

Exchange local_pool_refused(Call& call) {
  const Json body = body_of(call.request);
  if (call.request.method == "POST" && body.is_object() && body.contains("local_center"))
    return answer(record_invalid("Local ring pools are not supported."));
  return call.forward();
}

constexpr Entry kManagementEntries[] = {
    {"M-1.1", "list-not-array", "the list of ring pools comes wrapped in an object instead of a JSON array", kManagement, list_not_array},
    {"M-2.1", "read-pool-404", "reading an existing pool answers 404", kManagement, read_pool_404},
    {"M-3.1", "create-answer-partial", "a create answers the pool without object_url (not the full ring pool a GET returns)", kManagement,
     create_answer_partial},
    {"M-3.2", "create-not-idempotent", "creating a pool whose id_from_network exists fails instead of updating it", kManagement,
     create_not_idempotent},
    {"M-4.1", "update-not-applied", "an update of an existing pool answers 200 with the pool unchanged", kManagement, update_not_applied},
    {"M-4.2", "put-unknown-404", "a PUT of an id the campaign does not have answers 404 instead of creating it", kManagement, put_unknown_404},
    {"M-5.1", "delete-keeps-pool", "a delete answers 200 {} but the pool stays", kManagement, delete_keeps_pool},
    {"M-5.2", "delete-twice-404", "deleting an already deleted pool answers 404 instead of 200 {}", kManagement, delete_twice_404},
    {"M-6.1", "token-only-in-header", "a token given as the oauth_token query parameter or body key is refused (401)", kManagement,
     token_only_in_header},
    {"M-6.2", "auth-ignored", "a missing or wrong API token is accepted", kManagement, auth_ignored},
    {"M-7.1", "not-found-class", "an unknown pool answers 404 with class NotFound instead of RecordNotFound", kManagement, not_found_class},
    {"M-7a.1", "internal-error-class", "a management service failure answers class ServerError instead of InternalServiceError",
     kManagement, internal_error_class},
    {"M-8.1", "validation-400", "validation failures answer 400 instead of 403", kManagement, validation_400},
    {"M-8.2", "local-center-message", "an unknown local_center key answers another message than 'Invalid Key in Local Center.'",
     kManagement, local_center_message},
    {"M-9.1", "id-from-network-optional", "a pool created without id_from_network gets a made-up one instead of a 403", kManagement,
     id_from_network_optional},
    {"M-9.2", "id-from-network-not-unique", "an id_from_network taken in the network is accepted (under a made-up id)", kManagement,
     id_from_network_not_unique},
    {"M-10.1", "allow-overflow-default-false", "allow_overflow defaults to false", kManagement, allow_overflow_default_false},
    {"M-10.2", "allow-overflow-change-ignored", "an update changing allow_overflow answers 200 (the change ignored) instead of 403",
     kManagement, allow_overflow_change_ignored},
    {"M-11.1", "max-pool-size-default-3", "max_pool_size defaults to 3", kManagement, max_pool_size_default_3},
    {"M-13.1", "preferred-ignored", "preferred is ignored (the pool keeps false)", kManagement, preferred_ignored},
    {"M-14.1", "fill-immediately-ignored", "fill_immediately is ignored (the pool keeps false)", kManagement, fill_immediately_ignored},
    {"M-15.1", "destination-not-linked", "a valid destination_phone_number is not linked (customer_phone_numbers stays empty)",
     kManagement, destination_not_linked},
    {"M-15.2", "invalid-destination-accepted", "an invalid destination_phone_number is dropped and the pool saved (200)", kManagement,
     invalid_destination_accepted},
    {"M-15.3", "tag-id-not-required", "a tag network accepts a destination without obfuscated_tag_id", kManagement, tag_id_not_required},
    {"M-16.1", "destination-type-api-refused", "destination_type API is refused (403)", kManagement, destination_type_api_refused},
    {"M-17.1", "api-key-settable", "an api_key in the body becomes the pool's api_key", kManagement, api_key_settable},
    {"M-17.1", "create-keeps-sent-api-key", "a create that sends an api_key keeps it as the pool's api_key", kManagement,
     create_keeps_sent_api_key},
    {"M-18.1", "representation-missing-field", "pools are represented without default_customer_phone_number", kManagement,
     representation_missing_field},
    {"M-19.1", "local-center-unknown-key-accepted", "unknown local_center keys are dropped silently instead of refused", kManagement,
     local_center_unknown_key_accepted},
    {"M-19.2", "lone-latitude-accepted", "a local_center with latitude without longitude (or the reverse) is accepted", kManagement,
     lone_latitude_accepted},
    {"L-5.1", "local-pool-refused", "a pool with a local_center is refused (403)", kManagement, local_pool_refused},
};

}  // namespace

std::span<const Entry> management_entries() { return kManagementEntries; }

}  // namespace ringpool::conformance::defect
