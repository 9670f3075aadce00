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

// Masks the value that starts at `at` and ends before the first of `ends` (or the text's end).
void mask_value(std::string& text, std::size_t at, std::string_view ends, std::vector<std::string>* found) {
  std::size_t end = text.find_first_of(ends, at);
  if (end == std::string::npos) end = text.size();
  if (end == at) return;
  if (found != nullptr) found->push_back(text.substr(at, end - at));
  std::fill(text.begin() + static_cast<std::ptrdiff_t>(at), text.begin() + static_cast<std::ptrdiff_t>(end), kKeyMask);
}

// Keys shorter than this are masked only where they are seen as keys, not searched for in free text.
constexpr std::size_t kFindableKeyLength = 8;

}  // namespace

std::string mask_pool_keys_in_place(std::string text, std::vector<std::string>* found) {
  // "api_key" : "<key>" (compact or pretty JSON).
  constexpr std::string_view kMember = "\"api_key\"";
  for (std::size_t at = text.find(kMember); at != std::string::npos; at = text.find(kMember, at + 1)) {
    std::size_t value = at + kMember.size();
    while (value < text.size() && (text[value] == ' ' || text[value] == '\n' || text[value] == '\r' || text[value] == '\t'))
      ++value;
    if (value >= text.size() || text[value] != ':') continue;
    ++value;
    while (value < text.size() && (text[value] == ' ' || text[value] == '\n' || text[value] == '\r' || text[value] == '\t'))
      ++value;
    if (value >= text.size() || text[value] != '"') continue;
    mask_value(text, value + 1, "\"\\", found);
  }
  // ring_pool_key=<key> in a URL, a reproduce line, or a Bulk api_suffix inside a JSON string.
  constexpr std::string_view kParameter = "ring_pool_key=";
  for (std::size_t at = text.find(kParameter); at != std::string::npos; at = text.find(kParameter, at + 1))
    mask_value(text, at + kParameter.size(), "&#\"\\' \t\r\n", found);
  return text;
}

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
  return mask_pool_keys_in_place(std::move(text));
}

std::string Redactor::redact(std::string text, const std::vector<std::string>& keys) const {
  text = redact(std::move(text));
  for (const std::string& key : keys)
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + key.size()))
      std::fill(text.begin() + static_cast<std::ptrdiff_t>(at),
                text.begin() + static_cast<std::ptrdiff_t>(at + key.size()), kKeyMask);
  return text;
}

void Redactor::redact(ScenarioResult& result) const {
  // The pool keys the run saw, wherever they were shown as keys; then masked everywhere.
  std::vector<std::string> keys;
  const auto collect = [&keys](const std::string& text) { mask_pool_keys_in_place(text, &keys); };
  for (const ExchangeRecord& exchange : result.exchanges) {
    collect(exchange.url);
    collect(exchange.request_body);
    collect(exchange.response_body);
  }
  for (const CheckResult& check : result.checks) {
    collect(check.expected);
    collect(check.actual);
  }
  std::erase_if(keys, [](const std::string& key) { return key.size() < kFindableKeyLength || key.find_first_not_of(kKeyMask) == std::string::npos; });
  std::sort(keys.begin(), keys.end(), [](const std::string& a, const std::string& b) {
    return a.size() != b.size() ? a.size() > b.size() : a < b;
  });
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());

  result.reason = redact(std::move(result.reason), keys);
  result.reproduce = redact(std::move(result.reproduce), keys);
  for (CheckResult& check : result.checks) {
    check.step = redact(std::move(check.step), keys);
    check.expected = redact(std::move(check.expected), keys);
    check.actual = redact(std::move(check.actual), keys);
  }
  const auto redact_headers = [this, &keys](HeaderList& headers) {
    for (auto& [name, value] : headers) {
      if (is_credential_header(name)) {
        for (const std::string& secret : short_secrets_)
          if (value == secret || value == "Bearer " + secret) value = value.starts_with("Bearer ") ? "Bearer <token>" : "<token>";
      }
      value = redact(std::move(value), keys);
    }
  };
  for (ExchangeRecord& exchange : result.exchanges) {
    exchange.url = redact(std::move(exchange.url), keys);
    redact_headers(exchange.request_headers);
    exchange.request_body = redact(std::move(exchange.request_body), keys);
    redact_headers(exchange.response_headers);
    exchange.response_body = redact(std::move(exchange.response_body), keys);
    exchange.transport_error = redact(std::move(exchange.transport_error), keys);
  }
}

}  // namespace ringpool::conformance
