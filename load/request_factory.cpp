#include "load/request_factory.hpp"

#include "transport/http/log_redaction.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace ringpool::load {

RequestFactory::RequestFactory(const LoadOptions& options, const std::vector<PoolInfo>& pools, std::string url_path)
    : options_(options),
      pools_(pools),
      url_path_(std::move(url_path)),
      url_described_("GET " + transport::redact_target(url_path_)),
      stream_seed_(sim::Rng(options.seed).stream(fmt::format("load-shard-{}", options.shard_index)).seed()) {}

Outgoing RequestFactory::build(std::uint64_t index) const {
  sim::Rng rng(stream_seed_ ^ (0x9E3779B97F4A7C15ULL * (index + 1)));
  Outgoing out;
  out.kind = options_.mix.pick(rng);
  const std::string tag = fmt::format("r{}", index);
  if (out.kind == RequestKind::Url) {
    out.request = api::make_request("GET", url_path_);
    out.described = url_described_;
    return out;
  }
  const std::size_t legacy_pools = static_cast<std::size_t>(options_.pools);
  const bool bulk = out.kind == RequestKind::Bulk;
  const std::size_t first = bulk ? legacy_pools : 0;
  const std::size_t count = bulk ? pools_.size() - legacy_pools
                                 : (out.kind == RequestKind::ManagementRead || out.kind == RequestKind::ManagementUpdate
                                        ? pools_.size()
                                        : legacy_pools);
  out.pool = first + static_cast<std::size_t>(rng.below(count));
  const PoolInfo& pool = pools_[out.pool];
  const auto allocation_suffix = [&](std::string_view format, const std::string& parameter) {
    return fmt::format("ring_pools/{}/allocate_number.{}?ring_pool_key={}&param1={}", pool.facts.id, format, pool.key, parameter);
  };
  switch (out.kind) {
    case RequestKind::LegacyJson:
    case RequestKind::LegacyXml:
    case RequestKind::LegacyCsv: {
      const std::string_view format = kind_name(out.kind);
      out.request = api::make_request(
          "GET", fmt::format("/api/{}/{}", options_.description.allocation_version, allocation_suffix(format, tag)));
      break;
    }
    case RequestKind::Bulk: {
      nlohmann::json rows = nlohmann::json::array();
      for (int row = 0; row < options_.bulk_rows; ++row) {
        std::string id = fmt::format("{}-{}", tag, row);
        rows.push_back({{"api_suffix", allocation_suffix("json", id)}, {"request_id", id}});
        out.row_ids.push_back(std::move(id));
      }
      out.request = api::make_request("POST", "/api/2013-07-01/bulk.json", nlohmann::json{{"requests", rows}}.dump());
      out.request.headers.emplace("Content-Type", "application/json");
      out.described = fmt::format("POST /api/2013-07-01/bulk.json with {} rows for pool {} (request_id {}-0..{}-{})",
                                  options_.bulk_rows, pool.facts.id, tag, tag, options_.bulk_rows - 1);
      return out;
    }
    case RequestKind::ManagementRead:
      out.request = api::make_request(
          "GET", index % 4 == 0 ? pool.base + ".json" : fmt::format("{}/{}.json", pool.base, pool.facts.id_from_network));
      conformance::attach_token(out.request, pool.token, pool.token_form);
      break;
    case RequestKind::ManagementUpdate:
      // The name changes; every setting an allocation depends on is sent as it is, so a server
      // whose PUT replaces the settings (M-4 [dec] leaves it open) keeps them too.
      out.request = api::make_request("PUT", fmt::format("{}/{}.json", pool.base, pool.facts.id_from_network),
                                      nlohmann::ordered_json{{"name", fmt::format("ringpool load {} {}", options_.run_id, tag)},
                                                             {"max_pool_size", pool.facts.max_pool_size},
                                                             {"lifetime_seconds", pool.facts.lifetime_ms / 1000},
                                                             {"fill_immediately", true},
                                                             {"allow_overflow", pool.facts.allow_overflow}}
                                          .dump());
      conformance::attach_token(out.request, pool.token, pool.token_form);
      out.request.headers.emplace("Content-Type", "application/json");
      break;
    default: break;
  }
  out.described = out.request.method + " " + transport::redact_target(out.request.target);
  return out;
}

}  // namespace ringpool::load
