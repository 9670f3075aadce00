// Mutation testing as a test: one single-fault defect per [doc] sentence of the spec
// (conformance/defects.cpp, the sentence ids of conformance/clauses.toml). Each must make the
// scenarios that the catalogue says check its sentence fail on its clause, in the vendor profile,
// on the reference and on the variant target; the kill rate is printed.
#include "conformance_fixture.hpp"
#include "conformance/defects.hpp"
#include "conformance/variant_target.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

using namespace ringpool;
using namespace ringpool::conformance;

namespace mutation_testing {

constexpr const char* kToken = "conformance-control";

const ClauseCatalogue& catalogue() { return ClauseCatalogue::builtin(); }

std::vector<Scenario> scenarios_of(const Sentence& sentence) {
  std::vector<Scenario> out;
  for (const Scenario& scenario : testing::shipped_scenarios())
    if (std::find(sentence.checked_by.begin(), sentence.checked_by.end(), scenario.id) != sentence.checked_by.end())
      out.push_back(scenario);
  return out;
}

enum class Kind { Reference, Variant };

RunResult run_on(Kind kind, const std::vector<Scenario>& scenarios, const std::string& defect) {
  ReferenceTarget reference(kToken);
  VariantTarget variant(kToken);
  Target& inner = kind == Kind::Reference ? static_cast<Target&>(reference) : static_cast<Target&>(variant);
  const TargetDescription description = kind == Kind::Reference ? default_world_description() : variant_description();
  std::unique_ptr<DefectiveTarget> broken;
  if (!defect.empty()) broken = std::make_unique<DefectiveTarget>(inner, defect, description.context("primary")->token);
  Target& target = broken ? static_cast<Target&>(*broken) : inner;
  RunOptions options = testing::run_options(Profile::Vendor, target, kToken);
  options.description = description;
  options.capabilities = probe_capabilities(target, description, kToken);
  return run_scenarios(target, scenarios, options);
}

// Runs every defect against the scenarios that check its sentence; reports escapes and the kill
// rate. A defect whose scenarios all need a capability the target lacks is not runnable there.
void check_every_defect_is_caught(Kind kind) {
  const char* name = kind == Kind::Reference ? "reference" : "variant";
  std::size_t caught = 0, runnable = 0;
  std::string escapes, not_runnable;
  for (const DefectInfo& defect : known_defects()) {
    const Sentence* sentence = catalogue().find_sentence(defect.sentence);
    BOOST_REQUIRE_MESSAGE(sentence != nullptr, defect.name << ": no sentence " << defect.sentence);
    const RunResult run = run_on(kind, scenarios_of(*sentence), defect.name);
    bool ran = false, hit = false;
    for (const ScenarioResult& scenario : run.scenarios) {
      ran = ran || scenario.outcome != Outcome::Skipped;
      for (const CheckResult& check : scenario.checks)
        hit = hit || (check.outcome == Outcome::Failed && check.clause == defect.clause && check.level == Level::Doc);
    }
    if (!ran) {
      not_runnable += " " + defect.sentence;
      continue;
    }
    ++runnable;
    if (hit) ++caught;
    else escapes += defect.sentence + " " + defect.name + ": failed clauses " + [&] {
      std::string out;
      for (const std::string& clause : testing::failed_clauses(run)) out += clause + " ";
      return out;
    }() + "\n";
  }
  std::cout << fmt::format("mutation testing on the {}: {} of {} runnable defects caught on their clause (kill rate {:.1f} %); "
                           "not runnable (capability missing):{}\n",
                           name, caught, runnable, runnable == 0 ? 0.0 : 100.0 * static_cast<double>(caught) / static_cast<double>(runnable),
                           not_runnable.empty() ? " none" : not_runnable);
  BOOST_TEST(escapes.empty(), "escapes on the " << name << ":\n" << escapes);
  BOOST_TEST(runnable > 0u);
}

}  // namespace mutation_testing



BOOST_AUTO_TEST_SUITE(mutation)

BOOST_AUTO_TEST_CASE(every_doc_sentence_has_one_defect_and_scenarios_that_check_it) {
  BOOST_TEST(known_defects().size() >= 40u);
  std::set<std::string> names, sentences;
  for (const DefectInfo& defect : known_defects()) {
    BOOST_TEST(names.insert(defect.name).second, "defect named twice: " << defect.name);
    BOOST_TEST(sentences.insert(defect.sentence).second, "sentence with two defects: " << defect.sentence);
    const Sentence* sentence = mutation_testing::catalogue().find_sentence(defect.sentence);
    BOOST_TEST_REQUIRE(sentence != nullptr, defect.name << ": unknown sentence " << defect.sentence);
    BOOST_TEST(sentence->clause == defect.clause, defect.name);
    BOOST_TEST(find_defect(defect.sentence) == &defect);
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

BOOST_AUTO_TEST_CASE(every_doc_sentence_is_checked_in_the_vendor_profile_and_the_readme_says_so) {
  const RunResult run = mutation_testing::run_on(mutation_testing::Kind::Reference, testing::shipped_scenarios(), "");
  BOOST_TEST(run.summary().failed == 0u, testing::problems_of(run));
  std::size_t checked = 0, testable = 0;
  for (const SentenceCoverage& entry : compute_sentence_coverage(mutation_testing::catalogue(), run)) {
    if (!entry.sentence->black_box) continue;
    ++testable;
    if (entry.coverage == Coverage::Checked) ++checked;
    else BOOST_ERROR(entry.sentence->id << " is " << coverage_name(entry.coverage) << " in the vendor profile");
    // Every scenario the catalogue names checks the sentence's clause at [doc] level.
    BOOST_TEST(entry.scenarios.size() == entry.sentence->checked_by.size(), entry.sentence->id);
  }
  BOOST_TEST(checked == testable, "every black-box [doc] sentence is checked in the vendor profile");
  std::ifstream readme("README.md");
  std::stringstream text;
  text << readme.rdbuf();
  const std::string line = fmt::format("Coverage: {}/{} [doc] sentences checked in the vendor profile", checked,
                                       mutation_testing::catalogue().sentences().size());
  BOOST_TEST(text.str().find(line) != std::string::npos, "README.md lacks the line: " << line);
}

BOOST_AUTO_TEST_CASE(every_defect_is_caught_on_its_clause_on_the_reference) { mutation_testing::check_every_defect_is_caught(mutation_testing::Kind::Reference); }

BOOST_AUTO_TEST_CASE(every_defect_is_caught_on_its_clause_on_the_variant) { mutation_testing::check_every_defect_is_caught(mutation_testing::Kind::Variant); }

BOOST_AUTO_TEST_SUITE_END()
