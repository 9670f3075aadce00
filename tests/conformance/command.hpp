// Runs the real `ringpool` binary (or any shell command) for a test and returns its exit status
// and everything it printed (stdout and stderr together).
#pragma once

#include "tests/support/ringpool_binary.hpp"

#include <boost/test/unit_test.hpp>

#include <array>
#include <cstdio>
#include <string>
#include <sys/wait.h>

namespace ringpool::testing {

struct CommandResult {
  int exit_status = -1;
  std::string output;
};

inline CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  BOOST_REQUIRE_MESSAGE(pipe != nullptr, "cannot run: " << command);
  std::array<char, 4096> buffer;
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.output.append(buffer.data(), read);
  const int status = pclose(pipe);
  result.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// `ringpool <arguments>`, the binary this build made.
inline CommandResult run_ringpool(const std::string& arguments) { return run_command(ringpool_binary() + " " + arguments); }

}  // namespace ringpool::testing
