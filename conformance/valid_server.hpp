// A drawn valid server (valid_choices.hpp) made real: the reference's default world changed as the
// draw says, the reference's policy and dialect set, its control endpoints and limits, the
// freedoms the reference cannot express around it (answer_freedoms.hpp), and the target file that
// honestly describes its world (T-5). `ringpool conform --target variant:SEED` runs it in process;
// `ringpool serve --variant SEED` serves it.
#pragma once

#include "conformance/target_description.hpp"
#include "conformance/valid_choices.hpp"

#include <functional>
#include <memory>

namespace ringpool::conformance::valid {

// Changes `world` (the default world, or one a reset loaded) as `shape` says: networks,
// campaigns, publishers, Bulk and ids of the primary network, inventory, policy and clock start.
void apply_to_world(domain::World& world, const ServerShape& shape);
// The drawn server's world of `seed` (the scenario's): the default world, changed.
std::expected<domain::World, std::string> world(const ServerShape& shape, std::uint64_t seed);
// `base` (a server's own options: tokens, clock source) with the drawn dialect, control endpoints,
// request size limit, and the world changes applied to every world a reset loads.
api::ServiceOptions service_options(const ServerShape& shape, api::ServiceOptions base);
// The target file that honestly describes the drawn world (T-5): only what it has, declared.
TargetDescription description(const ServerShape& shape);
// The description as TOML, for `serve --variant SEED` users (`--target-file`), with the drawn
// choices in a comment.
std::string description_toml(const Draw& draw);

// Requests through the drawn server's freedoms to `service` (for `serve --variant SEED`); not
// thread-safe, as the service itself (the server calls it under one lock).
std::function<api::Response(const api::Request&)> handler(api::Service& service, const ServerShape& shape, std::uint64_t seed);

}  // namespace ringpool::conformance::valid
