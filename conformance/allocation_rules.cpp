#include "conformance/allocation_rules.hpp"

namespace ringpool::conformance::allocation_rules {

bool flag_decides(AnswerForm form, Profile profile) {
  switch (form) {
    case AnswerForm::BulkRow: return true;  // B-5 [doc]: "overflow": true only for the overflow number
    case AnswerForm::LegacyJson:
    case AnswerForm::LegacyXml: return profile_checks(profile, Level::Dec);  // A-2 [dec]
    case AnswerForm::LegacyCsv: return false;  // csv is unchanged
  }
  return false;
}

int repeated_numbers_at_most(bool allow_overflow) { return allow_overflow ? 1 : 0; }

int distinct_numbers_at_most(int max_pool_size, bool allow_overflow, Profile profile) {
  // P-4 [dec] counts the overflow number within max_pool_size; the vendor profile allows it on top.
  return allow_overflow && !profile_checks(profile, Level::Dec) ? max_pool_size + 1 : max_pool_size;
}

std::int64_t lease_surely_active_until_ms(std::int64_t opened_earliest_ms, std::int64_t lifetime_ms) {
  return opened_earliest_ms + lifetime_ms;
}

bool overflow_number_never_changes(Profile profile) { return profile_checks(profile, Level::Dec); }

bool first_answer_is_leased(bool fill_immediately, bool allow_overflow, int max_pool_size) {
  return fill_immediately && allow_overflow && max_pool_size >= 2;
}

}  // namespace ringpool::conformance::allocation_rules
