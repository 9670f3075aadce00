// What a create or update body asks for (spec M-3, M-4, M-9..M-19), decoded field by field by
// the API layer. Each field is absent, a typed value, or a type error found while decoding; the
// domain validates them all in M-18's order (spec C-5) and applies them only when all pass.
#pragma once

#include "reference/domain/ring_pool.hpp"

#include <optional>
#include <string>
#include <vector>

namespace ringpool::domain {

template <typename T>
struct Input {
  bool present = false;
  std::optional<T> value;    // set when present and well-typed
  std::string type_error;    // set when present and not decodable as T

  static Input of(T v) { return Input{true, std::move(v), {}}; }
  static Input invalid(std::string message) { return Input{true, std::nullopt, std::move(message)}; }
};

struct LocalCenterInput {
  bool has_unknown_key = false;  // checked before anything else (M-8, M-19)
  Input<std::string> tn_prefix;
  Input<std::string> zipcode;
  Input<double> latitude;
  Input<double> longitude;
};

struct LocalNumberPreferencesInput {
  bool has_unknown_key = false;
  Input<std::int64_t> search_radius_miles;
  Input<bool> restrict_search_to_state;
  Input<std::string> allocation_fallback_strategy;
};

struct RingPoolPatch {
  Input<std::string> id_from_network;
  Input<std::string> name;
  Input<bool> preferred;
  Input<std::int64_t> lifetime_seconds;
  Input<std::int64_t> max_pool_size;
  Input<bool> fill_immediately;
  Input<bool> allow_overflow;
  Input<std::string> destination_phone_number;
  Input<std::string> obfuscated_tag_id;
  Input<LocalCenterInput> local_center;
  Input<LocalNumberPreferencesInput> local_number_preferences;
  Input<std::vector<std::string>> tn_prefix_whitelist;
  Input<std::string> destination_type;
  // Only meaningful on DELETE (M-5), but accepted in a body there.
  Input<bool> delete_detected_phone_number;
};

}  // namespace ringpool::domain
