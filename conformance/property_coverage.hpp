// Coverage goals of `ringpool check` ("sometimes" assertions, issue 10): things the generated
// traffic must make happen at least once in a whole check run (an overflow answered, a number
// handed out again after its lease ended, ...). A goal never reached is a failure of the
// generators, not a pass. CoverageObserver hears every exchange of a run to see them. Goals are
// outcomes every valid server shows (a wrong token refused, a Bulk row without parameters
// refused), keyed to the [doc] sentence, not to the reference's class names: a vendor that answers
// in its own [dec] form reaches them too.
#pragma once

#include "conformance/property_commands.hpp"
#include "conformance/runner.hpp"

#include <array>
#include <map>
#include <set>
#include <span>
#include <string>
#include <string_view>

namespace ringpool::conformance::property {

struct CoverageGoal {
  std::string_view name;    // "overflow-answered"
  std::string_view clause;  // the clause it exercises, for reports
  std::string_view what;    // one line
};
// Every goal, in report order.
std::span<const CoverageGoal> coverage_goals();
// Why no run can reach `goal` against a target with these limits (the commands it needs are off:
// "needs clock-advance"), or empty. Such a goal is reported as off, never as unmet.
std::string_view goal_out_of_reach(std::string_view goal, const GeneratorLimits& limits);

// How often each goal was reached (by name), and every error class seen.
struct Coverage {
  std::map<std::string, std::size_t> reached;
  std::map<std::string, std::size_t> error_classes;
  void merge(const Coverage& other);
  bool met(std::string_view goal) const;
};

// Hears every exchange of a run, the clean-up's included (a listener of run_scenarios, reading
// the answers the runner read) and notes which goals it reached. A new scenario starts with nothing seen but the
// coverage so far.
class CoverageObserver final : public RunListener {
 public:
  // `bulk_advertiser`: the [bulk] table's advertiser, whose pools are bulk-served (B-8).
  explicit CoverageObserver(std::string bulk_advertiser = "adv-bulk") : bulk_advertiser_(std::move(bulk_advertiser)) {}
  void scenario_started(const Scenario&, std::size_t, std::size_t) override;
  void exchanged(ApiKind api, const api::Request& request, const ResponseView& view) override;

  const Coverage& coverage() const { return coverage_; }

 private:
  struct PoolSeen {
    std::int64_t max_pool_size = 0;
    bool fill_immediately = true;
    bool allow_overflow = true;
    bool bulk_served = false;   // created under the bulk advertiser
    bool other_type = false;    // a world pool of another type than Custom (check-bulk-type-*)
    std::map<std::string, int> segment_of;  // number -> last segment it was answered in
    std::set<std::string> repeated;         // answered twice in one segment: the overflow number
    std::set<std::string> numbers;          // every number answered
  };
  void note(std::string_view goal) { ++coverage_.reached[std::string(goal)]; }
  void note_number(const std::string& pool_id, const std::string& number, bool flagged_overflow);
  void note_management(const api::Request& request, const ResponseView& view, bool success);
  void note_bulk(const api::Request& request, const ResponseView& view);

  std::string bulk_advertiser_;

  Coverage coverage_;
  std::map<std::string, PoolSeen> pools_;              // by legacy pool id (a string id without quotes)
  std::map<std::string, std::int64_t> max_by_path_;    // management path -> max_pool_size it was given
  std::map<std::string, double> local_since_;       // local pool id -> clock (advanced seconds) of its local_center
  int segment_ = 0;
  double advanced_seconds_ = 0;
};

}  // namespace ringpool::conformance::property
