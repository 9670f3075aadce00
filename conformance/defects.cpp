#include "conformance/defects.hpp"

#include "conformance/clause_catalogue.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::conformance {

namespace {

// Every entry of the three tables, in spec order of their sentences (then table order).
const std::vector<const defect::Entry*>& entries() {
  static const std::vector<const defect::Entry*> all = [] {
    std::vector<const defect::Entry*> out;
    for (const auto table : {defect::management_entries(), defect::allocation_entries(), defect::bulk_entries()})
      for (const defect::Entry& entry : table) out.push_back(&entry);
    const auto rank = [](const defect::Entry* entry) {
      const auto& sentences = ClauseCatalogue::builtin().sentences();
      const auto it = std::find_if(sentences.begin(), sentences.end(), [&](const Sentence& s) { return s.id == entry->sentence; });
      return static_cast<std::size_t>(it - sentences.begin());
    };
    std::stable_sort(out.begin(), out.end(), [&](const auto* a, const auto* b) { return rank(a) < rank(b); });
    return out;
  }();
  return all;
}

const defect::Entry* find_entry(std::string_view name) {
  for (const defect::Entry* entry : entries())
    if (entry->name == name) return entry;
  for (const defect::Entry* entry : entries())
    if (entry->sentence == name) return entry;
  return nullptr;
}

}  // namespace

const std::vector<DefectInfo>& known_defects() {
  static const std::vector<DefectInfo> defects = [] {
    std::vector<DefectInfo> out;
    for (const defect::Entry* entry : entries()) {
      const std::string sentence(entry->sentence);
      out.push_back(DefectInfo{std::string(entry->name), sentence.substr(0, sentence.find('.')), std::string(entry->what), sentence});
    }
    return out;
  }();
  return defects;
}

const DefectInfo* find_defect(std::string_view name) {
  const defect::Entry* entry = find_entry(name);
  if (entry == nullptr) return nullptr;
  for (const DefectInfo& info : known_defects())
    if (info.name == entry->name) return &info;
  return nullptr;
}

DefectiveTarget::DefectiveTarget(Target& inner, std::string defect, std::string valid_token)
    : inner_(inner), name_(std::move(defect)), entry_(find_entry(name_)), valid_token_(std::move(valid_token)) {
  if (entry_ != nullptr) name_ = entry_->name;
}

DefectiveTarget::DefectiveTarget(std::unique_ptr<Target> inner, std::string defect, std::string valid_token)
    : owned_(std::move(inner)), inner_(*owned_), name_(std::move(defect)), entry_(find_entry(name_)),
      valid_token_(std::move(valid_token)) {
  if (entry_ != nullptr) name_ = entry_->name;
}

std::expected<void, std::string> DefectiveTarget::begin_scenario(std::uint64_t seed,
                                                                 const std::optional<std::string>& world_toml) {
  memory_ = defect::Memory{};
  memory_.seed = seed;
  return inner_.begin_scenario(seed, world_toml);
}

Exchange DefectiveTarget::send(ApiKind api, const api::Request& request) {
  defect::Call call{inner_, memory_, valid_token_, api, request};
  try {
    if (entry_ == nullptr || (entry_->apis & defect::api_bit(api)) == 0) return call.forward();
    memory_.last_forwarded.reset();
    memory_.request_bent = false;
    Exchange exchange = entry_->send(call);
    const auto& correct = memory_.last_forwarded;
    const bool same = !memory_.request_bent && correct && exchange.response && correct->status == exchange.response->status &&
                      correct->body == exchange.response->body && correct->headers == exchange.response->headers;
    if (!same) ++changed_;
    return exchange;
  } catch (const std::exception& error) {
    // A defect that could not read what it was sent is a bug of the defect, not of the server:
    // reported as no answer (unknown), never an abort of the whole run.
    return Exchange{std::nullopt, fmt::format("the injected defect {} failed on {} {}: {}", name_, request.method,
                                              std::string(request.path()), error.what())};
  }
}

}  // namespace ringpool::conformance
