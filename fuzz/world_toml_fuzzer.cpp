// The world reader (world_file::load_world over toml++): any text is a world or an error naming
// the source; a world that loads is served (one list) without failing, unless it injects faults.
#include "reference/api/service.hpp"
#include "reference/world_file/world_toml.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringpool;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto world = world_file::load_world(text, "fuzz.toml", 1);
  if (!world) {
    if (world.error().describe().find("fuzz.toml") == std::string::npos) {
      std::fprintf(stderr, "fuzz: a world error that does not name the source: %s\n", world.error().describe().c_str());
      std::abort();
    }
    return 0;
  }
  // A world may ask for injected InternalServiceErrors ([faults]); those 500s are what it asked for.
  const bool faults_injected = world->faults.internal_error_probability > 0;
  api::Service service(std::move(*world));
  const api::Response listed = service.handle(api::make_request(
      "GET", "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json", {},
      {{"Authorization", "demo-token"}}));
  if (listed.status >= 500 && !(faults_injected && listed.body.find("InternalServiceError") != std::string::npos)) {
    std::fprintf(stderr, "fuzz: a loaded world answers %d: %s\n", listed.status, listed.body.c_str());
    std::abort();
  }
  return 0;
}
