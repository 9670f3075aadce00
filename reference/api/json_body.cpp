#include "reference/api/json_body.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ringpool::api {

JsonBody parse_json_body(std::string_view text, DeepValues deep, std::size_t max_depth) {
  JsonBody body;
  bool too_deep = false;
  // The callback sees every container start with its depth (0 for the outermost); returning false
  // makes the parser skip the value without building it, and the parser itself keeps explicit
  // stacks, so a body of any depth costs no recursion.
  const auto bound_depth = [&too_deep, deep, max_depth](int depth, nlohmann::json::parse_event_t event, nlohmann::json&) {
    if ((event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start) &&
        static_cast<std::size_t>(depth) >= max_depth) {
      too_deep = true;
      return false;  // not built: nothing later (validation, echo, destruction) recurses into it
    }
    return !too_deep || deep == DeepValues::Prune;
  };
  // Fewer '[' and '{' in the whole text than max_depth: nothing can nest that deep, and the plain
  // parser (far cheaper than the callback one, which runs for every value) builds the same value.
  const auto openers = static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return c == '[' || c == '{'; }));
  try {
    if (openers < max_depth) body.value = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/true);
    else body.value = nlohmann::json::parse(text, bound_depth, /*allow_exceptions=*/true);
  } catch (const nlohmann::json::exception& failure) {
    body.value = nlohmann::json(nlohmann::json::value_t::discarded);
    // e.g. "[json.exception.out_of_range.406] number overflow parsing '1e999'": keep the part
    // after the library's bracketed id.
    std::string_view what = failure.what();
    if (const auto close = what.find("] "); what.starts_with('[') && close != std::string_view::npos)
      what.remove_prefix(close + 2);
    body.error = fmt::format("The request body is not valid JSON: {}", what);
    return body;
  }
  if (too_deep && deep == DeepValues::Refuse) {
    body.value = nlohmann::json(nlohmann::json::value_t::discarded);
    body.error = fmt::format("The request body nests arrays or objects deeper than {} levels.", max_depth);
  }
  return body;
}

}  // namespace ringpool::api
