// The subcommands of the ringpool executable. Each add_*_command registers its options on the
// app and returns a handle that runs it after parsing.
#pragma once

#include <CLI/CLI.hpp>

#include <memory>
#include <string_view>

namespace ringpool::cli {

inline constexpr std::string_view kVersion = "0.1.0";

class Command {
 public:
  virtual ~Command() = default;
  // Runs the command if the user selected it; returns the process exit code (or -1 if not selected).
  virtual int run_if_selected() = 0;
};

std::unique_ptr<Command> add_serve_command(CLI::App& app);
std::unique_ptr<Command> add_conform_command(CLI::App& app);
std::unique_ptr<Command> add_load_command(CLI::App& app);
std::unique_ptr<Command> add_simulate_command(CLI::App& app);
std::unique_ptr<Command> add_check_command(CLI::App& app);

}  // namespace ringpool::cli
