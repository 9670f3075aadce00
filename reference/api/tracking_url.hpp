// The click-through URL a legacy allocation answers with (spec A-10): the host's /c/ path, the
// landing page carried in `us=` with sid/PPCPN appended, or a tel: URI for mobile click-to-call.
#pragma once

#include "reference/api/dialect.hpp"
#include "reference/domain/phone_number.hpp"
#include "reference/domain/ring_pool.hpp"

#include <cstdint>
#include <string>
#include <string_view>

namespace ringpool::api {

// `https://<host>/c/<network_id>/<pool_id>-<allocation_count>`, plus, when `landing_page` is
// non-null and non-empty, `?us=` and the percent-encoded page with `sid=<promo>&PPCPN=<promo>`
// added to its query (before any #fragment). A true `mobile_click_to_call` answers
// `tel:+1<promo>` instead. `allocation_count` counts the pool's allocations from 1. With
// TrackingUrlForm::TrackPoolCount the path is `/track/<pool_id>/<allocation_count>` instead.
std::string tracking_url(std::string_view host, domain::NetworkId network_id, domain::PoolId pool_id,
                         std::int64_t allocation_count, const domain::PhoneNumber& promo,
                         const std::string* landing_page, bool mobile_click_to_call,
                         TrackingUrlForm form = TrackingUrlForm::NetworkPoolCount);

}  // namespace ringpool::api
