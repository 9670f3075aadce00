#include "cli/preflight_step.hpp"

#include "conformance/connection_diagnosis.hpp"

#include <fmt/format.h>

#include <csignal>

namespace ringpool::cli {

namespace {

std::atomic<bool> interrupted_flag{false};
extern "C" void on_sigint(int) { interrupted_flag.store(true); }

}  // namespace

std::optional<int> run_preflight_step(const PreflightStep& step, conformance::Target& target) {
  using namespace ringpool::conformance;
  if (step.choice->in_process()) {
    if (step.only) fmt::print("preflight: {} runs in process; there is nothing to set up\n", step.choice->target);
    return step.only ? std::optional<int>(0) : std::nullopt;
  }
  PreflightOptions options;
  options.run_id = step.run_id;
  options.control_token = step.choice->control_token;
  options.default_description = step.choice->target_file.empty();
  options.token_origins = step.token_origins;
  const TlsSettings tls{step.description->tls_ca_file, step.description->tls_verify};
  const double timeout = step.description->timeout_seconds;
  options.diagnose = [tls, timeout](const std::string& base, const std::string& error) {
    const ConnectionDiagnosis told = diagnose_connection(base, tls, timeout, error);
    return std::pair{told.what, told.fix};
  };
  const PreflightReport report = run_preflight(target, *step.description, options);
  apply_token_forms(report, *step.description);
  if (step.only || !step.quiet) {
    fmt::print("preflight: {}{}\n", target.describe(), report.ringpool_server ? " (a ringpool server)" : "");
    for (const PreflightItem& item : report.items)
      if (step.only || item.status != PreflightStatus::Ok)
        fmt::print("  {:<13}{}: {}\n", preflight_status_name(item.status), item.subject, item.detail);
  }
  if (!step.description->tls_verify)
    fmt::print(stderr, "ringpool {}: [tls] verify = false: the server's certificate is not checked\n", step.command);
  if (const PreflightItem* problem = report.first_problem()) {
    fmt::print(stderr, "ringpool {}: setup problem, nothing was run. {}\n", step.command, preflight_problem_line(*problem));
    return 2;
  }
  if (step.only) {
    fmt::print("preflight: ready (exit 0)\n");
    return 0;
  }
  return std::nullopt;
}

std::optional<int> check_required_capabilities(const std::string& command, const conformance::CoverageGates& gates,
                                               const conformance::Capabilities& capabilities) {
  const std::vector<std::string> present(capabilities.present.begin(), capabilities.present.end());
  const std::vector<std::pair<std::string, std::string>> missing(capabilities.absent.begin(), capabilities.absent.end());
  const std::vector<std::string> unmet = conformance::unmet_capability_gates(gates, present, missing);
  if (unmet.empty()) return std::nullopt;
  for (const std::string& line : unmet) fmt::print(stderr, "ringpool {}: coverage gate unmet, nothing was run: {}\n", command, line);
  return 2;
}

std::expected<std::vector<std::string>, std::string> parse_capability_list(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const std::string& value : values) {
    std::size_t at = 0;
    while (at <= value.size()) {
      const std::size_t comma = std::min(value.find(',', at), value.size());
      std::string name = value.substr(at, comma - at);
      at = comma + 1;
      if (name.empty()) continue;
      if (std::string problem = conformance::capability_name_problem(name); !problem.empty())
        return std::unexpected(fmt::format("--require {}: {}", name, problem));
      out.push_back(std::move(name));
    }
  }
  return out;
}

Interruptible::Interruptible() {
  interrupted_flag = false;
  previous_ = std::signal(SIGINT, on_sigint);
}

Interruptible::~Interruptible() { std::signal(SIGINT, previous_); }

const std::atomic<bool>* Interruptible::flag() const { return &interrupted_flag; }

}  // namespace ringpool::cli
