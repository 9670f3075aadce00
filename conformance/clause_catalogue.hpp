// The spec's clauses as data (conformance/clauses.toml, compiled into the binary): checks,
// scenarios and reports cite clauses by id, and the coverage matrix is computed from this list.
#pragma once

#include "conformance/results.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ringpool::conformance {

struct Clause {
  std::string id;       // "A-4"
  std::string section;  // "3. Legacy allocation API"
  std::vector<Level> levels;
  std::string summary;
  bool black_box = true;  // false: nothing of it is observable from outside a server
  std::string reason;     // why not black-box testable
};

// One [doc] sentence of a clause (clauses.toml [[sentence]]): "P-4.2" is the second [doc]
// sentence of P-4. `checked_by` names the scenarios that check it in the vendor profile; the
// defect of the same id breaks exactly it.
struct Sentence {
  std::string id;      // "P-4.2"
  std::string clause;  // "P-4"
  std::string text;
  std::vector<std::string> checked_by;  // scenario ids
  bool black_box = true;
  std::string reason;  // why not black-box testable
};

class ClauseCatalogue {
 public:
  // The catalogue compiled into the binary.
  static const ClauseCatalogue& builtin();
  // Parses a catalogue; throws std::runtime_error naming the line on bad input.
  static ClauseCatalogue parse(std::string_view toml_text, std::string_view source);

  const std::vector<Clause>& clauses() const { return clauses_; }  // in spec order
  const Clause* find(std::string_view id) const;
  const std::vector<Sentence>& sentences() const { return sentences_; }  // in spec order
  const Sentence* find_sentence(std::string_view id) const;

 private:
  std::vector<Clause> clauses_;
  std::vector<Sentence> sentences_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

// Per-clause status in the coverage matrix.
enum class Coverage { Checked, Failed, Unknown, Skipped, NotCovered, NotBlackBox };
const char* coverage_name(Coverage coverage);  // "checked", "failed", "unknown", "skipped", "not covered", "not black-box testable"

struct ClauseCoverage {
  const Clause* clause = nullptr;
  Coverage coverage = Coverage::NotCovered;
  std::size_t checks_passed = 0, checks_failed = 0, checks_unknown = 0;
  std::vector<std::string> scenarios;  // ids of scenarios citing it (sorted, unique)
};

// Failed beats unknown beats checked (a passed check) beats skipped beats not covered; a clause
// that is not black-box testable and no scenario checked says so.
std::vector<ClauseCoverage> compute_coverage(const ClauseCatalogue& catalogue, const RunResult& run);

// Per [doc] sentence: checked when one of its checked_by scenarios ran in this run and passed a
// [doc] check of its clause; failed/unknown as for clauses; a sentence no scenario is listed for
// is not covered: a gap.
struct SentenceCoverage {
  const Sentence* sentence = nullptr;
  Coverage coverage = Coverage::NotCovered;
  std::vector<std::string> scenarios;  // its checked_by scenarios that ran and checked it
};
std::vector<SentenceCoverage> compute_sentence_coverage(const ClauseCatalogue& catalogue, const RunResult& run);

}  // namespace ringpool::conformance
