#include "transport/http/log_redaction.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace ringpool::transport {

namespace {

bool is_secret_name(std::string_view name) {
  static constexpr std::array<std::string_view, 5> kSecretNames = {"oauth_token", "ring_pool_key", "api_key",
                                                                   "access_token", "token"};
  return std::any_of(kSecretNames.begin(), kSecretNames.end(), [name](std::string_view secret) {
    return std::equal(name.begin(), name.end(), secret.begin(), secret.end(),
                      [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
  });
}

}  // namespace

std::string redact_target(std::string_view target) {
  const std::string_view path = target.substr(0, target.find('?'));
  if (path.size() == target.size()) return std::string(target);
  const auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return std::string(path);
  std::string out(parsed->encoded_path());
  char separator = '?';
  for (const auto& param : parsed->encoded_params()) {
    out += separator;
    separator = '&';
    out += param.key;
    if (!param.has_value) continue;
    out += '=';
    if (is_secret_name(param.key.decode())) out += "<redacted>";
    else out += param.value;
  }
  return out;
}

}  // namespace ringpool::transport
