// `ringpool check --differential` (issue 10): every request goes to a live ringpool server and to
// an in-process reference started from the same world, seed and clock, and the two answers must
// be the same (T-2 [dec]: same seed, world and inputs give the same responses, byte for byte).
#pragma once

#include "conformance/capabilities.hpp"
#include "conformance/reference_target.hpp"
#include "conformance/target.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace ringpool::conformance::property {

// Headers that legitimately differ between a server on a socket and the in-process reference:
// the transport's own (Server, Date, Content-Length, Connection, Keep-Alive, Transfer-Encoding)
// are not compared at all; `processing-time` (B-10, wall time, which T-2 excepts) must be present
// in both or neither, whatever its value. Every other header, the status, the Content-Type and
// the body byte for byte must be equal. Empty when the answers agree, else what differs.
std::string answer_difference(const api::Response& live, const api::Response& reference);

// Empty when a live target with `capabilities` can be compared with the reference; else why not,
// naming the first capability it lacks: `reset` and `world` (both sides start each run from the
// same world file and seed) and `clock` (both clocks read the same instant after a reset).
std::string differential_unsupported(const Capabilities& capabilities);

// The first request of a run whose two answers differed.
struct Divergence {
  std::size_t request = 0;  // 1-based, among the run's requests
  std::string request_line;  // "POST /api/..." (redacted)
  std::string difference;    // what differs (answer_difference)
  std::string live, reference;  // both answers: status, headers compared, body (redacted, cut at 2 KB)

  // Several lines: the request, what differs, both answers.
  std::string describe() const;
};

// Both targets, in step: begin_scenario with a world resets the live server through the control
// API (so it needs `reset` and `world`) and builds the same world with the same seed in process;
// begin_scenario without a world leaves both as they are. Each request goes to the live server
// first, then to the reference (control requests too, so both clocks advance together); the live
// answer is what the runner sees and judges. The first difference of a run is kept for
// take_divergence(), which run_once asks after each run.
class DifferentialTarget final : public Target {
 public:
  // `redact` removes secrets (tokens) from what a divergence quotes.
  DifferentialTarget(std::unique_ptr<Target> live, std::string control_token,
                     std::function<std::string(std::string)> redact);

  std::string describe() const override;
  std::string base_url(ApiKind api) const override { return live_->base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                  const std::optional<std::string>& world_toml) override;
  Exchange send(ApiKind api, const api::Request& request) override;
  std::vector<std::string_view> built_in_capabilities() const override { return live_->built_in_capabilities(); }

  // The run's first divergence (and forgets it).
  std::optional<Divergence> take_divergence();

 private:
  std::unique_ptr<Target> live_;
  ReferenceTarget reference_;
  std::string control_token_;
  std::function<std::string(std::string)> redact_;
  bool reference_begun_ = false;
  std::size_t requests_ = 0;
  std::optional<Divergence> divergence_;
};

}  // namespace ringpool::conformance::property
