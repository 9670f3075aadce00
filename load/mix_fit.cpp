#include "load/mix_fit.hpp"

#include "conformance/world_facts.hpp"

#include <fmt/format.h>

namespace ringpool::load {

std::expected<FittedMix, std::string> fit_mix(const TrafficMix& mix, const conformance::TargetDescription& description,
                                              bool given) {
  struct Unservable {
    std::vector<RequestKind> kinds;
    const char* name;
    std::string why;
    const char* fix;
  };
  std::vector<Unservable> unservable;
  if (description.context("bulk") == nullptr)
    unservable.push_back({{RequestKind::Bulk}, "bulk", "the target description has no [bulk] table", "add one, or give bulk=0 in --mix"});
  if (conformance::network_bulk_enabled(description, "primary"))
    unservable.push_back({{RequestKind::LegacyJson, RequestKind::LegacyXml, RequestKind::LegacyCsv},
                          "json, xml and csv",
                          "the target file declares Bulk enabled on [primary]'s network (bulk_enabled = true: its pools "
                          "refuse the legacy API, B-8)",
                          "give json=0,xml=0,csv=0 in --mix"});
  FittedMix out{mix, {}};
  for (const Unservable& entry : unservable) {
    bool weighed = false;
    for (RequestKind kind : entry.kinds) weighed = weighed || out.mix.weight(kind) > 0;
    if (!weighed) continue;
    if (given) return std::unexpected(fmt::format("the mix has {} requests but {} ({})", entry.name, entry.why, entry.fix));
    for (RequestKind kind : entry.kinds) out.mix = out.mix.without(kind);
    out.left_out.push_back(fmt::format("{} ({})", entry.name, entry.why));
  }
  return out;
}

}  // namespace ringpool::load
