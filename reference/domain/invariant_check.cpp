#include "reference/domain/invariant_check.hpp"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace ringpool::domain::invariants {

namespace {

void print_and_abort(std::string_view structure, std::string_view violation) {
  std::fprintf(stderr, "ringpool: invariant of %.*s violated: %.*s\n", static_cast<int>(structure.size()),
               structure.data(), static_cast<int>(violation.size()), violation.data());
  std::abort();
}

std::atomic<FailureHandler> installed{nullptr};

}  // namespace

FailureHandler set_failure_handler(FailureHandler handler) { return installed.exchange(handler); }

void report_violation(std::string_view structure, std::string_view violation) {
  const FailureHandler handler = installed.load();
  (handler != nullptr ? handler : print_and_abort)(structure, violation);
}

}  // namespace ringpool::domain::invariants
