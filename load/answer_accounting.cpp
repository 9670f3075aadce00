#include "load/answer_accounting.hpp"

#include "conformance/response_view.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ringpool::load {

std::string error_class_of(RequestKind kind, const transport::ClientAnswer& answer) {
  if (!answer.response) return "transport: " + answer.transport_error;
  const api::Response& response = *answer.response;
  const std::string format = kind == RequestKind::LegacyXml ? "xml" : kind == RequestKind::LegacyCsv ? "csv" : "json";
  const conformance::ResponseView view(response, format);
  return fmt::format("{} {}", response.status, view.error().error_class.value_or("(no class)"));
}

void AnswerAccounting::window(Clock::time_point start, Clock::time_point end, double seconds) {
  start_ = start;
  end_ = end;
  result_.timeline.resize(static_cast<std::size_t>(std::ceil(seconds)));
}

void AnswerAccounting::answered(RequestKind kind, Clock::time_point due, const transport::ClientAnswer& answer) {
  const bool failed = !answer.response || answer.response->status < 200 || answer.response->status >= 300;
  ++requests_seen_;
  if (failed) ++errors_seen_;
  ++answers_this_second_;
  if (due < start_ || due >= end_) return;
  const auto latency = answer.received - due;
  const std::string name(kind_name(kind));
  ++result_.requests;
  ++result_.requests_by_kind[name];
  result_.latency.record(latency);
  result_.latency_by_kind.try_emplace(name).first->second.record(latency);
  const auto second = static_cast<std::size_t>(std::chrono::duration_cast<std::chrono::seconds>(due - start_).count());
  if (second < result_.timeline.size()) {
    TimelineSecond& bucket = result_.timeline[second];
    ++bucket.requests;
    bucket.latency.record(latency);
    if (failed) ++bucket.errors;
  }
  if (failed) {
    ++result_.errors;
    ++result_.errors_by_class[error_class_of(kind, answer)];
  }
}

std::uint64_t AnswerAccounting::take_answers_this_second() {
  const std::uint64_t out = answers_this_second_;
  answers_this_second_ = 0;
  return out;
}

}  // namespace ringpool::load
