// The report reader behind --baseline (reports::parse_json_report). Beyond "no crash": a report
// it accepts is written back by render_json_report, and that text reads back to the same report
// (so a baseline survives being re-written).
#include "conformance/clause_catalogue.hpp"
#include "reports/json_report.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringpool;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto run = reports::parse_json_report(text);
  if (!run) return 0;
  const auto& catalogue = conformance::ClauseCatalogue::builtin();
  const std::string written = reports::render_json_report(*run, catalogue);
  const auto again = reports::parse_json_report(written);
  if (!again) {
    std::fprintf(stderr, "fuzz: a report written from an accepted one does not read back: %s\n", again.error().c_str());
    std::abort();
  }
  if (reports::render_json_report(*again, catalogue) != written) {
    std::fprintf(stderr, "fuzz: a report does not survive a second round trip\n");
    std::abort();
  }
  return 0;
}
