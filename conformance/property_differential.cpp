#include "conformance/property_differential.hpp"

#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace ringpool::conformance::property {

namespace {

constexpr std::array<std::string_view, 6> kTransportHeaders = {"Server",     "Date",      "Content-Length",
                                                               "Connection", "Keep-Alive", "Transfer-Encoding"};
constexpr std::string_view kProcessingTime = "processing-time";
constexpr std::size_t kQuotedBodyBytes = 2048;

bool same_name(std::string_view a, std::string_view b) {
  const api::HeaderNameLess less;
  return !less(a, b) && !less(b, a);
}

bool compared(std::string_view name) {
  return std::none_of(kTransportHeaders.begin(), kTransportHeaders.end(),
                      [&](std::string_view transport) { return same_name(name, transport); });
}

// The headers an answer is judged by, in a stable order, processing-time without its value.
std::vector<std::pair<std::string, std::string>> judged_headers(const api::Response& response) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, value] : response.headers) {
    if (!compared(name)) continue;
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out.emplace_back(std::move(lower), same_name(name, kProcessingTime) ? std::string("<any>") : value);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::string quote(const api::Response& response) {
  std::string out = fmt::format("{}", response.status);
  if (!response.content_type.empty()) out += fmt::format(", Content-Type: {}", response.content_type);
  for (const auto& [name, value] : judged_headers(response)) out += fmt::format(", {}: {}", name, value);
  const std::string_view body(response.body);
  out += fmt::format(", body ({} bytes): {}", body.size(), body.substr(0, kQuotedBodyBytes));
  if (body.size() > kQuotedBodyBytes) out += " ...";
  return out;
}

}  // namespace

std::string answer_difference(const api::Response& live, const api::Response& reference) {
  if (live.status != reference.status) return fmt::format("status {} where the reference answers {}", live.status, reference.status);
  if (live.content_type != reference.content_type)
    return fmt::format("Content-Type '{}' where the reference answers '{}'", live.content_type, reference.content_type);
  const auto live_headers = judged_headers(live);
  const auto reference_headers = judged_headers(reference);
  if (live_headers != reference_headers) {
    for (const auto& header : reference_headers)
      if (std::find(live_headers.begin(), live_headers.end(), header) == live_headers.end())
        return fmt::format("header '{}: {}' of the reference missing or different", header.first, header.second);
    for (const auto& header : live_headers)
      if (std::find(reference_headers.begin(), reference_headers.end(), header) == reference_headers.end())
        return fmt::format("header '{}: {}' that the reference does not send", header.first, header.second);
  }
  if (live.body != reference.body) {
    const auto mismatch = std::mismatch(live.body.begin(), live.body.end(), reference.body.begin(), reference.body.end());
    return fmt::format("body differs from byte {} on ({} bytes, the reference's {})", mismatch.first - live.body.begin(),
                       live.body.size(), reference.body.size());
  }
  return {};
}

std::string differential_unsupported(const Capabilities& capabilities) {
  for (std::string_view needed : {capability::kReset, capability::kWorld, capability::kClock})
    if (!capabilities.has(needed)) {
      const auto why = capabilities.absent.find(needed);
      return fmt::format(
          "--differential needs a ringpool server with the control API (ringpool serve --control), but the target "
          "lacks '{}': {}",
          needed, why != capabilities.absent.end() ? why->second : "not probed");
    }
  return {};
}

std::string Divergence::describe() const {
  return fmt::format("request {} of the run: {}\n  differs: {}\n  live:      {}\n  reference: {}", request, request_line,
                     difference, live, reference);
}

DifferentialTarget::DifferentialTarget(std::unique_ptr<Target> live, std::string control_token,
                                       std::function<std::string(std::string)> redact)
    : live_(std::move(live)),
      reference_(control_token),
      control_token_(std::move(control_token)),
      redact_(std::move(redact)) {}

std::string DifferentialTarget::describe() const { return live_->describe() + " (differential: against an in-process reference)"; }

std::expected<void, std::string> DifferentialTarget::begin_scenario(std::uint64_t seed,
                                                                    const std::optional<std::string>& world_toml) {
  if (!world_toml) {
    // The live target keeps its world; so does the reference (started with the last reset).
    if (!reference_begun_)
      return std::unexpected("differential mode needs each run to start from a reset of the live server");
    return live_->begin_scenario(seed, world_toml);
  }
  requests_ = 0;
  divergence_.reset();
  if (auto live = live_->begin_scenario(seed, world_toml); !live) return live;
  if (auto reference = reference_.begin_scenario(seed, world_toml); !reference)
    return std::unexpected("the in-process reference could not load the world: " + reference.error());
  reference_begun_ = true;
  // Both clocks must now read the same instant (a server on --clock wall cannot be compared).
  const api::Request clock = api::make_request("GET", std::string(api::wire::kControlClockPath), {},
                                               {{"X-Control-Token", control_token_}});
  const Exchange live = live_->send(ApiKind::Control, clock);
  const Exchange reference = reference_.send(ApiKind::Control, clock);
  if (!live.response) return std::unexpected("the live server's clock did not answer: " + live.transport_error);
  if (const std::string difference = answer_difference(*live.response, *reference.response); !difference.empty())
    return std::unexpected(fmt::format(
        "after a reset the live server's clock is not the reference's ({}): differential mode needs a server on the "
        "virtual clock (ringpool serve --control, without --clock wall); live: {}, reference: {}",
        difference, live.response->body, reference.response->body));
  return {};
}

Exchange DifferentialTarget::send(ApiKind api, const api::Request& request) {
  Exchange live = live_->send(api, request);
  // Without an answer there is nothing to compare (the runner judges the transport error); the
  // reference still takes the request, so that both stay in step if the live server did too.
  const Exchange reference = reference_.send(api, request);
  ++requests_;
  if (!live.response || !reference.response || divergence_) return live;
  std::string difference = answer_difference(*live.response, *reference.response);
  if (difference.empty()) return live;
  divergence_ = Divergence{requests_, redact_(fmt::format("{} {}", request.method, request.target)), redact_(std::move(difference)),
                           redact_(quote(*live.response)), redact_(quote(*reference.response))};
  return live;
}

std::optional<Divergence> DifferentialTarget::take_divergence() {
  std::optional<Divergence> out = std::move(divergence_);
  divergence_.reset();
  return out;
}

}  // namespace ringpool::conformance::property
