// Starts the real `ringpool serve` binary on a free loopback port for a test, and stops it
// (SIGTERM, then wait) when the test ends.
#pragma once

#include "tests/support/ringpool_binary.hpp"

#include <boost/test/unit_test.hpp>

#include <csignal>
#include <cstdio>
#include <spawn.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace ringpool::testing {

class ServerProcess {
 public:
  explicit ServerProcess(std::vector<std::string> extra_args) {
    std::vector<std::string> args = {ringpool_binary(), "serve", "--port", "0", "--quiet"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    int pipe_fds[2];
    BOOST_REQUIRE(pipe(pipe_fds) == 0);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, pipe_fds[0]);
    BOOST_REQUIRE(posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) == 0);
    posix_spawn_file_actions_destroy(&actions);
    close(pipe_fds[1]);
    output_ = fdopen(pipe_fds[0], "r");
    // The first line says where it listens: "ringpool serve: listening on http://127.0.0.1:PORT (...)".
    char line[512];
    while (std::fgets(line, sizeof line, output_) != nullptr) {
      const std::string text(line);
      const auto at = text.find("http://127.0.0.1:");
      if (at == std::string::npos) continue;
      port_ = std::stoi(text.substr(at + 17));
      break;
    }
    BOOST_REQUIRE_MESSAGE(port_ > 0, "ringpool serve did not say where it listens");
  }
  ~ServerProcess() {
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    if (output_ != nullptr) std::fclose(output_);
  }
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  pid_t pid_ = 0;
  FILE* output_ = nullptr;
  int port_ = 0;
};

}  // namespace ringpool::testing
