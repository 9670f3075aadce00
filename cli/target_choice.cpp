#include "cli/target_choice.hpp"

#include "conformance/defects.hpp"
#include "conformance/http_target.hpp"
#include "conformance/reference_target.hpp"
#include "conformance/valid_server.hpp"
#include "conformance/variant_target.hpp"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace ringpool::cli {

using namespace ringpool::conformance;

std::expected<std::string, std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::unexpected(fmt::format("cannot open '{}'", path));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::expected<TargetDescription, std::string> target_description(const TargetChoice& choice) {
  if (choice.target_file.empty()) {
    if (!choice.variant()) return default_world_description();
    // A drawn valid server comes with the target file that honestly describes its world (T-5).
    auto draw = parse_variant_target(choice.target);
    if (!draw) return std::unexpected(draw.error());
    return *draw ? valid::description(valid::shape_of(**draw)) : variant_description();
  }
  auto text = read_text_file(choice.target_file);
  if (!text) return std::unexpected(text.error());
  return parse_target_description(*text, choice.target_file);
}

std::expected<std::vector<TokenOrigin>, std::string> apply_tokens(const TargetChoice& choice, const std::string& token,
                                                                  TargetDescription& description) {
  const auto read_environment = [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  const std::optional<std::string> environment_token = read_environment(kTokenVariable);
  const bool from_command_line = !token.empty() && (!environment_token || *environment_token != token);
  TokenSources sources;
  if (from_command_line) sources.flag = token;
  if (!choice.in_process()) sources.environment = read_environment;
  const std::vector<TokenOrigin> origins = resolve_tokens(description, sources);
  if (choice.in_process()) return origins;
  const std::vector<TokenProblem> problems = token_problems(description, origins);
  if (problems.empty()) return origins;
  // Tables of one network share a token: its problem is told once.
  return std::unexpected(fmt::format("{}. Fix: {}", problems.front().what, problems.front().fix));
}

std::expected<std::unique_ptr<Target>, std::string> make_target(const TargetChoice& choice, const TargetDescription& description) {
  if (!choice.defect.empty() && find_defect(choice.defect) == nullptr)
    return std::unexpected(fmt::format("unknown defect '{}' (see ringpool conform --list-defects)", choice.defect));
  std::unique_ptr<Target> target;
  if (choice.variant()) {
    auto draw = parse_variant_target(choice.target);
    if (!draw) return std::unexpected(draw.error());
    if (*draw) target = std::make_unique<VariantTarget>(choice.control_token, std::move(**draw));
    else target = std::make_unique<VariantTarget>(choice.control_token);
  } else if (choice.in_process()) {
    target = std::make_unique<ReferenceTarget>(choice.control_token);
  } else {
    HttpTargetUrls urls{choice.target, choice.target, choice.target, choice.target};
    if (!description.management_url.empty()) urls.management = description.management_url;
    if (!description.allocation_url.empty()) urls.allocation = description.allocation_url;
    if (!description.bulk_url.empty()) urls.bulk = description.bulk_url;
    if (!description.control_url.empty()) urls.control = description.control_url;
    auto created = HttpTarget::create(urls, description.timeout_seconds, choice.control_token,
                                      TlsSettings{description.tls_ca_file, description.tls_verify});
    if (!created) return std::unexpected(created.error() + " (--target is 'reference', 'variant' or a base URL)");
    target = std::move(*created);
  }
  if (choice.defect.empty()) return target;
  return std::make_unique<DefectiveTarget>(std::move(target), choice.defect, description.contexts.at("primary").token);
}

}  // namespace ringpool::cli
