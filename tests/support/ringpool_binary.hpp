// Where the `ringpool` binary under test is, found at run time: $RINGPOOL_BINARY when set (to run
// the suite against an installed binary), else the build tree's cli/ringpool beside this test
// executable's tests/ folder. Nothing about the build's location is compiled in, so a test object
// is the same bytes in every clone and ccache shares it.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace ringpool::testing {

inline std::string ringpool_binary() {
  if (const char* from_environment = std::getenv("RINGPOOL_BINARY"); from_environment != nullptr && *from_environment != '\0') {
    return from_environment;
  }
  static const std::string beside_tests =
      (std::filesystem::read_symlink("/proc/self/exe").parent_path().parent_path() / "cli" / "ringpool").string();
  return beside_tests;
}

}  // namespace ringpool::testing
