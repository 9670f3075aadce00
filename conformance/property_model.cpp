#include "conformance/property_model.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::conformance::property {

namespace {
// Without a declaration of the target's inventory, A-12 is judged while the run's pools may hold
// at most this many numbers (the default world's network 1 has 3,000 toll-free numbers).
constexpr std::int64_t kUndeclaredBudget = 2000;
}  // namespace

Model::Model(const GeneratorLimits& limits) : limits_(limits), budget_(limits.declared_numbers.value_or(kUndeclaredBudget)) {
  for (int slot = 0; slot < kSlots; ++slot) {
    pools_[static_cast<std::size_t>(slot)].list = fmt::format("{}-0-s0", alias(slot));
    pools_[static_cast<std::size_t>(slot)].flagged = fmt::format("{}-0-f0", alias(slot));
  }
}

std::string Model::setting_list(int slot, std::string_view setting) const {
  return fmt::format("{}-{}-{}", alias(slot), pools_[static_cast<std::size_t>(slot)].incarnation, setting);
}

void Model::raise_bound(PoolState& pool, std::int64_t max_pool_size) {
  if (max_pool_size > pool.max_bound) committed_ += max_pool_size - pool.max_bound;
  pool.max_bound = std::max(pool.max_bound, max_pool_size);
}

void Model::new_pool(int slot, StepWriter& out) {
  PoolState& pool = this->pool(slot);
  ++pool.incarnation;
  flush_segment(slot, out);
  PoolState fresh;
  fresh.created = true;
  fresh.live = true;
  fresh.incarnation = pool.incarnation;
  fresh.list = pool.list;
  fresh.flagged = pool.flagged;
  pool = std::move(fresh);
  committed_ += 3;  // the default size, and an overflow number on top (P-4 [dec])
}

void Model::forget_settings(PoolState& pool) {
  pool.fill_judged = false;
  pool.first_pending = false;
  pool.lifetime_known = false;
  raise_bound(pool, 2);
}

std::vector<std::string> Model::answer_lists(int slot, bool sure, std::size_t count) {
  PoolState& pool = this->pool(slot);
  pool.touched = true;
  if (sure) {
    note_sure(pool, count);
    return {window_.sure_list()};
  }
  pool.entries += count;
  std::vector<std::string> out = {pool.list};
  if (window_.open()) {
    window_.other += count;
    out.push_back(window_.other_list());
  }
  return out;
}

std::vector<std::string> Model::foreign_answer_lists() {
  if (!window_.open()) return {};
  ++window_.other;
  return {window_.other_list()};
}

std::vector<std::string> Model::bulk_row_lists(int slot, bool flagged, std::size_t rows) {
  PoolState& pool = this->pool(slot);
  pool.touched = true;
  if (flagged) {
    pool.flagged_entries += rows;
    std::vector<std::string> out = {pool.flagged};
    if (window_.open()) {
      window_.flagged += rows;
      out.push_back(window_.flagged_list());
    }
    return out;
  }
  pool.entries += rows;
  std::vector<std::string> out = {pool.list};
  // A row without the flag is a trackable number (B-5 [doc]), leased for at least the pool's
  // lifetime (P-1) when the model knows it.
  if (pool.lifetime_known) {
    note_sure(pool, rows);
    out.push_back(window_.sure_list());
  }
  return out;
}

void Model::note_sure(PoolState& pool, std::size_t answers) {
  pool.sure_window = window_.index;
  window_.sure += answers;
  window_.end_seconds = std::min(window_.end_seconds, now_seconds_ + pool.lifetime_seconds);
}

void Model::pool_deleted(int slot, StepWriter& out) {
  flush_segment(slot, out);
  if (window_.open() && pool(slot).sure_window == window_.index) flush_window(out);
}

void Model::advance(std::int64_t seconds, StepWriter& out) {
  now_seconds_ += seconds;
  for (int slot = 0; slot < kSlots; ++slot) flush_segment(slot, out);
  ++segment_;
  for (int slot = 0; slot < kSlots; ++slot) {
    PoolState& pool = this->pool(slot);
    pool.list = fmt::format("{}-{}-s{}", alias(slot), pool.incarnation, segment_);
    pool.flagged = fmt::format("{}-{}-f{}", alias(slot), pool.incarnation, segment_);
  }
  if (window_.open() && now_seconds_ >= window_.end_seconds) flush_window(out);
  if (!window_.open()) window_ = Window{window_.index + 1};  // nothing sure in it: a fresh one
}

std::int64_t Model::seconds_to_lease_boundary(std::int64_t fallback) const {
  if (!window_.open() || window_.end_seconds - now_seconds_ <= 1) return fallback;
  return window_.end_seconds - now_seconds_ - 1;
}

void Model::finish(StepWriter& out) {
  for (int slot = 0; slot < kSlots; ++slot) flush_segment(slot, out);
  flush_window(out);
}

void Model::flush_segment(int slot, StepWriter& out) {
  PoolState& pool = this->pool(slot);
  if (pool.entries >= 2) {
    toml::table repeated{{"distinct", pool.list}, {"note", "among answers whose leases overlap only the overflow number repeats"}};
    repeated.insert_or_assign("expect", out.tier({{"repeated_at_most", pool.allow_overflow ? 1 : 0}}, "P-1"));
    out.add(std::move(repeated), "P-1");
    if (bulk_slot(slot) && pool.allow_overflow) {
      // Rows flagged "overflow": true go to their own list, so this one holds trackable numbers
      // only, none of which repeats while its leases overlap (P-1): a repeat is the overflow
      // number without its flag (B-5).
      toml::table unflagged{{"distinct", pool.list}, {"note", "trackable rows only (flagged rows apart): none repeats"}};
      unflagged.insert_or_assign("expect", out.tier({{"repeated_at_most", 0}}, "B-5"));
      out.add(std::move(unflagged), "B-5");
    }
    if (pool.entries > static_cast<std::size_t>(pool.max_bound + 1)) {
      toml::table bound{{"distinct", pool.list}, {"note", "at most max_pool_size + 1 distinct numbers at one time"}};
      bound.insert_or_assign("expect", out.tier({{"count_at_most", pool.max_bound + 1}}, "P-4"));
      out.add(std::move(bound), "P-4");
    }
  }
  if (pool.flagged_entries >= 2) {
    toml::table one{{"distinct", pool.flagged}, {"note", "no lease ended in between: the overflow answers are one number"}};
    one.insert_or_assign("expect", out.tier({{"count_at_most", 1}}, "P-4"));
    out.add(std::move(one), "P-4");
  }
  pool.entries = 0;
  pool.flagged_entries = 0;
  pool.list = fmt::format("{}-{}-s{}", alias(slot), pool.incarnation, segment_);
  pool.flagged = fmt::format("{}-{}-f{}", alias(slot), pool.incarnation, segment_);
}

void Model::flush_window(StepWriter& out) {
  if (window_.sure >= 2) {
    toml::table step{{"distinct", window_.sure_list()},
                     {"note", "trackable answers whose leases are all active: none was handed out twice"}};
    step.insert_or_assign("expect", out.tier({{"repeated_at_most", 0}}, "P-1"));
    out.add(std::move(step), "P-1");
  }
  if (window_.sure > 0 && window_.other > 0) {
    toml::table step{{"distinct", window_.sure_list()},
                     {"note", "while their leases are active, no other answer of any pool is one of these numbers"}};
    step.insert_or_assign("expect", out.tier({{"disjoint_from", window_.other_list()}}, "P-1"));
    out.add(std::move(step), "P-1");
  }
  if (window_.sure > 0 && window_.flagged > 0) {
    toml::table step{{"distinct", window_.sure_list()},
                     {"note", "a number handed out as trackable (leased) is never one answered as the overflow number"}};
    step.insert_or_assign("expect", out.tier({{"disjoint_from", window_.flagged_list()}}, "P-4"));
    out.add(std::move(step), "P-4");
  }
  window_ = Window{window_.index + 1};
}

}  // namespace ringpool::conformance::property
