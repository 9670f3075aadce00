// The scenario reader (conformance::parse_scenario over toml++): any text is a scenario or an
// error message naming the file; nothing throws, crashes or hangs.
#include "conformance/clause_catalogue.hpp"
#include "conformance/scenario_parser.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringpool::conformance;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto scenario = parse_scenario(text, "fuzz.toml", "fuzz", ClauseCatalogue::builtin());
  if (!scenario && scenario.error().find("fuzz.toml") == std::string::npos) {
    std::fprintf(stderr, "fuzz: a scenario error that does not name the file: %s\n", scenario.error().c_str());
    std::abort();
  }
  return 0;
}
