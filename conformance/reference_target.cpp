#include "conformance/reference_target.hpp"

#include "conformance/capabilities.hpp"
#include "reference/world_file/world_toml.hpp"

namespace ringpool::conformance {

ReferenceTarget::ReferenceTarget(std::string control_token) : control_token_(std::move(control_token)) {}

std::expected<void, std::string> ReferenceTarget::begin_scenario(std::uint64_t seed,
                                                                 const std::optional<std::string>& world_toml) {
  const std::string_view text = world_toml ? std::string_view(*world_toml) : world_file::default_world_toml();
  const std::string_view source_name = world_toml ? "<scenario world>" : "default";
  auto parsed = parsed_worlds_.find(text);
  if (parsed == parsed_worlds_.end()) {
    auto prepared = world_file::PreparedWorld::read(text, source_name);
    if (!prepared) return std::unexpected(prepared.error().describe());
    if (parsed_worlds_.size() >= kParsedWorlds) parsed_worlds_.clear();
    parsed = parsed_worlds_.emplace(std::string(text), std::move(*prepared)).first;
  }
  auto world = parsed->second.build(seed);
  if (!world) return std::unexpected(world.error().describe());
  api::ServiceOptions options;
  options.control_enabled = true;
  options.control_token = control_token_;
  service_ = std::make_unique<api::Service>(std::move(*world), std::move(options));
  return {};
}

Exchange ReferenceTarget::send(ApiKind, const api::Request& request) {
  if (!service_) {
    if (auto begun = begin_scenario(1, std::nullopt); !begun) return Exchange{std::nullopt, begun.error()};
  }
  return Exchange{service_->handle(request), {}};
}

std::vector<std::string_view> ReferenceTarget::built_in_capabilities() const {
  // begin_scenario loads any world file itself, [faults] included.
  return {capability::kWorld, capability::kFaultInjection};
}

}  // namespace ringpool::conformance
