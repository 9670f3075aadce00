// Referrer URLs as the legacy API reads them (spec A-8): the host's registrable domain is the
// traffic source, and a known search engine's query parameter gives the search keywords.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace ringpool::api {

struct ReferrerInfo {
  std::string traffic_source;                   // registrable domain, lower case, e.g. "google.com"
  std::optional<std::string> search_engine;     // engine name, e.g. "google"; set for a known engine
  std::optional<std::string> search_keywords;   // decoded query value; unset when absent or empty
};

// Parses scheme://[userinfo@]host[:port][/path][?query][#fragment] with scheme http or https
// (any case). nullopt when `url` is not such a URL (other scheme, empty or malformed host, bad
// port, white space or control characters in the authority).
//
// Registrable domain: the host's last two labels, or its last three when the last two are one of
// these common two-level public suffixes (a short list, not the Public Suffix List):
//   co.uk org.uk ac.uk gov.uk me.uk ltd.uk plc.uk  com.au net.au org.au edu.au gov.au
//   co.jp ne.jp or.jp ac.jp  com.br net.br org.br  co.nz org.nz  co.in  co.za  co.kr  co.il
//   com.cn com.mx com.ar com.tr com.tw com.hk com.sg com.my com.ph com.co
// An IPv4 address or a bracketed IPv6 literal is its own traffic source.
//
// Known engines, matched on the registrable domain's first label (google.co.uk → google), with
// their keyword parameter: google q, bing q, yahoo p, duckduckgo q, baidu wd, yandex text, ask q,
// aol q.
std::optional<ReferrerInfo> parse_referrer(std::string_view url);

}  // namespace ringpool::api
