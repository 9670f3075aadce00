// Invariants enforced, not only written: the domain's structures state their invariants at the top
// of their headers and check them after each mutation in builds without NDEBUG (the test build
// CI runs under ASan+UBSan, any debug build). A full check is O(size), so a structure checks fully
// while it is small and then on a sample of mutations (every size/64-th), which keeps the cost per
// mutation O(1) amortised and the test suite within its time. Release builds compile it all out.
// A violation goes to the failure handler: by default it prints the structure and what broke,
// and aborts (the sanitizer build shows the stack); a test may install its own handler.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace ringpool::domain::invariants {

#ifdef NDEBUG
inline constexpr bool kEnabled = false;
#else
inline constexpr bool kEnabled = true;
#endif

using FailureHandler = void (*)(std::string_view structure, std::string_view violation);
// Installs `handler` (nullptr: the default, print and abort); returns the one it replaces.
FailureHandler set_failure_handler(FailureHandler handler);
void report_violation(std::string_view structure, std::string_view violation);

// Decides which mutations of a structure of `size` elements get a full check.
class SampledCheck {
 public:
  static constexpr std::size_t kAlwaysUpTo = 64;
  bool due(std::size_t size) {
    ++mutations_;
    return size <= kAlwaysUpTo || mutations_ % (size / kAlwaysUpTo) == 0;
  }

 private:
  std::uint64_t mutations_ = 0;
};

}  // namespace ringpool::domain::invariants

// A precondition of a domain operation (REQUIRES: in the header), checked where invariants are.
#define RINGPOOL_EXPECTS(condition)                                                                    \
  do {                                                                                                 \
    if constexpr (::ringpool::domain::invariants::kEnabled) {                                          \
      if (!(condition)) ::ringpool::domain::invariants::report_violation("precondition", #condition); \
    }                                                                                                  \
  } while (false)
