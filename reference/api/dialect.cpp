#include "reference/api/dialect.hpp"

#include <nlohmann/json.hpp>

namespace ringpool::api {

const Dialect& reference_dialect() {
  static const Dialect dialect;
  return dialect;
}

void finish_response(Response& response, const Dialect& dialect) {
  if (response.content_type.empty()) return;
  if (dialect.pretty_json && response.content_type == "application/json" && !response.body.empty()) {
    // ordered_json keeps the keys in the order they were written.
    auto parsed = nlohmann::ordered_json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) response.body = parsed.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  if (!dialect.content_type_parameters.empty()) response.content_type += dialect.content_type_parameters;
}

}  // namespace ringpool::api
