// Model-based tests of the domain (issue 10): RapidCheck rc::state commands on the pool, lease and
// inventory code (ReferenceModel: World + Engine + virtual clock), no HTTP. After every command the
// invariants the code's comments state are checked against a simple model.
#include "reference/domain/reference_model.hpp"
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>
#include <rapidcheck.h>
#include <rapidcheck/boost_test.h>
#include <rapidcheck/state.h>

#include <map>
#include <optional>
#include <set>
#include <string>

namespace {

using namespace ringpool;

constexpr int kSlots = 3;  // pool ids_from_network "pool-0".."pool-2" in adv-1 / camp-1

// What the model predicts from the commands alone: which pools live and their settings.
struct PoolModel {
  bool live = false;
  std::int64_t max_pool_size = 2;
  std::int64_t lifetime_seconds = 1800;
  bool allow_overflow = true;
};
struct Model {
  std::array<PoolModel, kSlots> pools{};
};

// A lease the system under test handed out, as recorded when it answered.
struct ShadowLease {
  domain::PhoneNumber number;
  sim::Instant end = 0;
};

// The system under test, plus what it answered (leases, releases) for the cross-command checks.
struct Sut {
  domain::ReferenceModel reference{world_file::load_default_world(7)};
  std::array<std::vector<ShadowLease>, kSlots> leases;
  std::map<std::uint64_t, sim::Instant> released_at;  // number digits -> when its pool was deleted

  static domain::CampaignAddress address() { return {1, "adv-1", "camp-1"}; }
  static std::string id_of(int slot) { return "pool-" + std::to_string(slot); }

  domain::RingPool* pool(int slot) {
    auto found = domain::read_pool(reference.world(), address(), id_of(slot));
    if (!found) return nullptr;
    return reference.world().find_pool((*found)->id);
  }
};

// The invariants, after every command: every pool's own check_invariants(); numbers held (less
// those to be released as their leases end, P-9) <= max_pool_size; the overflow number never
// leased and only with allow_overflow; a number in exactly one pool and InPool in the inventory;
// a deleted pool's numbers that were handed out not in any pool before their aging ends (P-8); liveness as the model says.
void check_invariants(const Model& model, Sut& sut) {
  std::set<std::uint64_t> seen;
  const sim::Instant now = sut.reference.now();
  const sim::Duration aging = sim::seconds(sut.reference.world().policy.aging_seconds);
  for (int slot = 0; slot < kSlots; ++slot) {
    domain::RingPool* pool = sut.pool(slot);
    RC_ASSERT((pool != nullptr) == model.pools[slot].live);
    if (pool == nullptr) continue;
    sut.reference.engine().catch_up(*pool);
    const domain::PoolNumbers& numbers = pool->numbers;
    const auto violation = numbers.check_invariants();
    RC_ASSERT(violation == std::nullopt);
    RC_ASSERT(numbers.held() - numbers.pending_release() <= static_cast<std::size_t>(model.pools[slot].max_pool_size));
    RC_ASSERT(!numbers.has_overflow() || model.pools[slot].allow_overflow);
    const auto& inventory = sut.reference.engine().inventory(pool->network_id);
    for (const domain::NumberSlot& held : numbers.slots()) {
      if (held.status == domain::SlotStatus::Free) continue;
      RC_ASSERT(seen.insert(held.number.digits).second);  // in exactly one pool
      RC_ASSERT(inventory.location(held.inventory_index) == domain::NumberLocation::InPool);
      if (held.status == domain::SlotStatus::Leased) RC_ASSERT(numbers.overflow_number() != held.number);
      if (auto released = sut.released_at.find(held.number.digits); released != sut.released_at.end())
        RC_ASSERT(held.joined_at >= released->second + aging);
    }
    // Every lease the pool handed out and that is still active holds its number (P-1).
    for (const ShadowLease& lease : sut.leases[slot]) {
      if (lease.end <= now) continue;
      bool leased = false;
      for (const domain::NumberSlot& held : numbers.slots())
        leased = leased || (held.number == lease.number && held.status == domain::SlotStatus::Leased);
      RC_ASSERT(leased);
    }
  }
  (void)now;
}

struct Create : rc::state::Command<Model, Sut> {
  int slot = *rc::gen::inRange(0, kSlots);
  std::int64_t max_pool_size = *rc::gen::element<std::int64_t>(1, 2, 3, 5, 8, 40);
  std::int64_t lifetime_seconds = *rc::gen::element<std::int64_t>(60, 61, 300, 1800);
  bool allow_overflow = *rc::gen::arbitrary<bool>();
  bool fill_immediately = *rc::gen::arbitrary<bool>();

  void checkPreconditions(const Model& model) const override { RC_PRE(!model.pools[slot].live); }
  void apply(Model& model) const override {
    model.pools[slot] = {true, max_pool_size, lifetime_seconds, allow_overflow};
  }
  void run(const Model& model, Sut& sut) const override {
    domain::RingPoolPatch patch;
    patch.id_from_network = domain::Input<std::string>::of(Sut::id_of(slot));
    patch.max_pool_size = domain::Input<std::int64_t>::of(max_pool_size);
    patch.lifetime_seconds = domain::Input<std::int64_t>::of(lifetime_seconds);
    patch.allow_overflow = domain::Input<bool>::of(allow_overflow);
    patch.fill_immediately = domain::Input<bool>::of(fill_immediately);
    auto outcome = sut.reference.upsert_pool(Sut::address(), std::nullopt, patch);
    RC_ASSERT(outcome.has_value());
    RC_ASSERT(outcome->created);
    sut.leases[slot].clear();
    Model next = model;
    apply(next);
    check_invariants(next, sut);
  }
  void show(std::ostream& out) const override {
    out << "create " << slot << " max=" << max_pool_size << " life=" << lifetime_seconds
        << " overflow=" << allow_overflow << " fill=" << fill_immediately;
  }
};

struct Update : rc::state::Command<Model, Sut> {
  int slot = *rc::gen::inRange(0, kSlots);
  // 0: not sent (a partial update, M-4).
  std::int64_t max_pool_size = *rc::gen::element<std::int64_t>(0, 1, 2, 3, 6, 12);
  std::int64_t lifetime_seconds = *rc::gen::element<std::int64_t>(0, 60, 120, 3600);

  void checkPreconditions(const Model& model) const override { RC_PRE(model.pools[slot].live); }
  void apply(Model& model) const override {
    if (max_pool_size > 0) model.pools[slot].max_pool_size = max_pool_size;
    if (lifetime_seconds > 0) model.pools[slot].lifetime_seconds = lifetime_seconds;
  }
  void run(const Model& model, Sut& sut) const override {
    domain::RingPoolPatch patch;
    if (max_pool_size > 0) patch.max_pool_size = domain::Input<std::int64_t>::of(max_pool_size);
    if (lifetime_seconds > 0) patch.lifetime_seconds = domain::Input<std::int64_t>::of(lifetime_seconds);
    auto outcome = sut.reference.upsert_pool(Sut::address(), Sut::id_of(slot), patch);
    RC_ASSERT(outcome.has_value());
    RC_ASSERT(!outcome->created);
    // allow_overflow never changes (M-10): an update giving the other value is refused.
    domain::RingPoolPatch flip;
    flip.allow_overflow = domain::Input<bool>::of(!model.pools[slot].allow_overflow);
    RC_ASSERT(!sut.reference.upsert_pool(Sut::address(), Sut::id_of(slot), flip).has_value());
    Model next = model;
    apply(next);
    check_invariants(next, sut);
  }
  void show(std::ostream& out) const override {
    out << "update " << slot << " max=" << max_pool_size << " life=" << lifetime_seconds;
  }
};

struct Delete : rc::state::Command<Model, Sut> {
  int slot = *rc::gen::inRange(0, kSlots);

  void checkPreconditions(const Model& model) const override { RC_PRE(model.pools[slot].live); }
  void apply(Model& model) const override { model.pools[slot].live = false; }
  void run(const Model& model, Sut& sut) const override {
    domain::RingPool* pool = sut.pool(slot);
    RC_ASSERT(pool != nullptr);
    for (const domain::NumberSlot& held : pool->numbers.slots())
      // Only a number handed out while in the pool ages (P-8); the others return at once.
      if (held.status != domain::SlotStatus::Free && held.handed_out)
        sut.released_at[held.number.digits] = sut.reference.now();
    RC_ASSERT(sut.reference.delete_pool(Sut::address(), Sut::id_of(slot), false).has_value());
    // Deleting it again answers success (M-5).
    RC_ASSERT(sut.reference.delete_pool(Sut::address(), Sut::id_of(slot), false).has_value());
    sut.leases[slot].clear();
    Model next = model;
    apply(next);
    check_invariants(next, sut);
  }
  void show(std::ostream& out) const override { out << "delete " << slot; }
};

struct Allocate : rc::state::Command<Model, Sut> {
  int slot = *rc::gen::inRange(0, kSlots);
  int count = *rc::gen::inRange(1, 6);

  void checkPreconditions(const Model& model) const override { RC_PRE(model.pools[slot].live); }
  void apply(Model&) const override {}
  void run(const Model& model, Sut& sut) const override {
    const PoolModel& expected = model.pools[slot];
    for (int i = 0; i < count; ++i) {
      domain::RingPool* pool = sut.pool(slot);
      RC_ASSERT(pool != nullptr);
      const sim::Instant now = sut.reference.now();
      auto allocation = sut.reference.engine().allocate(*pool, domain::LeaseDetails{});
      if (!allocation) {
        // Only a pool without overflow may run out (A-12, P-5).
        RC_ASSERT(!expected.allow_overflow);
        RC_ASSERT(allocation.error().error_class == domain::ErrorClass::NoNumberAvailable);
        continue;
      }
      if (allocation->overflow) {
        RC_ASSERT(expected.allow_overflow);
        RC_ASSERT(pool->numbers.overflow_number() == allocation->number);
        continue;
      }
      // P-1: never a number under an active lease, of this pool or any other.
      for (const auto& leases : sut.leases)
        for (const ShadowLease& lease : leases) RC_ASSERT(!(lease.number == allocation->number && lease.end > now));
      sut.leases[slot].push_back({allocation->number, now + sim::seconds(expected.lifetime_seconds)});
    }
    check_invariants(model, sut);
  }
  void show(std::ostream& out) const override { out << "allocate " << slot << " x" << count; }
};

struct Advance : rc::state::Command<Model, Sut> {
  // Every scale: a second, just under and at a lifetime, a tick, an hour, a day (aging), a month.
  std::int64_t seconds = *rc::gen::element<std::int64_t>(1, 59, 60, 61, 299, 300, 3600, 86400, 2678400);

  void apply(Model&) const override {}
  void run(const Model& model, Sut& sut) const override {
    sut.reference.advance_to(sut.reference.now() + sim::seconds(seconds));
    check_invariants(model, sut);
  }
  void show(std::ostream& out) const override { out << "advance " << seconds << " s"; }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(check_domain_model)

RC_BOOST_PROP(pools_leases_and_inventory_keep_their_invariants, ()) {
  Sut sut;
  rc::state::check(Model{}, sut, rc::state::gen::execOneOfWithArgs<Create, Update, Delete, Allocate, Advance>());
}

BOOST_AUTO_TEST_SUITE_END()
