// The permissive model's expectations, command by command (internal to property_scenario.cpp):
// each command becomes steps of the one scenario vocabulary whose [doc] checks (`expect`) hold for
// every conforming server and whose [dec] checks (`strict`) hold for the reference. The state it
// keeps is property_model.hpp's; the steps it writes, property_toml.hpp's.
#pragma once

#include "conformance/property_commands.hpp"
#include "conformance/property_model.hpp"
#include "conformance/property_toml.hpp"

#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace ringpool::conformance::property {

class Translator {
 public:
  Translator(const std::vector<Command>& commands, const GeneratorLimits& limits);

  StepWriter out;
  std::vector<Command> kept;  // the commands that addressed a pool the run made (or needed none)
  bool advances = false;
  bool bulk = false;
  bool second = false;
  bool world = false;
  bool tags = false;
  bool faults = false;  // a Faults command: the world fails every request (translate_faulted)
  bool relies_on_filled_pools() const { return model_.relies_on_filled_pools(); }

 private:
  bool translate(const Command& command);
  bool translate_faulted(const Command& command);

  // Pools (property_expect_pools.cpp).
  bool create(const Command& command);
  bool update(const Command& command);
  bool flip_overflow(const Command& command);
  bool read(const Command& command);
  bool remove(const Command& command);
  bool list(bool wrong_token, int auth);
  bool bad_body(const Command& command);
  bool other_network(const Command& command);
  bool probe(const Command& command);
  bool probe_destination(const Command& command, ProbeKind kind);
  bool probe_read_only(const Command& command);

  // Traffic (property_expect_traffic.cpp).
  bool allocate(const Command& command);
  // L-1's judgement of a local pool's answers (a distinct step to add after the allocation), and
  // the lists its answers go to.
  std::optional<toml::table> judge_local(const Command& command, std::vector<std::string>& lists);
  bool wrong_key(const Command& command);
  bool bulk_batch(const Command& command);
  // A Bulk batch being written: its rows, and the checks each row's outcome allows where every
  // conforming server agrees on it (B-4's order, B-11's keys, B-3's ids; strict: the reference's).
  struct BulkBatch {
    toml::array rows, order_checks, key_checks, id_checks, strict_checks;
    std::set<int> captured_slots;  // pools whose valid rows were served
    std::size_t valid_rows = 0;
  };
  void bulk_typed_row(const BulkRowCommand& row, BulkBatch& batch);  // a world pool of another type (B-9)
  void bulk_pool_row(const BulkRowCommand& row, BulkBatch& batch);   // a pool of the run
  // The extra parameters of an allocation; the clause its success cites.
  std::string_view add_extra_params(const Command& command, toml::table& params) const;
  bool advance(const Command& command);
  bool typed_allocate(const Command& command);
  bool bad_query(const Command& command);

  // Helpers shared by both.
  void on_context(toml::table& step, int slot);
  static void set_auth(toml::table& step, int auth);
  // The fields a read or an update's answer shows: allow_overflow, and the settings the last
  // accepted write's answer showed (captured: a server may take or refuse what the reference
  // does not, M-4/M-12 [dec]); `strict`: the values the reference keeps.
  toml::table shown_fields(int slot, bool strict);
  // Captures max_pool_size and lifetime_seconds of a pool answer (what later reads compare with).
  void capture_settings(toml::table& step, int slot, std::vector<std::pair<std::string, std::vector<std::string>>> more = {});
  static void add_local_fields(toml::table& body, const Command& command, bool declared_centre);
  void use_world();

  Model model_;
  std::array<bool, kPoolTypes.size()> typed_used_{};
  std::array<bool, kPoolTypes.size()> bulk_typed_used_{};
};

}  // namespace ringpool::conformance::property
