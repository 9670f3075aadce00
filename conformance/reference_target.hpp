// The in-process reference as a target: no sockets, a fresh world per scenario, the virtual clock,
// and the control API enabled with a known token (so scenarios drive time exactly as they would
// against `ringpool serve --control`).
#pragma once

#include "conformance/target.hpp"
#include "reference/api/service.hpp"
#include "reference/world_file/world_toml.hpp"

#include <memory>
#include <map>
#include <optional>

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
  bool begins_afresh() const override { return true; }

 private:
  std::string control_token_;
  std::unique_ptr<api::Service> service_;
  // The world texts read lately: runs of `ringpool check` and most scenarios start from one of a
  // few worlds, and reading the TOML and building the world from it were most of the cost of a
  // fresh world; each scenario builds its world from one with its own seed. At most kParsedWorlds
  // entries (then the cache starts over).
  static constexpr std::size_t kParsedWorlds = 8;
  std::map<std::string, world_file::PreparedWorld, std::less<>> parsed_worlds_;
};

}  // namespace ringpool::conformance
