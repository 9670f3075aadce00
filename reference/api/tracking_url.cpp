#include "reference/api/tracking_url.hpp"

#include "reference/api/query.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>

namespace ringpool::api {

namespace {

// std::to_string's digits, without its temporary string.
void append_decimal(std::string& out, std::int64_t value) {
  char digits[20];
  out.append(digits, std::to_chars(std::begin(digits), std::end(digits), value).ptr);
}

// The landing page with `sid=<promo>&PPCPN=<promo>` added to its query, before any fragment
// (not yet percent-encoded).
std::string landing_page_with_promo(std::string_view landing_page, const domain::PhoneNumber& promo) {
  const std::size_t fragment_start = std::min(landing_page.find('#'), landing_page.size());
  const std::string_view before_fragment = landing_page.substr(0, fragment_start);
  const std::string_view fragment = landing_page.substr(fragment_start);  // "" or "#..."
  const std::string digits = promo.str();

  std::string page(before_fragment);
  // Join with '&' when the page already has a query; a page ending in '?' or '&' already has
  // its separator, so none is added (no "?&" or "&&").
  if (page.find('?') == std::string::npos)
    page.push_back('?');
  else if (page.back() != '?' && page.back() != '&')
    page.push_back('&');
  page.append("sid=").append(digits).append("&PPCPN=").append(digits);
  page.append(fragment);
  return page;
}

}  // namespace

std::string tracking_url(std::string_view host, domain::NetworkId network_id, domain::PoolId pool_id,
                         std::int64_t allocation_count, const domain::PhoneNumber& promo,
                         const std::string* landing_page, bool mobile_click_to_call, TrackingUrlForm form) {
  if (mobile_click_to_call) return "tel:+1" + promo.str();

  std::string url;
  url.reserve(48 + host.size());  // the whole URL without a landing page: one allocation
  url.append("https://").append(host);
  if (form == TrackingUrlForm::TrackPoolCount) {
    url.append("/track/");
    append_decimal(url, pool_id);
    url.push_back('/');
  } else {
    url.append("/c/");
    append_decimal(url, network_id);
    url.push_back('/');
    append_decimal(url, pool_id);
    url.push_back('-');
  }
  append_decimal(url, allocation_count);
  // An empty landing_page is treated as absent: "?us=" of just "?sid=..." would point nowhere.
  if (landing_page != nullptr && !landing_page->empty())
    url.append("?us=").append(encode_query_value(landing_page_with_promo(*landing_page, promo)));
  return url;
}

}  // namespace ringpool::api
