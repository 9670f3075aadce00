// Deliberately broken targets: a decorator that bends a correct target's answers so that exactly
// one [doc] clause is violated. The suite must catch every one of them (a suite that passes a
// broken server is worse than none); `ringpool conform --inject-defect NAME` shows it by hand.
#pragma once

#include "conformance/target.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ringpool::conformance {

struct DefectInfo {
  std::string name;    // "lease-reuse"
  std::string clause;  // the [doc] clause it breaks
  std::string what;    // one line for --help and reports
};

// Every defect the decorator knows, in a stable order.
const std::vector<DefectInfo>& known_defects();
const DefectInfo* find_defect(std::string_view name);

class DefectiveTarget final : public Target {
 public:
  // `valid_token`: a token the wrapped target accepts (auth-ignored re-sends with it).
  DefectiveTarget(Target& inner, std::string defect, std::string valid_token);

  std::string describe() const override { return inner_.describe() + " with defect " + defect_; }
  std::string base_url(ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed,
                                                  const std::optional<std::string>& world_toml) override;
  Exchange send(ApiKind api, const api::Request& request) override;
  std::vector<std::string_view> built_in_capabilities() const override { return inner_.built_in_capabilities(); }

 private:
  Target& inner_;
  std::string defect_;
  std::string valid_token_;
  std::set<std::string> deleted_;            // delete-twice-404: pool paths deleted once
  std::set<std::string> created_;            // create-not-idempotent: base + id_from_network
  std::map<std::string, std::string> first_number_;  // lease-reuse: pool id -> first promo number
};

}  // namespace ringpool::conformance
