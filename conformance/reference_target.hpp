// The in-process reference as a target: no sockets, a fresh world per scenario, the virtual clock,
// and the control API enabled with a known token (so scenarios drive time exactly as they would
// against `ringpool serve --control`).
#pragma once

#include "conformance/target.hpp"
#include "reference/api/service.hpp"

#include <memory>

namespace ringpool::conformance {

class ReferenceTarget final : public Target {
 public:
  explicit ReferenceTarget(std::string control_token);

  std::string describe() const override { return "reference"; }
  std::string base_url(ApiKind) const override { return "reference:"; }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                  const std::optional<std::string>& world_toml) override;
  // Before the first scenario (the capability probe), requests go to a fresh default world.
  Exchange send(ApiKind api, const api::Request& request) override;
  std::vector<std::string_view> built_in_capabilities() const override;

 private:
  std::string control_token_;
  std::unique_ptr<api::Service> service_;
};

}  // namespace ringpool::conformance
