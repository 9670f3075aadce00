// Which --target values run in process: "reference", "variant" and "variant:SEED" (a drawn valid
// server); anything else is a base URL. One definition for every command and option set.
#pragma once

#include <string_view>

namespace ringpool::cli {

inline bool is_variant_target(std::string_view target) { return target == "variant" || target.starts_with("variant:"); }
inline bool is_in_process_target(std::string_view target) { return target == "reference" || is_variant_target(target); }

}  // namespace ringpool::cli
