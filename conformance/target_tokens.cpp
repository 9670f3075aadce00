#include "conformance/target_tokens.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace ringpool::conformance {

namespace {

std::string lower_case(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Words a template or a hurried edit leaves where a token belongs.
constexpr std::array<std::string_view, 14> kPlaceholderWords = {
    "token", "your-token", "your_token", "yourtoken", "api-token", "api_token", "changeme",
    "change-me", "todo", "fixme", "placeholder", "secret", "xxx", "none"};

bool on_primary_network(const TargetDescription& description, const NetworkContext& context) {
  const NetworkContext* primary = description.context("primary");
  return primary != nullptr && primary->network == context.network;
}

std::string variable_of(const TargetDescription& description, const NetworkContext& context) {
  if (!context.token_env.empty()) return context.token_env;
  return on_primary_network(description, context) ? std::string(kTokenVariable) : std::string();
}

// A variable name for a table of another network that names none, for the fix line.
std::string suggested_variable(std::string_view table) {
  std::string name = "RINGPOOL_";
  for (char c : table) name += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name + "_TOKEN";
}

}  // namespace

std::string placeholder_token_problem(std::string_view token) {
  if (token.empty()) return "it is empty";
  if (std::any_of(token.begin(), token.end(), [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }))
    return fmt::format("'{}' has white space in it, which no token has", token);
  if (token.find("...") != std::string_view::npos || token.find("\u2026") != std::string_view::npos)
    return fmt::format("'{}' is an ellipsis, not a token", token);
  if (token.front() == '<' && token.back() == '>') return fmt::format("'{}' is a template's placeholder", token);
  if (token.front() == '$') return fmt::format("'{}' is an unexpanded shell variable", token);
  const std::string lower = lower_case(token);
  for (std::string_view word : kPlaceholderWords)
    if (lower == word) return fmt::format("'{}' is a placeholder word, not a token", token);
  if (std::all_of(lower.begin(), lower.end(), [](char c) { return c == 'x' || c == '*'; }))
    return fmt::format("'{}' is a mask, not a token", token);
  return {};
}

std::vector<TokenOrigin> resolve_tokens(TargetDescription& description, const TokenSources& sources) {
  std::vector<TokenOrigin> origins;
  for (auto& [name, context] : description.contexts) {
    TokenOrigin origin;
    origin.table = name;
    origin.variable = variable_of(description, context);
    const bool flag_applies = sources.flag && context.token_env.empty() && on_primary_network(description, context);
    std::optional<std::string> from_environment;
    if (!origin.variable.empty() && sources.environment) from_environment = sources.environment(origin.variable);
    if (flag_applies) {
      context.token = *sources.flag;
      origin.source = "--token";
    } else if (from_environment) {
      context.token = *from_environment;
      origin.source = origin.variable;
    } else if (!context.token.empty()) {
      origin.source = "the target file";
    }
    origins.push_back(std::move(origin));
  }
  return origins;
}

std::vector<TokenProblem> token_problems(const TargetDescription& description, const std::vector<TokenOrigin>& origins) {
  std::vector<TokenProblem> out;
  for (const TokenOrigin& origin : origins) {
    const NetworkContext* context = description.context(origin.table);
    if (context == nullptr) continue;
    const std::string wanted = fmt::format("<the API token of network {}>", context->network);
    const std::string variable = origin.variable.empty() ? suggested_variable(origin.table) : origin.variable;
    const std::string export_line = fmt::format("export {}={}", variable, wanted);
    if (origin.source.empty()) {
      TokenProblem problem{origin.table, fmt::format("[{}] (network {}) has no API token", origin.table, context->network), {}};
      if (origin.variable.empty())
        problem.fix = fmt::format("add token_env = \"{}\" to [{}] and {} (or remove the [{}] table to skip what needs it)",
                                  variable, origin.table, export_line, origin.table);
      else
        problem.fix = export_line;
      out.push_back(std::move(problem));
      continue;
    }
    const std::string why = placeholder_token_problem(context->token);
    if (why.empty()) continue;
    const std::string where = origin.source == "the target file" ? fmt::format("the [{}] token in the target file", origin.table)
                              : origin.source == "--token"      ? std::string("--token")
                                                                 : origin.source;
    TokenProblem problem{origin.table, fmt::format("{} is not a token: {}", where, why), export_line};
    if (origin.source == "the target file")
      problem.fix = fmt::format("delete the token line from [{}] and {}", origin.table, export_line);
    else if (origin.source == "--token")
      problem.fix = fmt::format("give --token {}, or leave --token out and {}", wanted, export_line);
    out.push_back(std::move(problem));
  }
  return out;
}

}  // namespace ringpool::conformance
