#include "conformance/target.hpp"

#include <array>

namespace ringpool::conformance {

const char* api_name(ApiKind api) {
  switch (api) {
    case ApiKind::Management: return "management";
    case ApiKind::Allocation: return "allocation";
    case ApiKind::Bulk: return "bulk";
    case ApiKind::Control: return "control";
  }
  return "management";
}

bool is_known_capability(std::string_view name) {
  static constexpr std::array known = {capability::kControl,       capability::kWorld,
                                       capability::kWhiteBox,      capability::kBulk,
                                       capability::kSecondNetwork, capability::kTagNetwork,
                                       capability::kFaultInjection};
  for (const char* entry : known)
    if (name == entry) return true;
  return false;
}

}  // namespace ringpool::conformance
