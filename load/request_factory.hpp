// The k-th request of a `ringpool load` run: which kind (the seeded mix), which pool, and the
// request itself with what judging its answer needs (Bulk row ids) and how evidence quotes it
// (without secrets). Depends only on the seed and k, so shards and reruns send the same traffic.
#pragma once

#include "load/load_runner.hpp"
#include "load/pool_setup.hpp"
#include "load/traffic_mix.hpp"
#include "reference/api/http_types.hpp"
#include "sim/core/rng.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace ringpool::load {

struct Outgoing {
  api::Request request;
  RequestKind kind = RequestKind::Url;
  std::size_t pool = 0;
  std::string described;  // for evidence, without secrets
  std::vector<std::string> row_ids;
};

class RequestFactory {
 public:
  // `url_path`: what the url kind GETs. `pools` must outlive the factory.
  RequestFactory(const LoadOptions& options, const std::vector<PoolInfo>& pools, std::string url_path);

  Outgoing build(std::uint64_t index) const;

 private:
  const LoadOptions& options_;
  const std::vector<PoolInfo>& pools_;
  std::string url_path_;
  std::string url_described_;
  std::uint64_t stream_seed_;
};

}  // namespace ringpool::load
