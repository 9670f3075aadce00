#include "load/traffic_mix.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace ringpool::load {

namespace {

constexpr std::array<std::string_view, kRequestKindCount> kNames = {"json", "xml", "csv", "bulk", "read", "update", "url"};

}  // namespace

std::string_view kind_name(RequestKind kind) { return kNames[static_cast<std::size_t>(kind)]; }

std::expected<TrafficMix, std::string> TrafficMix::parse(std::string_view text) {
  TrafficMix mix;
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    const auto equals = item.find('=');
    if (equals == std::string_view::npos)
      return std::unexpected(fmt::format("mix item '{}' is not KIND=WEIGHT (kinds: json, xml, csv, bulk, read, update, url)", item));
    const std::string_view name = item.substr(0, equals);
    const std::string_view number = item.substr(equals + 1);
    std::size_t index = kNames.size();
    for (std::size_t i = 0; i < kNames.size(); ++i)
      if (kNames[i] == name) index = i;
    if (index == kNames.size())
      return std::unexpected(fmt::format("unknown request kind '{}' in the mix (kinds: json, xml, csv, bulk, read, update, url)", name));
    double weight = 0;
    const auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), weight);
    if (error != std::errc{} || end != number.data() + number.size() || !std::isfinite(weight) || weight < 0)
      return std::unexpected(fmt::format("mix weight '{}' of {} is not a number >= 0", number, name));
    mix.weights_[index] = weight;
  }
  mix.total_ = 0;
  for (double weight : mix.weights_) mix.total_ += weight;
  if (mix.total_ <= 0) return std::unexpected("the mix needs at least one kind with a weight > 0");
  return mix;
}

bool is_legacy_allocation(RequestKind kind) {
  return kind == RequestKind::LegacyJson || kind == RequestKind::LegacyXml || kind == RequestKind::LegacyCsv;
}

bool allocates_numbers(RequestKind kind) { return is_legacy_allocation(kind) || kind == RequestKind::Bulk; }

TrafficMix TrafficMix::default_mix() { return *parse("json=40,xml=10,csv=10,bulk=10,read=15,update=15"); }

TrafficMix TrafficMix::without(RequestKind kind) const {
  TrafficMix out = *this;
  out.total_ -= out.weights_[static_cast<std::size_t>(kind)];
  out.weights_[static_cast<std::size_t>(kind)] = 0;
  return out;
}

RequestKind TrafficMix::pick(sim::Rng& rng) const {
  double point = rng.unit() * total_;
  for (std::size_t i = 0; i < weights_.size(); ++i) {
    if (point < weights_[i]) return static_cast<RequestKind>(i);
    point -= weights_[i];
  }
  for (std::size_t i = weights_.size(); i-- > 0;)
    if (weights_[i] > 0) return static_cast<RequestKind>(i);
  return RequestKind::LegacyJson;
}

bool TrafficMix::uses_pools() const {
  for (std::size_t i = 0; i < weights_.size(); ++i)
    if (weights_[i] > 0 && static_cast<RequestKind>(i) != RequestKind::Url) return true;
  return false;
}

std::string TrafficMix::describe() const {
  std::string out;
  for (std::size_t i = 0; i < weights_.size(); ++i) {
    if (weights_[i] <= 0) continue;
    if (!out.empty()) out += ',';
    out += fmt::format("{}={:g}", kNames[i], weights_[i]);
  }
  return out;
}

}  // namespace ringpool::load
