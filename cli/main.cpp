// ringpool: the command-line entry point. Each subcommand lives in its own file and registers
// itself here; this file only wires CLI11 together.
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"ringpool: reference implementation, simulator and conformance suite for the "
               "RingPool phone-number allocation APIs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(ringpool::cli::kVersion));
  auto serve = ringpool::cli::add_serve_command(app);
  auto conform = ringpool::cli::add_conform_command(app);
  auto load = ringpool::cli::add_load_command(app);
  auto simulate = ringpool::cli::add_simulate_command(app);
  auto check = ringpool::cli::add_check_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // CLI11 prints help/version with exit 0; usage errors exit 2 (CI gates on it).
    const int code = app.exit(error);
    return code == 0 ? 0 : 2;
  }
  for (auto* command : {serve.get(), conform.get(), simulate.get(), load.get(), check.get()}) {
    const int code = command->run_if_selected();
    if (code >= 0) return code;
  }
  return 2;
}
