// Mutation testing as a test: single-fault defects, at least one per [doc] sentence of the spec
// (conformance/defects*.cpp, the sentence ids of conformance/clauses.toml). Each must make the
// scenarios the catalogue says check its sentence fail on its clause, in the vendor profile, on
// every kind of target it applies to: in process, the variant, drawn valid servers (mutation on
// top of variation), a URL described by [primary] only, a URL with clock-advance. A sentence counts
// as checked against a kind of target only where its defects are caught there; README says so per
// kind, and this test keeps the line true.
#include "conformance_fixture.hpp"
#include "control_subset_target.hpp"
#include "valid_space.hpp"

#include "conformance/defects.hpp"
#include "conformance/variant_target.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

using namespace ringpool;
using namespace ringpool::conformance;

namespace mutation_testing {

constexpr const char* kMutationToken = "conformance-control";
// The drawn valid servers every defect is also tried on (where its scenarios run).
constexpr std::uint64_t kDrawnSeeds[] = {1, 2, 3, 4, 5, 6};

const ClauseCatalogue& catalogue() { return ClauseCatalogue::builtin(); }

std::vector<Scenario> scenarios_of(const Sentence& sentence) {
  std::vector<Scenario> out;
  for (const Scenario& scenario : testing::shipped_scenarios())
    if (std::find(sentence.checked_by.begin(), sentence.checked_by.end(), scenario.id) != sentence.checked_by.end())
      out.push_back(scenario);
  return out;
}

// A live server as a URL shows it: no ringpool capabilities of its own, and only the control
// endpoints listed (a vendor's).
class UrlLikeTarget final : public Target {
 public:
  UrlLikeTarget(Target& inner, std::vector<std::string> control_paths) : inner_(inner), served_(inner, std::move(control_paths)) {}
  std::string describe() const override { return "a URL"; }
  std::string base_url(ApiKind api) const override { return inner_.base_url(api); }
  std::expected<void, std::string> begin_scenario(std::uint64_t seed, const std::optional<std::string>& world) override {
    if (world) return std::unexpected("a URL loads no world files");
    return inner_.begin_scenario(seed, world);
  }
  Exchange send(ApiKind api, const api::Request& request) override { return served_.send(api, request); }
  bool begins_afresh() const override { return inner_.begins_afresh(); }

 private:
  Target& inner_;
  testing::ControlSubsetTarget served_;
};

enum class Kind { Reference, Variant, Drawn, PrimaryOnlyUrl, ClockAdvanceUrl };
constexpr Kind kKinds[] = {Kind::Reference, Kind::Variant, Kind::Drawn, Kind::PrimaryOnlyUrl, Kind::ClockAdvanceUrl};

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::Reference: return "in process";
    case Kind::Variant: return "the variant";
    case Kind::Drawn: return "the variant space";
    case Kind::PrimaryOnlyUrl: return "a URL with [primary] only";
    case Kind::ClockAdvanceUrl: return "a URL with clock-advance";
  }
  return "?";
}

// One run of `scenarios` with `defect` (or none) on one target of `kind` (`seed`: the drawn one);
// `changed`: how many answers the defect changed (none: it did not apply there).
RunResult run_on(Kind kind, const std::vector<Scenario>& scenarios, const std::string& defect, std::uint64_t seed = 0,
                 std::size_t* changed = nullptr) {
  std::unique_ptr<Target> inner;
  TargetDescription description = default_world_description();
  if (kind == Kind::Variant) {
    inner = std::make_unique<VariantTarget>(kMutationToken);
    description = variant_description();
  } else if (kind == Kind::Drawn) {
    auto drawn = std::make_unique<VariantTarget>(kMutationToken, valid::draw(seed));
    description = drawn->description();
    inner = std::move(drawn);
  } else {
    inner = std::make_unique<ReferenceTarget>(kMutationToken);
  }
  std::unique_ptr<Target> url;
  if (kind == Kind::PrimaryOnlyUrl) {
    url = std::make_unique<UrlLikeTarget>(*inner, std::vector<std::string>{});
    for (const char* table : {"second", "bulk", "tags"}) description.contexts.erase(table);
  } else if (kind == Kind::ClockAdvanceUrl) {
    url = std::make_unique<UrlLikeTarget>(*inner, std::vector<std::string>{"/_control/clock", "/_control/clock/advance"});
  }
  Target& correct = url ? *url : *inner;
  std::unique_ptr<DefectiveTarget> broken;
  if (!defect.empty()) broken = std::make_unique<DefectiveTarget>(correct, defect, description.context("primary")->token);
  Target& target = broken ? static_cast<Target&>(*broken) : correct;
  RunOptions options = testing::run_options(Profile::Vendor, target, kMutationToken);
  options.description = description;
  options.capabilities = probe_capabilities(target, description, kMutationToken);
  RunResult run = run_scenarios(target, scenarios, options);
  if (changed != nullptr) *changed = broken ? broken->answers_changed() : 0;
  return run;
}

struct Verdict {
  bool ran = false;  // a scenario of the sentence ran and the defect changed an answer there
  bool caught = false;
  std::string first_clause;  // of the first failed check
};

Verdict judge(const RunResult& run, const DefectInfo& defect, std::size_t changed) {
  Verdict out;
  for (const ScenarioResult& scenario : run.scenarios) {
    out.ran = out.ran || (scenario.outcome != Outcome::Skipped && changed > 0);
    for (const CheckResult& check : scenario.checks) {
      if (check.outcome != Outcome::Failed) continue;
      if (out.first_clause.empty()) out.first_clause = check.clause;
      out.caught = out.caught || (check.clause == defect.clause && check.level == Level::Doc);
    }
  }
  return out;
}

// Per kind: each defect caught where it runs; which sentences count as checked (every runnable
// defect of the sentence caught there, at least one runnable).
struct KindResult {
  std::size_t runnable = 0, caught = 0;
  std::size_t own_clause_first = 0;  // defects whose first failed check cites their own clause
  std::set<std::string> sentences_checked;
  std::string escapes, not_runnable, first_elsewhere;
};

KindResult run_kind(Kind kind) {
  KindResult out;
  std::map<std::string, std::pair<bool, bool>> sentence;  // id -> (a defect ran, every runnable one caught)
  for (const DefectInfo& defect : known_defects()) {
    const Sentence* catalogued = catalogue().find_sentence(defect.sentence);
    BOOST_REQUIRE_MESSAGE(catalogued != nullptr, defect.name << ": no sentence " << defect.sentence);
    const std::vector<Scenario> scenarios = scenarios_of(*catalogued);
    std::vector<std::uint64_t> seeds = {0};
    if (kind == Kind::Drawn) seeds.assign(std::begin(kDrawnSeeds), std::end(kDrawnSeeds));
    bool ran = false, caught_everywhere = true;
    for (std::uint64_t seed : seeds) {
      std::size_t changed = 0;
      const RunResult run = run_on(kind, scenarios, defect.name, seed, &changed);
      const Verdict verdict = judge(run, defect, changed);
      if (!verdict.ran) continue;
      ran = true;
      if (verdict.caught && seed == seeds.front()) {
        if (verdict.first_clause == defect.clause) ++out.own_clause_first;
        else out.first_elsewhere += fmt::format(" {} (first: {})", defect.name, verdict.first_clause);
      }
      if (!verdict.caught) {
        caught_everywhere = false;
        out.escapes += fmt::format("{} {}{}: first failure {}\n", defect.sentence, defect.name,
                                   kind == Kind::Drawn ? fmt::format(" (variant:{})", seed) : "", verdict.first_clause.empty() ? "none" : verdict.first_clause);
      }
    }
    auto& [any, all] = sentence.try_emplace(defect.sentence, false, true).first->second;
    if (!ran) {
      out.not_runnable += " " + defect.name;
      continue;
    }
    ++out.runnable;
    if (caught_everywhere) ++out.caught;
    any = true;
    all = all && caught_everywhere;
  }
  for (const auto& [id, verdict] : sentence)
    if (verdict.first && verdict.second) out.sentences_checked.insert(id);
  return out;
}

std::size_t black_box_sentences() {
  return static_cast<std::size_t>(std::ranges::count_if(catalogue().sentences(), [](const Sentence& s) { return s.black_box; }));
}

}  // namespace mutation_testing

BOOST_AUTO_TEST_SUITE(mutation)

BOOST_AUTO_TEST_CASE(every_doc_sentence_has_a_defect_and_scenarios_that_check_it) {
  std::set<std::string> sentences;
  for (const DefectInfo& defect : known_defects()) {
    const Sentence* sentence = mutation_testing::catalogue().find_sentence(defect.sentence);
    BOOST_TEST_REQUIRE(sentence != nullptr, defect.name << ": unknown sentence " << defect.sentence);
    BOOST_TEST(sentence->clause == defect.clause, defect.name);
    sentences.insert(defect.sentence);
  }
  std::set<std::string> shipped;
  for (const Scenario& scenario : testing::shipped_scenarios())
    if (scenario.profile == Profile::Vendor) shipped.insert(scenario.id);
  for (const Sentence& sentence : mutation_testing::catalogue().sentences()) {
    BOOST_TEST_CONTEXT("sentence " << sentence.id) {
      if (!sentence.black_box) {
        BOOST_TEST(!sentence.reason.empty());
        continue;
      }
      BOOST_TEST(sentences.contains(sentence.id), "no defect breaks it");
      BOOST_TEST(!sentence.checked_by.empty(), "no scenario checks it");
      for (const std::string& id : sentence.checked_by)
        BOOST_TEST(shipped.contains(id), id << " is not a shipped vendor-profile scenario");
    }
  }
}

BOOST_AUTO_TEST_CASE(every_doc_sentence_is_checked_in_the_vendor_profile_on_the_reference) {
  const RunResult run = mutation_testing::run_on(mutation_testing::Kind::Reference, testing::shipped_scenarios(), "");
  BOOST_TEST(run.summary().failed == 0u, testing::problems_of(run));
  for (const SentenceCoverage& entry : compute_sentence_coverage(mutation_testing::catalogue(), run)) {
    if (!entry.sentence->black_box) continue;
    if (entry.coverage != Coverage::Checked)
      BOOST_ERROR(entry.sentence->id << " is " << coverage_name(entry.coverage) << " in the vendor profile");
    BOOST_TEST(entry.scenarios.size() == entry.sentence->checked_by.size(), entry.sentence->id);
  }
}

// Every defect caught on its clause wherever it runs, per kind of target; the kill rates, and
// README's coverage line per kind.
BOOST_AUTO_TEST_CASE(every_defect_is_caught_on_every_kind_of_target_and_the_readme_says_so) {
  using namespace mutation_testing;
  std::string line = "Coverage (a [doc] sentence counts as checked against a kind of target where its defects are caught there):";
  const std::size_t total = black_box_sentences();
  std::string separator = " ";
  std::map<std::string, std::string> by_sentence;  // sentence -> the kinds that check it
  for (Kind kind : kKinds) {
    const KindResult result = run_kind(kind);
    for (const std::string& id : result.sentences_checked) by_sentence[id] += fmt::format("{}{}", by_sentence[id].empty() ? "" : ", ", kind_name(kind));
    std::cout << fmt::format("  {}: the first failed check cites the defect's own clause for {} of {} defects;{}\n", kind_name(kind),
                             result.own_clause_first, result.caught, result.first_elsewhere.empty() ? " all" : result.first_elsewhere);
    std::cout << fmt::format("mutation testing, {}: {} of {} runnable defects caught on their clause (kill rate {:.1f} %); {} of {} "
                             "sentences checked; not runnable:{}\n",
                             kind_name(kind), result.caught, result.runnable,
                             result.runnable == 0 ? 0.0 : 100.0 * static_cast<double>(result.caught) / static_cast<double>(result.runnable),
                             result.sentences_checked.size(), total, result.not_runnable.empty() ? " none" : result.not_runnable);
    BOOST_TEST(result.escapes.empty(), "escapes on " << kind_name(kind) << ":\n" << result.escapes);
    if (kind == Kind::Reference) BOOST_TEST(result.sentences_checked.size() == total, "in process every sentence is checked");
    if (kind == Kind::Variant) continue;  // one point of the space; README states the space
    line += fmt::format("{}{} {}/{}", separator, kind_name(kind), result.sentences_checked.size(), total);
    separator = "; ";
  }
  line += ".";
  std::cout << "sentences checked, by kind of target:\n";
  for (const Sentence& sentence : catalogue().sentences())
    if (sentence.black_box) std::cout << fmt::format("  {:<7} {}\n", sentence.id, by_sentence.contains(sentence.id) ? by_sentence[sentence.id] : "none");
  std::ifstream readme("README.md");
  std::stringstream text;
  text << readme.rdbuf();
  BOOST_TEST(text.str().find(line) != std::string::npos, "README.md lacks the line: " << line);
}

BOOST_AUTO_TEST_SUITE_END()
