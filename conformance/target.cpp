#include "conformance/target.hpp"

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

}  // namespace ringpool::conformance
