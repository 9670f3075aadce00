// Deliberately broken targets (mutation testing): a decorator that bends a correct target's
// answers so that exactly one [doc] sentence of the spec is violated. Every sentence has at least
// one defect (the lease and overflow sentences several, each handing out a different wrong
// number); the suite must catch every one (a suite that passes a broken server is worse than
// none). `ringpool conform --inject-defect NAME` shows it by hand. The defects themselves are a
// table keyed by sentence id, one decorator each, in defects_management.cpp,
// defects_allocation.cpp and defects_bulk.cpp.
#pragma once

#include "conformance/defect_kit.hpp"
#include "conformance/target.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance {

struct DefectInfo {
  std::string name;      // "lease-reuse"
  std::string clause;    // the [doc] clause it breaks: "P-1"
  std::string what;      // one line for --help and reports
  std::string sentence;  // the [doc] sentence it breaks (clauses.toml [[sentence]]): "P-1.2"
};

// Every defect, in spec order of their sentences.
const std::vector<DefectInfo>& known_defects();
// By name ("lease-reuse") or by sentence id ("P-1.2": its first defect).
const DefectInfo* find_defect(std::string_view name);

// A correct target with one defect. It keeps what it learnt in the current scenario (pool keys,
// the numbers each pool answered and when, the clock) to break the sentence only where it
// applies, so that the rest of the server stays correct. A defect that cannot read an answer
// never aborts the run: the exchange comes back without a response (an unknown result).
class DefectiveTarget final : public Target {
 public:
  // `defect`: a name or sentence id of known_defects(). `valid_token`: a token the wrapped target
  // accepts (auth-ignored re-sends with it).
  DefectiveTarget(Target& inner, std::string defect, std::string valid_token);
  // The same, owning the target it breaks (for factories that make one target per worker).
  DefectiveTarget(std::unique_ptr<Target> inner, std::string defect, std::string valid_token);

  std::string describe() const override { return inner_.describe() + " with defect " + name_; }
  std::string base_url(ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                  const std::optional<std::string>& world_toml) override;
  Exchange send(ApiKind api, const api::Request& request) override;
  std::vector<std::string_view> built_in_capabilities() const override { return inner_.built_in_capabilities(); }
  bool begins_afresh() const override { return inner_.begins_afresh(); }

  // How many answers the defect changed so far (an answer of its own, or the correct one bent):
  // zero means it did not apply to what was sent (a server that refuses what the defect bends).
  std::size_t answers_changed() const { return changed_; }

 private:
  std::unique_ptr<Target> owned_;  // empty when the caller owns inner_
  Target& inner_;
  std::string name_;
  const defect::Entry* entry_ = nullptr;  // null: an unknown name (nothing is bent)
  std::string valid_token_;
  defect::Memory memory_;
  std::size_t changed_ = 0;
};

}  // namespace ringpool::conformance
