#include "conformance/clause_catalogue.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <set>
#include <stdexcept>

namespace ringpool::embedded {
extern const std::string_view clause_catalogue_toml;
}

namespace ringpool::conformance {

namespace {

std::string line_of(const toml::node& node, std::string_view source) {
  return fmt::format("{}:{}", source, node.source().begin.line);
}

}  // namespace

const ClauseCatalogue& ClauseCatalogue::builtin() {
  static const ClauseCatalogue catalogue = parse(embedded::clause_catalogue_toml, "conformance/clauses.toml");
  return catalogue;
}

ClauseCatalogue ClauseCatalogue::parse(std::string_view toml_text, std::string_view source) {
  toml::table root;
  try {
    root = toml::parse(toml_text, source);
  } catch (const toml::parse_error& error) {
    throw std::runtime_error(fmt::format("{}:{}: {}", source, error.source().begin.line, error.description()));
  }
  ClauseCatalogue out;
  const toml::array* entries = root["clause"].as_array();
  if (entries == nullptr) throw std::runtime_error(fmt::format("{}: expected [[clause]] entries", source));
  for (const toml::node& node : *entries) {
    const toml::table* table = node.as_table();
    if (table == nullptr) throw std::runtime_error(line_of(node, source) + ": a clause must be a table");
    Clause clause;
    clause.id = (*table)["id"].value_or(std::string{});
    clause.section = (*table)["section"].value_or(std::string{});
    clause.summary = (*table)["summary"].value_or(std::string{});
    clause.black_box = (*table)["black_box"].value_or(true);
    clause.reason = (*table)["reason"].value_or(std::string{});
    if (clause.id.empty()) throw std::runtime_error(line_of(node, source) + ": a clause needs an id");
    if (const toml::array* levels = (*table)["levels"].as_array()) {
      for (const toml::node& level : *levels) {
        auto parsed = parse_level(level.value_or(std::string_view{}));
        if (!parsed) throw std::runtime_error(line_of(level, source) + ": levels are \"doc\", \"dec\" or \"ref\"");
        clause.levels.push_back(*parsed);
      }
    }
    if (out.index_.contains(clause.id))
      throw std::runtime_error(fmt::format("{}: clause {} appears twice", line_of(node, source), clause.id));
    out.index_.emplace(clause.id, out.clauses_.size());
    out.clauses_.push_back(std::move(clause));
  }
  if (const toml::array* sentences = root["sentence"].as_array()) {
    std::set<std::string> seen;
    for (const toml::node& node : *sentences) {
      const toml::table* table = node.as_table();
      if (table == nullptr) throw std::runtime_error(line_of(node, source) + ": a sentence must be a table");
      Sentence sentence;
      sentence.id = (*table)["id"].value_or(std::string{});
      sentence.text = (*table)["text"].value_or(std::string{});
      sentence.black_box = (*table)["black_box"].value_or(true);
      sentence.reason = (*table)["reason"].value_or(std::string{});
      const auto dot = sentence.id.rfind('.');
      if (dot == std::string::npos || dot + 1 == sentence.id.size())
        throw std::runtime_error(line_of(node, source) + ": a sentence id is <clause>.<n>, e.g. \"P-4.2\"");
      sentence.clause = sentence.id.substr(0, dot);
      const Clause* clause = out.find(sentence.clause);
      if (clause == nullptr || std::find(clause->levels.begin(), clause->levels.end(), Level::Doc) == clause->levels.end())
        throw std::runtime_error(fmt::format("{}: sentence {} names no clause with a [doc] part", line_of(node, source), sentence.id));
      if (!seen.insert(sentence.id).second)
        throw std::runtime_error(fmt::format("{}: sentence {} appears twice", line_of(node, source), sentence.id));
      if (const toml::array* checked_by = (*table)["checked_by"].as_array())
        for (const toml::node& scenario : *checked_by) sentence.checked_by.push_back(scenario.value_or(std::string{}));
      out.sentences_.push_back(std::move(sentence));
    }
  }
  return out;
}

const Sentence* ClauseCatalogue::find_sentence(std::string_view id) const {
  for (const Sentence& sentence : sentences_)
    if (sentence.id == id) return &sentence;
  return nullptr;
}

const Clause* ClauseCatalogue::find(std::string_view id) const {
  auto it = index_.find(id);
  return it == index_.end() ? nullptr : &clauses_[it->second];
}

const char* coverage_name(Coverage coverage) {
  switch (coverage) {
    case Coverage::Checked: return "checked";
    case Coverage::Failed: return "failed";
    case Coverage::Unknown: return "unknown";
    case Coverage::Skipped: return "skipped";
    case Coverage::NotCovered: return "not covered";
    case Coverage::NotBlackBox: return "not black-box testable";
  }
  return "not covered";
}

std::vector<ClauseCoverage> compute_coverage(const ClauseCatalogue& catalogue, const RunResult& run) {
  std::vector<ClauseCoverage> out;
  out.reserve(catalogue.clauses().size());
  for (const Clause& clause : catalogue.clauses()) {
    ClauseCoverage entry;
    entry.clause = &clause;
    bool skipped = false;
    std::set<std::string> scenarios;
    for (const ScenarioResult& scenario : run.scenarios) {
      const bool cites = std::find(scenario.clauses.begin(), scenario.clauses.end(), clause.id) != scenario.clauses.end();
      if (cites) scenarios.insert(scenario.id);
      if (cites && scenario.outcome == Outcome::Skipped) skipped = true;
      for (const CheckResult& check : scenario.checks) {
        if (check.clause != clause.id) continue;
        scenarios.insert(scenario.id);
        if (check.outcome == Outcome::Passed) ++entry.checks_passed;
        if (check.outcome == Outcome::Failed) ++entry.checks_failed;
        if (check.outcome == Outcome::Unknown) ++entry.checks_unknown;
      }
    }
    entry.scenarios.assign(scenarios.begin(), scenarios.end());
    if (entry.checks_failed > 0) entry.coverage = Coverage::Failed;
    else if (entry.checks_unknown > 0) entry.coverage = Coverage::Unknown;
    else if (entry.checks_passed > 0) entry.coverage = Coverage::Checked;
    else if (skipped) entry.coverage = Coverage::Skipped;
    else if (!clause.black_box) entry.coverage = Coverage::NotBlackBox;
    else entry.coverage = Coverage::NotCovered;
    out.push_back(std::move(entry));
  }
  return out;
}

std::vector<SentenceCoverage> compute_sentence_coverage(const ClauseCatalogue& catalogue, const RunResult& run) {
  std::vector<SentenceCoverage> out;
  out.reserve(catalogue.sentences().size());
  for (const Sentence& sentence : catalogue.sentences()) {
    SentenceCoverage entry;
    entry.sentence = &sentence;
    bool passed = false, failed = false, unknown = false, skipped = false;
    for (const ScenarioResult& scenario : run.scenarios) {
      if (std::find(sentence.checked_by.begin(), sentence.checked_by.end(), scenario.id) == sentence.checked_by.end()) continue;
      if (scenario.outcome == Outcome::Skipped) skipped = true;
      bool checked = false;
      for (const CheckResult& check : scenario.checks) {
        if (check.clause != sentence.clause || check.level != Level::Doc) continue;
        checked = true;
        passed = passed || check.outcome == Outcome::Passed;
        failed = failed || check.outcome == Outcome::Failed;
        unknown = unknown || check.outcome == Outcome::Unknown;
      }
      if (checked) entry.scenarios.push_back(scenario.id);
    }
    if (failed) entry.coverage = Coverage::Failed;
    else if (unknown) entry.coverage = Coverage::Unknown;
    else if (passed) entry.coverage = Coverage::Checked;
    else if (skipped) entry.coverage = Coverage::Skipped;
    else if (!sentence.black_box) entry.coverage = Coverage::NotBlackBox;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace ringpool::conformance
