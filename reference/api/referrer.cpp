#include "reference/api/referrer.hpp"

#include "reference/api/query.hpp"

#include <algorithm>
#include <array>
#include <vector>

namespace ringpool::api {

namespace {

struct SearchEngine {
  std::string_view name;           // also the registrable domain's first label
  std::string_view keyword_param;  // the query parameter holding the search terms
};

constexpr std::array<SearchEngine, 8> kSearchEngines{{
    {"google", "q"},
    {"bing", "q"},
    {"yahoo", "p"},
    {"duckduckgo", "q"},
    {"baidu", "wd"},
    {"yandex", "text"},
    {"ask", "q"},
    {"aol", "q"},
}};

// Two-level public suffixes under which a registrable domain has three labels. Deliberately a
// short list of the common ones; the full Public Suffix List would be data to ship and update.
constexpr std::array<std::string_view, 35> kTwoLevelSuffixes{{
    "co.uk",  "org.uk", "ac.uk",  "gov.uk", "me.uk",  "ltd.uk", "plc.uk", "com.au", "net.au",
    "org.au", "edu.au", "gov.au", "co.jp",  "ne.jp",  "or.jp",  "ac.jp",  "com.br", "net.br",
    "org.br", "co.nz",  "org.nz", "co.in",  "co.za",  "co.kr",  "co.il",  "com.cn", "com.mx",
    "com.ar", "com.tr", "com.tw", "com.hk", "com.sg", "com.my", "com.ph", "com.co",
}};

bool is_two_level_suffix(std::string_view suffix) {
  return std::ranges::find(kTwoLevelSuffixes, suffix) != kTwoLevelSuffixes.end();
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    const char a = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (a != prefix[i]) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || is_digit(c) || c == '-' || c == '_';
}

std::string to_lower(std::string_view text) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lower;
}

// Splits a lower-cased host name into labels; nullopt when a label is empty or holds a
// character a host name cannot (percent escapes, spaces, ...).
std::optional<std::vector<std::string_view>> host_labels(std::string_view host) {
  std::vector<std::string_view> labels;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = std::min(host.find('.', start), host.size());
    const std::string_view label = host.substr(start, dot - start);
    if (label.empty() || !std::ranges::all_of(label, is_label_char)) return std::nullopt;
    labels.push_back(label);
    if (dot == host.size()) return labels;
    start = dot + 1;
  }
}

bool is_ipv4(const std::vector<std::string_view>& labels) {
  return labels.size() == 4 &&
         std::ranges::all_of(labels, [](std::string_view label) {
           return label.size() <= 3 && std::ranges::all_of(label, is_digit);
         });
}

// The last two labels, or three under a two-level public suffix. `host` is the labels joined.
std::string registrable_domain(std::string_view host, const std::vector<std::string_view>& labels) {
  std::size_t keep = std::min<std::size_t>(labels.size(), 2);
  if (labels.size() >= 3) {
    const std::size_t last_two_start = static_cast<std::size_t>(labels[labels.size() - 2].data() - host.data());
    if (is_two_level_suffix(host.substr(last_two_start))) keep = 3;
  }
  const std::size_t start = static_cast<std::size_t>(labels[labels.size() - keep].data() - host.data());
  return std::string(host.substr(start));
}

// Finds the engine whose name is the registrable domain's first label.
const SearchEngine* find_engine(std::string_view registrable) {
  const std::string_view first_label = registrable.substr(0, registrable.find('.'));
  for (const SearchEngine& engine : kSearchEngines)
    if (engine.name == first_label) return &engine;
  return nullptr;
}

bool is_ipv6_char(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == ':' || c == '.';
}

// The authority's host, lower-cased and without a trailing dot, after dropping any userinfo and
// checking the port is digits; nullopt when either is malformed. An IPv6 literal keeps its
// brackets. Labels are checked later, by host_labels.
std::optional<std::string> host_of(std::string_view authority) {
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority = authority.substr(at + 1);
  std::string_view host;
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    const std::size_t close = authority.find(']');
    if (close == std::string_view::npos || close == 1) return std::nullopt;
    if (!std::ranges::all_of(authority.substr(1, close - 1), is_ipv6_char)) return std::nullopt;
    host = authority.substr(0, close + 1);
    const std::string_view tail = authority.substr(close + 1);
    if (!tail.empty() && tail.front() != ':') return std::nullopt;
    port = tail.empty() ? tail : tail.substr(1);
  } else {
    const std::size_t colon = authority.find(':');
    host = authority.substr(0, colon);
    port = colon == std::string_view::npos ? std::string_view{} : authority.substr(colon + 1);
  }
  if (port.size() > 5 || !std::ranges::all_of(port, is_digit)) return std::nullopt;
  std::string lower_host = to_lower(host);
  if (!lower_host.empty() && lower_host.back() == '.') lower_host.pop_back();  // FQDN form
  if (lower_host.empty()) return std::nullopt;
  return lower_host;
}

// The decoded value of `param` in the query of `after_authority` (path?query#fragment). A
// malformed or empty value counts as absent rather than failing the whole referrer.
std::optional<std::string> query_value(std::string_view after_authority, std::string_view param) {
  const std::string_view before_fragment = after_authority.substr(0, after_authority.find('#'));
  const std::size_t query_start = before_fragment.find('?');
  if (query_start == std::string_view::npos) return std::nullopt;
  const Query query = parse_query(before_fragment.substr(query_start + 1));
  const std::string* value = query.find(param);
  if (value == nullptr || value->empty()) return std::nullopt;
  return *value;
}

}  // namespace

std::optional<ReferrerInfo> parse_referrer(std::string_view url) {
  std::string_view rest;
  if (starts_with_ignoring_case(url, "http://"))
    rest = url.substr(7);
  else if (starts_with_ignoring_case(url, "https://"))
    rest = url.substr(8);
  else
    return std::nullopt;

  // The authority runs to the first '/', '?' or '#'.
  const std::size_t authority_end = std::min(rest.find_first_of("/?#"), rest.size());
  const std::optional<std::string> host = host_of(rest.substr(0, authority_end));
  if (!host) return std::nullopt;

  ReferrerInfo info;
  if (host->front() == '[') {  // an IPv6 literal is its own traffic source
    info.traffic_source = *host;
    return info;
  }
  const auto labels = host_labels(*host);
  if (!labels) return std::nullopt;
  if (is_ipv4(*labels)) {
    info.traffic_source = *host;
    return info;
  }
  info.traffic_source = registrable_domain(*host, *labels);

  const SearchEngine* engine = find_engine(info.traffic_source);
  if (engine == nullptr) return info;
  info.search_engine = std::string(engine->name);
  info.search_keywords = query_value(rest.substr(authority_end), engine->keyword_param);
  return info;
}

}  // namespace ringpool::api
