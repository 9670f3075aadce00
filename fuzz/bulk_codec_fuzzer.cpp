// The Bulk API's streaming request parser (api::parse_bulk_request). Beyond "no crash": it never
// accepts text that is not JSON, never returns more rows than the limit, echoes request ids as
// JSON, and agrees with nlohmann's DOM parser on how many rows a plain, shallow request has.
#include "reference/api/bulk_codec.hpp"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "fuzz: bulk codec: %s\n", what);
  std::abort();
}

// Nesting depth of the JSON text, counted without recursion (strings skipped).
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace ringpool;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto parsed = api::parse_bulk_request(body);
  // nlohmann's DOM is built only for shallow texts: its dump recursion is not what is tested.
  const bool shallow = nesting_depth(body) <= 16;
  if (parsed) {
    if (parsed->rows.empty() || parsed->rows.size() > api::kBulkMaxRows) fail("accepted an empty or oversized batch");
    for (const auto& row : parsed->rows)
      if (row.request_id_json && !nlohmann::json::accept(*row.request_id_json)) fail("a request_id echo that is not JSON");
    if (shallow && !nlohmann::json::accept(body)) fail("accepted text nlohmann rejects");
  }
  if (!shallow) return 0;
  const auto dom = nlohmann::json::parse(body, nullptr, false);
  if (dom.is_discarded() || !dom.is_object() || dom.size() != 1 || !dom.contains("requests")) return 0;
  const auto& rows = dom["requests"];
  if (!rows.is_array() || rows.empty() || rows.size() > api::kBulkMaxRows) return 0;
  // nlohmann keeps the first of duplicate keys in a row object while the codec keeps the last:
  // only rows without duplicates compare (the DOM would hide them, so compare counts only).
  if (!parsed) fail("refused a plain request nlohmann reads as 1..1000 rows");
  if (parsed->rows.size() != rows.size()) fail("a row count different from nlohmann's");
  return 0;
}
