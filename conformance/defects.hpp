// Deliberately broken targets (mutation testing): a decorator that bends a correct target's
// answers so that exactly one [doc] sentence of the spec is violated, one defect per sentence of
// the clause catalogue. The suite must catch every one (a suite that passes a broken server is
// worse than none); `ringpool conform --inject-defect NAME` shows it by hand.
#pragma once

#include "conformance/target.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ringpool::conformance {

struct DefectInfo {
  std::string name;      // "lease-reuse"
  std::string clause;    // the [doc] clause it breaks: "P-1"
  std::string what;      // one line for --help and reports
  std::string sentence;  // the [doc] sentence it breaks (clauses.toml [[sentence]]): "P-1.2"
};

// Every defect the decorator knows, in spec order of their sentences.
const std::vector<DefectInfo>& known_defects();
// By name ("lease-reuse") or by sentence id ("P-1.2").
const DefectInfo* find_defect(std::string_view name);

// A correct target with one defect. It keeps what it learnt in the current scenario (pool keys,
// the numbers each pool answered, whether the clock moved) to break the sentence only where it
// applies, so that the rest of the server stays correct.
class DefectiveTarget final : public Target {
 public:
  // `defect`: a name or sentence id of known_defects(). `valid_token`: a token the wrapped target
  // accepts (auth-ignored re-sends with it).
  DefectiveTarget(Target& inner, std::string defect, std::string valid_token);
  // The same, owning the target it breaks (for factories that make one target per worker).
  DefectiveTarget(std::unique_ptr<Target> inner, std::string defect, std::string valid_token);

  std::string describe() const override { return inner_.describe() + " with defect " + defect_; }
  std::string base_url(ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                  const std::optional<std::string>& world_toml) override;
  Exchange send(ApiKind api, const api::Request& request) override;
  std::vector<std::string_view> built_in_capabilities() const override { return inner_.built_in_capabilities(); }
  bool begins_afresh() const override { return inner_.begins_afresh(); }

 private:
  // What one pool has answered in this scenario (by the allocation API's pool id).
  struct PoolMemory {
    std::string first_number;                // its first answer
    std::size_t answers = 0;
    std::set<std::string> since_advance;     // numbers answered since the clock last moved
    bool advanced_since_first = false;       // the clock moved after its first answer
    bool early_reuse_done = false;           // lease-ends-early: broke it once already
    std::size_t invented = 0;                // pool-exceeds-max-size: numbers made up so far
  };

  Exchange send_management(const api::Request& request);
  Exchange send_allocation(const api::Request& request);
  Exchange send_bulk(const api::Request& request);
  void learn_pools(const api::Response& response, const std::string& request_body);
  std::string invented_number();
  void forget();  // what the scenario so far taught it: pools, keys, leases

  std::unique_ptr<Target> owned_;  // empty when the caller owns inner_
  Target& inner_;
  std::string defect_;
  std::string valid_token_;
  std::set<std::string> deleted_;            // delete-twice-404: pool paths deleted once
  std::set<std::string> created_;            // create-not-idempotent: base + id_from_network
  std::map<std::string, std::string> keys_;          // pool id -> api_key, from management answers
  std::map<std::string, std::string> forged_keys_;  // api-key-settable: pool id -> the key a body set
  std::set<std::string> fill_immediately_;           // pool ids created with fill_immediately
  std::set<std::string> local_;                      // pool ids created with a local_center
  std::set<std::string> local_wait_;                 // local pool ids with the Wait strategy
  std::map<std::string, PoolMemory> pools_;
  std::size_t invented_ = 0;
};

}  // namespace ringpool::conformance
