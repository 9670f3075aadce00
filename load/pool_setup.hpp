// What `ringpool load` does before and after its traffic, on one control connection: read the
// target's clock (the body read as every command reads it, conformance/clock_body.hpp), create
// the run's pools (ids unique to the run and the shard), read a pool's control view, delete the
// pools, and afterwards list their campaigns to make sure none of them is left (deleting once
// more what is, and reporting what stays).
#pragma once

#include "conformance/token_form.hpp"
#include "load/invariant_checker.hpp"
#include "load/load_runner.hpp"
#include "transport/http/http_client.hpp"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace ringpool::load {

struct PoolInfo {
  PoolFacts facts;
  std::string key;
  std::string base;   // management base path of its campaign
  std::string token;
  conformance::TokenForm token_form = conformance::TokenForm::Header;  // as preflight found the server takes it
  std::string table;  // "primary" or "bulk"
};

struct ClockProbe {
  std::optional<std::int64_t> now_ms;  // the target's clock, when GET /_control/clock answered a time
  int status = 0;                      // that answer's status (0: no answer or no control token)
  bool ringpool_server = false;        // `Server: ringpool/...`
};

class PoolSetup {
 public:
  PoolSetup(transport::HttpClientLoop& loop, std::size_t connection, const LoadOptions& options, std::string target_base);

  api::Request control_request(std::string method, std::string target, std::string body = {}) const;
  // The error says the target could not be reached.
  std::expected<ClockProbe, std::string> probe_clock();
  std::optional<std::int64_t> read_clock();
  // Creates the run's pools into `pools` (what was created stays there when a later one fails,
  // so it can be deleted); the error names the pool and the answer.
  std::expected<void, std::string> create_pools(std::vector<PoolInfo>& pools);
  std::optional<nlohmann::json> pool_view(std::int64_t id);
  // Problems, one line each (the pools stay listed in the result's errors).
  std::vector<std::string> delete_pools(const std::vector<PoolInfo>& pools);
  // Lists the campaigns of `pools`; a pool of this run and shard still there is deleted again,
  // and reported when it stays: "<id_from_network>: why".
  std::vector<std::string> leftovers(const std::vector<PoolInfo>& pools);

 private:
  std::string run_prefix() const;  // what every pool id of this run and shard starts with
  std::optional<std::vector<std::string>> listed_ids(const PoolInfo& pool);  // of the pool's campaign

  transport::HttpClientLoop& loop_;
  std::size_t connection_;
  const LoadOptions& options_;
  std::string target_base_;
};

}  // namespace ringpool::load
