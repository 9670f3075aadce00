// Structured requests into Service::handle: the method, a path built from the APIs' shapes (each
// segment either a valid value or fuzzed bytes), query parameters the APIs read, the headers they
// check, and a body. Reaches deeper than raw bytes because most inputs pass routing and keys.
#include "fuzz/fuzz_support.hpp"

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>

namespace {

using ringpool::fuzz::Harness;

std::string pick_or_fuzz(FuzzedDataProvider& in, std::initializer_list<const char*> valid) {
  const std::size_t choice = in.ConsumeIntegralInRange<std::size_t>(0, valid.size());
  if (choice < valid.size()) return *(valid.begin() + choice);
  return in.ConsumeRandomLengthString(24);
}

std::string pool_id(FuzzedDataProvider& in, const Harness& harness) {
  const auto& pools = harness.pools();
  const std::size_t choice = in.ConsumeIntegralInRange<std::size_t>(0, pools.size() + 2);
  if (choice < pools.size()) return pools[choice].id;
  if (choice == pools.size()) return std::to_string(in.ConsumeIntegralInRange<int>(0, 8));
  return in.ConsumeRandomLengthString(12);
}

std::string pool_key(FuzzedDataProvider& in, const Harness& harness) {
  const auto& pools = harness.pools();
  const std::size_t choice = in.ConsumeIntegralInRange<std::size_t>(0, pools.size());
  if (choice < pools.size()) return pools[choice].api_key;
  return in.ConsumeRandomLengthString(40);
}

std::string management_base(FuzzedDataProvider& in) {
  return "/api/" + pick_or_fuzz(in, {"2022-08-01", "2022-08-01"}) + "/" + pick_or_fuzz(in, {"1", "2", "3"}) +
         "/advertisers/" + pick_or_fuzz(in, {"adv-1", "adv-bulk", "adv-2"}) + "/advertiser_campaigns/" +
         pick_or_fuzz(in, {"camp-1", "camp-2", "camp-bulk"}) + "/ring_pools";
}

std::string query(FuzzedDataProvider& in, const Harness& harness) {
  std::string out;
  const int parameters = in.ConsumeIntegralInRange<int>(0, 6);
  for (int i = 0; i < parameters; ++i) {
    out += out.empty() ? "" : "&";
    const std::string name = pick_or_fuzz(in, {"ring_pool_key", "m1", "param1", "pid", "referrer", "search_engine",
                                               "search_keywords", "visitor_ip", "zip", "mobile_click_to_call",
                                               "request_id", "page", "per_page", "local_preference"});
    out += name + "=" + (name == "ring_pool_key" ? pool_key(in, harness) : in.ConsumeRandomLengthString(32));
  }
  return out;
}

std::string target(FuzzedDataProvider& in, const Harness& harness) {
  switch (in.ConsumeIntegralInRange<int>(0, 6)) {
    case 0: return management_base(in) + pick_or_fuzz(in, {".json", ".xml", ""});
    case 1: return management_base(in) + "/" + pool_id(in, harness) + pick_or_fuzz(in, {".json", ".xml", ""});
    case 2:
    case 3:
      return "/api/" + pick_or_fuzz(in, {"2015-12-09", "2014-04-17", "2011-03-01"}) + "/ring_pools/" +
             pool_id(in, harness) + "/allocate_number." + pick_or_fuzz(in, {"json", "xml", "csv"});
    case 4: return "/api/" + pick_or_fuzz(in, {"2013-07-01"}) + "/bulk.json";
    case 5:
      return "/_control/" + pick_or_fuzz(in, {"clock", "clock/advance", "reset", "bulk", "ring_pools/1", "ring_pools/3"});
    default: return in.ConsumeRandomLengthString(80);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringpool;
  FuzzedDataProvider in(data, size);
  auto& harness = fuzz::Harness::instance();
  harness.begin_input();
  api::Request request;
  request.method = pick_or_fuzz(in, {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"});
  request.target = target(in, harness);
  if (const std::string q = query(in, harness); !q.empty() || in.ConsumeBool()) request.target += "?" + q;
  if (in.ConsumeBool())
    request.headers.emplace("Authorization", pick_or_fuzz(in, {"demo-token", "other-token", "tag-token", "Bearer demo-token"}));
  if (in.ConsumeBool()) request.headers.emplace("X-Control-Token", pick_or_fuzz(in, {"fuzz-control"}));
  if (in.ConsumeBool())
    request.headers.emplace("Content-Type",
                            pick_or_fuzz(in, {"application/json", "application/x-www-form-urlencoded", "text/plain"}));
  request.body = in.ConsumeRemainingBytesAsString();
  harness.handle_checked(request);
  return 0;
}
