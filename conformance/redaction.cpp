#include "conformance/redaction.hpp"

#include "conformance/client_url.hpp"
#include "reference/api/http_types.hpp"

#include <algorithm>

namespace ringpool::conformance {

namespace {

constexpr std::size_t kFindableLength = 4;

bool is_credential_header(std::string_view name) {
  const api::HeaderNameLess less;
  for (std::string_view credential : {"Authorization", "X-Control-Token"})
    if (!less(name, credential) && !less(credential, name)) return true;
  return false;
}

void replace_all(std::string& text, const std::string& secret) {
  for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + kRedacted.size()))
    text.replace(at, secret.size(), kRedacted);
}

}  // namespace

Redactor::Redactor(const TargetDescription& description, const std::string& control_token) {
  std::vector<std::string> all;
  for (const auto& [name, context] : description.contexts) all.push_back(context.token);
  all.push_back(control_token);
  for (const std::string& secret : all) {
    if (secret.empty()) continue;
    if (secret.size() < kFindableLength) {
      short_secrets_.push_back(secret);
      continue;
    }
    secrets_.push_back(secret);
    // As the client sends it in a query (oauth_token=...) or a path.
    if (std::string encoded = encode_query_component(secret); encoded != secret) secrets_.push_back(std::move(encoded));
  }
  std::sort(secrets_.begin(), secrets_.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  secrets_.erase(std::unique(secrets_.begin(), secrets_.end()), secrets_.end());
}

std::string Redactor::redact(std::string text) const {
  for (const std::string& secret : secrets_) replace_all(text, secret);
  return text;
}

void Redactor::redact(ScenarioResult& result) const {
  result.reason = redact(std::move(result.reason));
  result.reproduce = redact(std::move(result.reproduce));
  for (CheckResult& check : result.checks) {
    check.step = redact(std::move(check.step));
    check.expected = redact(std::move(check.expected));
    check.actual = redact(std::move(check.actual));
  }
  const auto redact_headers = [this](HeaderList& headers) {
    for (auto& [name, value] : headers) {
      if (is_credential_header(name)) {
        for (const std::string& secret : short_secrets_)
          if (value == secret || value == "Bearer " + secret) value = value.starts_with("Bearer ") ? "Bearer <token>" : "<token>";
      }
      value = redact(std::move(value));
    }
  };
  for (ExchangeRecord& exchange : result.exchanges) {
    exchange.url = redact(std::move(exchange.url));
    redact_headers(exchange.request_headers);
    exchange.request_body = redact(std::move(exchange.request_body));
    redact_headers(exchange.response_headers);
    exchange.response_body = redact(std::move(exchange.response_body));
    exchange.transport_error = redact(std::move(exchange.transport_error));
  }
}

}  // namespace ringpool::conformance
