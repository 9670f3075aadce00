#include "conformance/world_facts.hpp"

#include "conformance/step_kinds.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace ringpool::conformance {

namespace {

// Every text a step sends, where placeholders such as ${affiliate} may stand.
std::vector<std::string> sent_texts(const Step& step) {
  std::vector<std::string> out = {step.path, step.campaign};
  if (step.body_text) out.push_back(*step.body_text);
  if (step.body_json) out.push_back(step.body_json->dump());
  for (const auto& [name, value] : step.params) out.insert(out.end(), {name, value});
  for (const auto& [name, value] : step.query) out.insert(out.end(), {name, value});
  for (const auto& [name, value] : step.headers) out.insert(out.end(), {name, value});
  for (const auto* optional : {&step.id, &step.pool_id, &step.key, &step.version})
    if (*optional) out.push_back(**optional);
  for (const BulkRow& row : step.rows) {
    for (const auto& [name, value] : row.params) out.insert(out.end(), {name, value});
    for (const auto* optional : {&row.key, &row.suffix})
      if (*optional) out.push_back(**optional);
    if (row.raw) out.push_back(row.raw->dump());
  }
  return out;
}

bool mentions(const std::vector<std::string>& texts, const std::string& placeholder) {
  return std::ranges::any_of(texts, [&](const std::string& text) { return text.find(placeholder) != std::string::npos; });
}

// The contexts whose `field` the texts name: ${field} is the step's own network, ${ctx.field} another's.
std::vector<std::string> contexts_naming(const std::vector<std::string>& texts, std::string_view field, const Step& step) {
  std::vector<std::string> out;
  if (mentions(texts, fmt::format("${{{}}}", field))) out.push_back(step.context);
  for (const char* context : {"primary", "second", "bulk", "tags"})
    if (mentions(texts, fmt::format("${{{}.{}}}", context, field))) out.emplace_back(context);
  return out;
}

// A write the step expects to be taken at [doc] level (no status, or only 2xx ones, and not
// `expect_success = false`): only such writes count toward what a scenario's pools may hold.
bool expects_acceptance(const Step& step) {
  const Expectation* status = step.expect.doc.find("status");
  if (status == nullptr) return step.expect_success_by_default;
  const auto& codes = std::get<std::vector<int>>(status->value);
  return std::ranges::all_of(codes, [](int code) { return code >= 200 && code < 300; });
}

// A legacy allocation the scenario expects refused as a Bulk-only pool's relies on no
// legacy serving.
bool expects_bulk_only(const Step& step) {
  const Expectation* error_class = step.expect.doc.find("class");
  return error_class != nullptr && std::get<std::string>(error_class->value) == "OnlyBulkNumberAllocationAllowed";
}

// A destination sent without an obfuscated_tag_id (top level or in js_tag): a network with tag
// destinations refuses it (M-15).
bool sends_untagged_destination(const Step& step) {
  if (!step.body_json || !step.body_json->is_object() || !step.body_json->contains("destination_phone_number")) return false;
  const nlohmann::json& body = *step.body_json;
  const bool tagged = body.contains("obfuscated_tag_id") ||
                      (body.contains("js_tag") && body["js_tag"].is_object() && body["js_tag"].contains("obfuscated_tag_id"));
  return !tagged;
}

bool expects_refusal(const Step& step) {
  const Expectation* status = step.expect.doc.find("status");
  if (status == nullptr) return !step.expect_success_by_default;
  const auto& codes = std::get<std::vector<int>>(status->value);
  return std::ranges::all_of(codes, [](int code) { return code >= 400; });
}

// max_pool_size as a body gives it (an integer, or a string of digits: C-1), else `fallback`.
std::int64_t max_pool_size_of(const Step& step, std::int64_t fallback) {
  if (!step.body_json || !step.body_json->is_object() || !step.body_json->contains("max_pool_size")) return fallback;
  const nlohmann::json& value = (*step.body_json)["max_pool_size"];
  if (value.is_number_integer()) return value.get<std::int64_t>();
  if (value.is_string()) {
    const std::string text = value.get<std::string>();
    if (!text.empty() && text.size() < 9 && text.find_first_not_of("0123456789") == std::string::npos) return std::stoll(text);
  }
  return fallback;
}

class NeedList {
 public:
  void add(WorldFact fact, const std::string& context, std::int64_t amount, const std::string& why) {
    for (FactNeed& need : needs_)
      if (need.fact == fact && need.context == context) {
        if (amount > need.amount) {
          need.amount = amount;
          need.why = why;
        }
        return;
      }
    needs_.push_back(FactNeed{fact, context, amount, why});
  }
  std::vector<FactNeed> take() { return std::move(needs_); }

 private:
  std::vector<FactNeed> needs_;
};

}  // namespace

bool network_bulk_enabled(const TargetDescription& description, std::string_view context) {
  const NetworkContext* table = description.context(context);
  if (table == nullptr) return false;
  return std::ranges::any_of(description.contexts, [&](const auto& entry) {
    return entry.second.network == table->network && entry.second.bulk_enabled;
  });
}

// What the scenario's pools may hold at once, per context (W-3, T-5): a pool filled at creation or
// allocated from may hold max_pool_size numbers and an overflow number (P-4 [doc]); one that is
// neither holds its initial fill, at most 10 % of max_pool_size and the overflow number (P-6).
class HeldNumbers {
 public:
  void sized(const Step& step, const std::string& context) {
    Pool& pool = pools_[step.alias];
    if (pool.context.empty()) pool.context = context;
    pool.max_pool_size = std::max(pool.max_pool_size, max_pool_size_of(step, pool.max_pool_size));
    const bool fill = step.body_json && step.body_json->is_object() && step.body_json->contains("fill_immediately") &&
                      (*step.body_json)["fill_immediately"] != false && (*step.body_json)["fill_immediately"] != "false";
    pool.used = pool.used || fill;
    if (pool.max_pool_size > largest_) {
      largest_ = pool.max_pool_size;
      why_ = step.title;
    }
  }
  void used(const std::string& alias) {
    if (auto it = pools_.find(alias); it != pools_.end()) it->second.used = true;
  }
  void add_needs(NeedList& needs) const {
    std::map<std::string, std::int64_t> by_context;
    for (const auto& [alias, pool] : pools_)
      by_context[pool.context] += (pool.used ? pool.max_pool_size : (pool.max_pool_size + 9) / 10) + 1;
    for (const auto& [context, amount] : by_context) needs.add(WorldFact::Numbers, context, amount, why_);
  }
  std::int64_t total(const std::string& context) const {
    std::int64_t out = 0;
    for (const auto& [alias, pool] : pools_)
      if (pool.context == context) out += pool.max_pool_size + 1;
    return out;
  }

 private:
  struct Pool {
    std::string context;
    std::int64_t max_pool_size = 2;  // the documents' default when none is given
    bool used = false;
  };
  std::map<std::string, Pool> pools_;
  std::int64_t largest_ = 0;
  std::string why_;
};

std::vector<FactNeed> facts_needed(const Scenario& scenario, Profile profile) {
  NeedList needs;
  HeldNumbers held;
  std::map<std::string, std::string> context_of;  // pool alias -> the table its create step used
  const auto legacy_use = [&](const std::string& alias, const Step& step) {
    held.used(alias);
    auto it = context_of.find(alias);
    // A pool of the bulk context is bulk-served anyway; elsewhere the scenario expects the
    // legacy API (or Bulk's "not enabled" row error) to treat the pool as not bulk-served.
    if (it != context_of.end() && it->second != "bulk") needs.add(WorldFact::LegacyServed, it->second, 0, step.title);
  };
  for (const Step& step : scenario.steps) {
    if (step_idle_in(step, profile)) continue;  // not sent: it relies on nothing
    const std::vector<std::string> texts = sent_texts(step);
    if (step.campaign == "second") needs.add(WorldFact::SecondCampaign, step.context, 0, step.title);
    for (const std::string& context : contexts_naming(texts, "second_campaign", step))
      needs.add(WorldFact::SecondCampaign, context, 0, step.title);
    for (const std::string& context : contexts_naming(texts, "affiliate", step))
      needs.add(WorldFact::Affiliate, context, 0, step.title);
    if (step.kind == StepKind::SetBulk && step.scope == "affiliate") needs.add(WorldFact::Affiliate, step.context, 0, step.title);
    if (step.kind == StepKind::CreatePool || step.kind == StepKind::UsePool) context_of.emplace(step.alias, step.context);
    // A PUT names the id in its URL: only a POST without id_from_network relies on how ids come.
    if (step.kind == StepKind::CreatePool && step.omit_id && step.method != "PUT")
      needs.add(expects_refusal(step) ? WorldFact::RequiredIds : WorldFact::GeneratedIds, step.context, 0, step.title);
    if ((step.kind == StepKind::CreatePool || step.kind == StepKind::UpdatePool) && expects_acceptance(step)) {
      auto it = context_of.find(step.alias);
      held.sized(step, it != context_of.end() ? it->second : step.context);
      if (!contexts_naming(texts, "local_zipcode", step).empty())
        needs.add(WorldFact::LocalNumbers, step.context, max_pool_size_of(step, 2), step.title);
      if (sends_untagged_destination(step)) needs.add(WorldFact::UntaggedDestinations, step.context, 0, step.title);
    }
    if (step.kind == StepKind::Allocate && !expects_bulk_only(step)) legacy_use(step.alias, step);
    // A Bulk row of a pool Bulk does not serve answers a row error, as [dec] has it (B-8): no
    // [doc] check relies on it, and a network with Bulk on serves the row.
    if (step.kind == StepKind::Bulk)
      for (const BulkRow& row : step.rows)
        if (row.pool) held.used(*row.pool);
  }
  held.add_needs(needs);
  for (const std::string& fact : scenario.relies_on)
    if (fact == "filled-pools") needs.add(WorldFact::FilledPools, "primary", held.total("primary"), "relies_on = [\"filled-pools\"]");
  return needs.take();
}

std::optional<std::string> undeclared(const FactNeed& need, const TargetDescription& description) {
  const NetworkContext* table = description.context(need.context);
  if (table == nullptr) return std::nullopt;  // a missing table is a capability's business (bulk, second-network, tags)
  const std::string where = fmt::format("[{}]", need.context);
  switch (need.fact) {
    case WorldFact::SecondCampaign:
      if (!table->second_campaign.empty()) return std::nullopt;
      return fmt::format("needs a second campaign of the {} advertiser, which the target file does not declare "
                         "({}: second_campaign = \"...\")", where, where);
    case WorldFact::Affiliate:
      if (!table->affiliate.empty()) return std::nullopt;
      return fmt::format("needs a publisher of the {} network, which the target file does not declare ({}: affiliate = \"...\")",
                         where, where);
    case WorldFact::LegacyServed:
      if (!network_bulk_enabled(description, need.context)) return std::nullopt;
      return fmt::format("allocates from a pool of {} through the legacy API, but the target file declares Bulk enabled on "
                         "its whole network (bulk_enabled = true: every pool refuses the legacy API, B-8)", where);
    case WorldFact::RequiredIds:
      if (!table->generated_ids) return std::nullopt;
      return fmt::format("expects a create without id_from_network to be refused, but {} declares generated_ids = true (M-9)", where);
    case WorldFact::GeneratedIds:
      if (table->generated_ids) return std::nullopt;
      return fmt::format("creates a pool without id_from_network, which needs a network that generates ids; the target "
                         "file does not declare it ({}: generated_ids = true, M-9)", where);
    case WorldFact::Numbers:
      if (!table->numbers || *table->numbers >= need.amount) return std::nullopt;
      return fmt::format("its pools may hold {} numbers at once; the target file declares {} ({}: numbers = {})", need.amount,
                         *table->numbers, where, *table->numbers);
    case WorldFact::FilledPools:
      if (table->numbers && *table->numbers >= need.amount) return std::nullopt;
      return fmt::format("checks that a pool fills to max_pool_size (P-6), which relies on {} numbers of inventory; the target "
                         "file declares {} ({}: numbers = N, T-5)", need.amount,
                         table->numbers ? std::to_string(*table->numbers) : std::string("none"), where);
    case WorldFact::LocalNumbers:
      if (!table->local_zipcode.empty() && table->local_numbers >= need.amount) return std::nullopt;
      return fmt::format("needs {} local numbers near a declared ZIP code; the target file declares {} ({}: local_zipcode = "
                         "\"...\", local_numbers = N, L-1)", need.amount,
                         table->local_zipcode.empty() ? std::string("none")
                                                      : fmt::format("{} near {}", table->local_numbers, table->local_zipcode),
                         where);
    case WorldFact::UntaggedDestinations: {
      const NetworkContext* tags = description.context("tags");
      if (need.context == "tags" || tags == nullptr || tags->network != table->network) return std::nullopt;
      return fmt::format("links a destination without obfuscated_tag_id in {}, whose network the target file declares as "
                         "the [tags] network (tag destinations: M-15 refuses it)", where);
    }
  }
  return std::nullopt;
}

std::optional<std::string> first_undeclared_fact(const Scenario& scenario, const TargetDescription& description,
                                                 Profile profile) {
  for (const FactNeed& need : facts_needed(scenario, profile))
    if (auto reason = undeclared(need, description)) return fmt::format("{} ({})", *reason, need.why);
  return std::nullopt;
}

}  // namespace ringpool::conformance
