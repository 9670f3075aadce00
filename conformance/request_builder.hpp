// Turns a step into the request it sends: the step kind's part (step_kinds.cpp) plus what every
// request gets — extra query parameters and headers, authentication, the control token, headers
// given as "<omit>" left out, the body serialised, a JSON content type. On a live server a
// request that would change a pool, campaign or advertiser the run did not create is not built
// (NotSentToLiveTarget): every id a state-changing request addresses carries the run's prefix,
// is ${run_number}, is a pool the scenario created, or is a campaign the target file declares.
#pragma once

#include "conformance/placeholders.hpp"
#include "conformance/runner.hpp"
#include "conformance/scenario_state.hpp"
#include "conformance/step_kinds.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace ringpool::conformance {

// A header value, key or parameter given as this is not sent.
inline constexpr std::string_view kOmitValue = "<omit>";

class RequestBuilder {
 public:
  RequestBuilder(const RunOptions& options, const ScenarioState& state, const Placeholders& placeholders)
      : options_(options), state_(state), placeholders_(placeholders) {}

  // Throws PlaceholderError, MissingPrerequisite or NotSentToLiveTarget (see scenario_state.hpp).
  OutgoingRequest build(const Step& step) const;

  // For the step kinds' builders.
  const Placeholders& placeholders() const { return placeholders_; }
  const RunOptions& options() const { return options_; }
  const ScenarioState& state() const { return state_; }
  // The campaign a management step addresses: its `campaign`, else the one its pool was created
  // in, else its network's.
  std::string campaign_of(const Step& step, const NetworkContext& context) const;
  // The id_from_network a pool step addresses: its `id`, else its pool's.
  std::string pool_id_from_network(const Step& step) const;
  // name=value&... with placeholders expanded and both sides encoded.
  std::string expanded_query(const StringPairs& pairs) const;
  // One row of a Bulk request body.
  nlohmann::ordered_json bulk_row(const BulkRow& row) const;

 private:
  // Throws NotSentToLiveTarget when a state-changing management request addresses an id that is
  // not the run's own.
  void require_own_ids(const OutgoingRequest& out) const;
  bool own_id(const std::string& id) const;

  const RunOptions& options_;
  const ScenarioState& state_;
  const Placeholders& placeholders_;
};

}  // namespace ringpool::conformance
