// Black-box fixture for the management API (spec §2, M-1..M-19, and the common clauses C-1..C-6):
// a reference Service on the default world (seed 7, no control API), request helpers that speak
// HTTP-shaped values, JSON parsing of the answers, and a snapshot of every campaign's pools (read
// through the API) so that a test can assert that a failed request changed nothing (C-3):
//
//   const auto before = snapshot();
//   auto r = post(".json", R"({"id_from_network": "x", "lifetime_seconds": 1})");
//   BOOST_TEST(is_error(r, 403, "RecordInvalid"));
//   BOOST_TEST(snapshot() == before);
//
// The Service, the sending of requests and the world loading are service_fixture.hpp's.
#pragma once

#include "tests/support/service_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::test::management {

// The shared names (json, kSeed, campaign_base, ...) reach `using namespace ...::management` too.
using namespace ringpool::test;

inline constexpr std::string_view kHost1 = "network1.ringpool.test";

// The campaigns of the default world, each with a token of its network.
struct CampaignRef {
  std::int64_t network;
  std::string token;
  std::string advertiser;
  std::string campaign;
  std::string base() const { return campaign_base(network, advertiser, campaign); }
};

inline std::vector<CampaignRef> default_world_campaigns() {
  return {
      {1, std::string(kDemoToken), "adv-1", "camp-1"},
      {1, std::string(kDemoToken), "adv-1", "camp-2"},
      {1, std::string(kDemoToken), "adv-bulk", "camp-bulk"},
      {2, std::string(kOtherToken), "adv-other", "camp-other"},
      {3, std::string(kTagToken), "adv-tag", "camp-tag"},
  };
}

// A request body: raw text, or a JSON value (dumped).
struct Body {
  std::string text;
  Body() = default;
  Body(const char* raw) : text(raw) {}                  // NOLINT: implicit on purpose
  Body(std::string raw) : text(std::move(raw)) {}       // NOLINT
  Body(const json& value) : text(value.dump()) {}       // NOLINT
  Body(const ordered_json& value) : text(value.dump()) {}  // NOLINT
};

// A token to send as `Authorization: <token>`; std::nullopt sends no Authorization header.
using Token = std::optional<std::string>;
inline Token demo_token() { return std::string(kDemoToken); }

struct Reply {
  int status = 0;
  std::string content_type;
  std::string body;
  bool is_json = false;
  json value;             // parsed body (null when the body is not JSON)
  ordered_json ordered;   // parsed body keeping key order (M-18)

  const json& operator[](std::string_view key) const { return value.at(std::string(key)); }
};

inline std::ostream& operator<<(std::ostream& out, const Reply& reply) {
  return print_answer(out, reply.status, reply.content_type, reply.body);
}

// Every campaign's list, as read through the API (GET <base>.json).
struct Snapshot {
  ordered_json lists = ordered_json::object();
  friend bool operator==(const Snapshot& a, const Snapshot& b) { return a.lists == b.lists; }
};
inline std::ostream& operator<<(std::ostream& out, const Snapshot& snapshot) {
  return out << snapshot.lists.dump();
}

inline bool content_type_is_json(const Reply& reply) {
  return reply.content_type.rfind("application/json", 0) == 0;
}

// Equality of two JSON values, with both printed on failure.
inline boost::test_tools::predicate_result same_json(const json& actual, const json& expected) {
  if (actual == expected) return true;
  boost::test_tools::predicate_result result(false);
  result.message() << "\n  actual:   " << actual.dump() << "\n  expected: " << expected.dump();
  return result;
}

// The error shape of the management API: `{"errors":{"class":..., "invalid_data":...}}`,
// application/json. `message` is compared only when given (C-5: only where the spec gives it).
inline boost::test_tools::predicate_result is_error(const Reply& reply, int status,
                                                    std::string_view error_class,
                                                    std::optional<std::string> message = {}) {
  boost::test_tools::predicate_result result(true);
  auto fail = [&](std::string_view why) {
    result = false;
    result.message() << why << "; expected " << status << " " << error_class;
    if (message) result.message() << " \"" << *message << "\"";
    result.message() << ", got " << reply;
  };
  if (reply.status != status) {
    fail("wrong status");
  } else if (!content_type_is_json(reply)) {
    fail("content type is not application/json");
  } else if (!reply.is_json || !reply.value.is_object() || reply.value.size() != 1 ||
             !reply.value.contains("errors") || !reply.value["errors"].is_object()) {
    fail("body is not {\"errors\": {...}}");
  } else {
    const json& errors = reply.value["errors"];
    if (!errors.contains("class") || errors["class"] != std::string(error_class)) {
      fail("wrong class");
    } else if (!errors.contains("invalid_data") || !errors["invalid_data"].is_string() ||
               errors["invalid_data"].get<std::string>().empty()) {
      fail("invalid_data is not a non-empty message (C-3)");
    } else if (message && errors["invalid_data"] != *message) {
      fail("wrong message");
    }
  }
  return result;
}

// The message of an error reply ("" when it has none).
inline std::string error_message(const Reply& reply) {
  if (!reply.is_json || !reply.value.is_object() || !reply.value.contains("errors")) return {};
  const json& errors = reply.value["errors"];
  if (!errors.is_object() || !errors.contains("invalid_data") || !errors["invalid_data"].is_string())
    return {};
  return errors["invalid_data"].get<std::string>();
}

// M-18's representation keys, in order; `local_center`, `local_number_preferences`,
// `tn_prefix_whitelist` and `destination_type` follow, in that order, when set.
// A create body with one extra field given as raw JSON text: {"id_from_network": id, key: raw}.
inline std::string body_with(const std::string& id, const std::string& key, const std::string& raw_value) {
  return R"({"id_from_network": ")" + id + R"(", ")" + key + R"(": )" + raw_value + "}";
}

// The destination numbers linked to a pool, in representation order.
inline std::vector<std::string> destinations_of(const Reply& pool) {
  std::vector<std::string> numbers;
  for (const auto& entry : pool.value.at("customer_phone_numbers"))
    numbers.push_back(entry.at("destination_phone_number").get<std::string>());
  return numbers;
}

inline std::vector<std::string> base_representation_keys() {
  return {"id",           "id_from_network",        "name",
          "object_url",   "preferred",              "lifetime_seconds",
          "max_pool_size", "api_key",               "fill_immediately",
          "allow_overflow", "customer_phone_numbers", "default_customer_phone_number"};
}

// The keys of a JSON object in the order the body gave them.
inline std::vector<std::string> keys_of(const ordered_json& object) {
  std::vector<std::string> keys;
  if (!object.is_object()) return keys;
  for (auto it = object.begin(); it != object.end(); ++it) keys.push_back(it.key());
  return keys;
}

// True when `text` is 32 lowercase hex characters (M-18's api_key).
inline bool is_api_key(const json& value) {
  if (!value.is_string()) return false;
  const auto& text = value.get_ref<const std::string&>();
  if (text.size() != 32) return false;
  for (char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

struct ManagementFixture : ServiceFixture {
  // The campaign the short helpers address: network 1, adv-1, camp-1 (empty in the default world).
  std::string base = campaign_base(1, "adv-1", "camp-1");

  // Sends any request; `token` goes in `Authorization: <token>`. (Hides ServiceFixture::call,
  // which answers the bare api::Response.)
  Reply call(std::string method, std::string target, const Body& body = {},
             const Token& token = demo_token(), api::Headers headers = {}) {
    if (token) headers = authorized(*token, std::move(headers));
    api::Response response =
        ServiceFixture::call(std::move(method), std::move(target), body.text, std::move(headers));
    Reply reply;
    reply.status = response.status;
    reply.content_type = response.content_type;
    reply.body = std::move(response.body);
    reply.value = json::parse(reply.body, nullptr, false);
    reply.is_json = !reply.value.is_discarded();
    if (reply.is_json) {
      reply.ordered = ordered_json::parse(reply.body);
    } else {
      reply.value = nullptr;
    }
    return reply;
  }

  // Short forms: `suffix` is appended to `base` (".json", "/12.json", "/12.json?x=1", ...).
  Reply get(std::string_view suffix, const Token& token = demo_token()) {
    return call("GET", base + std::string(suffix), {}, token);
  }
  Reply post(std::string_view suffix, const Body& body, const Token& token = demo_token()) {
    return call("POST", base + std::string(suffix), body, token);
  }
  Reply put(std::string_view suffix, const Body& body, const Token& token = demo_token()) {
    return call("PUT", base + std::string(suffix), body, token);
  }
  Reply del(std::string_view suffix, const Body& body = {}, const Token& token = demo_token()) {
    return call("DELETE", base + std::string(suffix), body, token);
  }

  // POST <base>.json with {"id_from_network": id} plus `fields`; requires 201.
  Reply create(std::string_view id_from_network, json fields = json::object()) {
    fields["id_from_network"] = std::string(id_from_network);
    Reply reply = post(".json", fields);
    BOOST_REQUIRE_MESSAGE(reply.status == 201, "create " << id_from_network << ": " << reply);
    BOOST_REQUIRE(reply.value.is_object());
    return reply;
  }

  // GET <base>/<id>.json; requires 200.
  Reply read(std::string_view id_from_network) {
    Reply reply = get("/" + std::string(id_from_network) + ".json");
    BOOST_REQUIRE_MESSAGE(reply.status == 200, "read " << id_from_network << ": " << reply);
    return reply;
  }

  // GET <base>.json; requires 200 and an array.
  Reply list() {
    Reply reply = get(".json");
    BOOST_REQUIRE_MESSAGE(reply.status == 200 && reply.value.is_array(), "list: " << reply);
    return reply;
  }

  // Every campaign's pools of the three networks, listed through the API.
  Snapshot snapshot() {
    Snapshot result;
    for (const CampaignRef& campaign : default_world_campaigns()) {
      Reply reply = call("GET", campaign.base() + ".json", {}, campaign.token);
      BOOST_REQUIRE_MESSAGE(reply.status == 200 && reply.is_json && reply.value.is_array(),
                            "snapshot of " << campaign.base() << ": " << reply);
      result.lists[campaign.base()] = reply.ordered;
    }
    return result;
  }
};

}  // namespace ringpool::test::management
