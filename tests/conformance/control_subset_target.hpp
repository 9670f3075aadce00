// A target decorator for tests: serves only some control endpoints of the target it wraps and
// answers 404 (plain text, as a server without the route would) for every other /_control/ path
// — a vendor server that implements part of T-4's control API.
#pragma once

#include "conformance/target.hpp"
#include "reference/api/wire_paths.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace ringpool::testing {

class ControlSubsetTarget final : public conformance::Target {
 public:
  // `paths`: the control paths served, e.g. {"/_control/clock", "/_control/clock/advance"}.
  ControlSubsetTarget(conformance::Target& inner, std::vector<std::string> paths)
      : inner_(inner), paths_(std::move(paths)) {}

  std::string describe() const override { return inner_.describe() + " (some control endpoints)"; }
  std::string base_url(conformance::ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world) override {
    // A live server loads a world through reset; the in-process reference loads it itself.
    const auto built_in = inner_.built_in_capabilities();
    const bool loads_worlds = std::find(built_in.begin(), built_in.end(), "world") != built_in.end();
    if (world && !loads_worlds && !served(api::wire::kControlResetPath)) return std::unexpected("no POST /_control/reset");
    return inner_.begin_scenario(seed, world);
  }
  conformance::Exchange send(conformance::ApiKind api, const api::Request& request) override {
    if (api == conformance::ApiKind::Control && !served(request.path())) {
      api::Response response;
      response.status = 404;
      response.content_type = "text/plain";
      response.body = "Not Found";
      return conformance::Exchange{response, {}};
    }
    return inner_.send(api, request);
  }
  std::vector<std::string_view> built_in_capabilities() const override { return inner_.built_in_capabilities(); }

 private:
  bool served(std::string_view path) const {
    return std::any_of(paths_.begin(), paths_.end(), [&](const std::string& served_path) {
      return path == served_path || (served_path.ends_with('/') && path.starts_with(served_path));
    });
  }

  conformance::Target& inner_;
  std::vector<std::string> paths_;
};

}  // namespace ringpool::testing
