// ringpool: the command-line entry point. Each subcommand lives in its own file and registers
// itself here; this file only wires CLI11 together.
#include "cli/commands.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <vector>

namespace {

// The subcommands' names, for a message about one that is not among them.
std::vector<std::string> subcommand_names(const CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](const CLI::App*) { return true; })) names.push_back(command->get_name());
  return names;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"ringpool: reference implementation, simulator and conformance suite for the "
               "RingPool phone-number allocation APIs"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string(ringpool::cli::kVersion));
  app.footer("Exit status: 0 success; 1 the command's check failed (see its --help); 2 usage or setup errors.\n"
             "Examples:\n"
             "  ringpool conform --target reference\n"
             "  ringpool serve --control --control-token T\n"
             "  ringpool conform --target http://127.0.0.1:8080 --control-token T --profile vendor --jobs 8\n"
             "Each subcommand's --help gives its options, exit status and examples.");
  auto serve = ringpool::cli::add_serve_command(app);
  auto conform = ringpool::cli::add_conform_command(app);
  auto load = ringpool::cli::add_load_command(app);
  auto simulate = ringpool::cli::add_simulate_command(app);
  auto check = ringpool::cli::add_check_command(app);
  // A first word that is no option and no subcommand: say which subcommands there are.
  const std::vector<std::string> names = subcommand_names(app);
  if (argc == 1 || (argv[1][0] != '-' && std::find(names.begin(), names.end(), argv[1]) == names.end())) {
    const std::string what = argc == 1 ? std::string("a subcommand is required") : fmt::format("unknown subcommand '{}'", argv[1]);
    fmt::print(stderr, "ringpool: {}; the subcommands are: {} (ringpool --help)\n", what, fmt::join(names, ", "));
    return 2;
  }
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
