// The in-process reference dressed as a vendor's live server, for tests of what a run may touch:
// the runner treats it as live (it does not begin afresh, so each scenario's pools must be deleted
// and the world persists from one scenario to the next, holding the "vendor's" own pools), and
// every state-changing management request is recorded with the ids it addresses.
#pragma once

#include "conformance/reference_target.hpp"

#include <boost/url/parse.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <string>
#include <vector>

namespace ringpool::testing {

// One id a state-changing management request addressed: a path segment or a body id_from_network.
struct AddressedId {
  std::string method;
  std::string target;
  std::string id;
};

class LiveLookingTarget final : public conformance::Target {
 public:
  explicit LiveLookingTarget(std::string control_token) : inner_(std::move(control_token)) {}

  std::string describe() const override { return "live-looking reference"; }
  std::string base_url(conformance::ApiKind) const override { return "http://live.test"; }
  // Like a live server: a scenario's own world goes through reset; otherwise the world is kept.
  std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world) override {
    if (!world) return {};
    return inner_.begin_scenario(seed, world);
  }
  conformance::Exchange send(conformance::ApiKind api, const api::Request& request) override {
    if (api == conformance::ApiKind::Management && request.method != "GET") record(request);
    conformance::Exchange exchange = inner_.send(api, request);
    if (api == conformance::ApiKind::Management && exchange.response && exchange.response->status < 300) {
      const auto body = nlohmann::json::parse(exchange.response->body, nullptr, false);
      if (body.is_object() && body.contains("id_from_network") && body["id_from_network"].is_string())
        server_named_.insert(body["id_from_network"].get<std::string>());
    }
    return exchange;
  }
  bool begins_afresh() const override { return false; }

  const std::vector<AddressedId>& addressed() const { return addressed_; }
  // Ids the server itself answered with (generated ones, M-9's auto ids).
  const std::set<std::string>& server_named() const { return server_named_; }

 private:
  void record(const api::Request& request) {
    if (auto parsed = boost::urls::parse_origin_form(request.target)) {
      std::vector<std::string> segments;
      for (const std::string segment : parsed->segments()) segments.push_back(segment);
      if (segments.size() >= 9 && segments[7] == "ring_pools") {
        std::string id = segments[8];
        if (id.ends_with(".json")) id.resize(id.size() - 5);
        addressed_.push_back({request.method, request.target, id});
      }
    }
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_object() && body.contains("id_from_network"))
      addressed_.push_back({request.method, request.target,
                            body["id_from_network"].is_string() ? body["id_from_network"].get<std::string>()
                                                                : body["id_from_network"].dump()});
  }

  conformance::ReferenceTarget inner_;
  std::vector<AddressedId> addressed_;
  std::set<std::string> server_named_;
};

}  // namespace ringpool::testing
