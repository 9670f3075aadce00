#include "conformance/defect_kit.hpp"

#include "reference/api/wire_paths.hpp"

#include <fmt/format.h>

#include <regex>

namespace ringpool::conformance::defect {

namespace {

bool truthy(const Json& value) { return value == true || value == "true" || value == 1 || value == "1"; }

std::string id_text(const Json& id) { return id.is_string() ? id.get<std::string>() : id.dump(); }

// The bookkeeping of one answer, before a defect bends it (see Answered).
Answered remember(Memory& memory, const std::string& pool_id, const Allocation& allocation) {
  PoolMemory& pool = memory.pools[pool_id];
  const bool overflow = allocation.overflow_flag || pool.since_advance.contains(allocation.number) ||
                        pool.overflow_numbers.contains(allocation.number);
  ++pool.answers;
  if (pool.answers == 1) pool.first_number = allocation.number;
  pool.since_advance.insert(allocation.number);
  return Answered{pool, allocation, overflow, pool_id};
}

void after(Memory& memory, Answered& answered) {
  if (answered.overflow) {
    answered.pool.overflow_numbers.insert(answered.allocation.number);
    answered.pool.leased_at_ms.erase(answered.allocation.number);
  } else {
    answered.pool.leased_at_ms[answered.allocation.number] = memory.now_ms;
    answered.pool.last_trackable = answered.allocation.number;
  }
}

}  // namespace

// ---- memory -------------------------------------------------------------------------------------

void Memory::learn_management(const api::Request& request, const api::Response& response) {
  const auto body = Json::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("id") || !body["api_key"].is_string()) return;
  const std::string id = id_text(body["id"]);
  keys[id] = body["api_key"].get<std::string>();
  PoolMemory& pool = pools[id];
  if (pool.created_at_ms < 0) pool.created_at_ms = now_ms;
  if (body.contains("lifetime_seconds") && body["lifetime_seconds"].is_number_integer())
    pool.lifetime_seconds = body["lifetime_seconds"].get<std::int64_t>();
  const auto sent = Json::parse(request.body, nullptr, false);
  if (!sent.is_object()) return;
  if (sent.contains("fill_immediately") && truthy(sent["fill_immediately"])) fill_immediately.insert(id);
  if (sent.contains("local_center")) {
    local.insert(id);
    const Json& preferences = sent.contains("local_number_preferences") ? sent["local_number_preferences"] : Json();
    if (preferences.is_object() && string_field(preferences, "allocation_fallback_strategy") == "Wait") local_wait.insert(id);
  }
}

void Memory::learn_advance(const api::Request& request, const api::Response&) {
  const auto body = Json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("seconds") || !body["seconds"].is_number()) return;
  const double seconds = body["seconds"].get<double>();
  if (seconds <= 0) return;
  now_ms += static_cast<std::int64_t>(seconds * 1000);
  for (auto& [id, pool] : pools) {
    pool.since_advance.clear();
    if (pool.answers > 0) pool.advanced_since_first = true;
    // Leases every valid server has ended by now are forgotten (a defect re-serves only numbers
    // whose lease is surely active).
    std::erase_if(pool.leased_at_ms, [&](const auto& entry) { return now_ms >= entry.second + pool.lifetime_seconds * 1000; });
  }
}

Exchange Call::forward(const api::Request& other) const {
  Exchange exchange = inner.send(api, other);
  memory.last_forwarded = exchange.response;
  if (&other != &request && (other.target != request.target || other.body != request.body || other.method != request.method ||
                             other.headers != request.headers))
    memory.request_bent = true;
  if (!exchange.response || !is_success(*exchange.response)) return exchange;
  if (api == ApiKind::Management && (other.method == "POST" || other.method == "PUT"))
    memory.learn_management(other, *exchange.response);
  if (api == ApiKind::Control && other.method == "POST") {
    // A world reset (a live `serve --inject-defect`) starts the memory afresh, as a new scenario
    // does in process: the same commands after a reset get the same answers.
    if (other.path() == api::wire::kControlResetPath) {
      Memory fresh;
      fresh.seed = memory.seed;
      fresh.last_forwarded = std::move(memory.last_forwarded);
      memory = std::move(fresh);
    }
    if (other.path() == api::wire::kControlClockAdvancePath) memory.learn_advance(other, *exchange.response);
  }
  return exchange;
}

unsigned api_bit(ApiKind api) {
  switch (api) {
    case ApiKind::Management: return kManagement;
    case ApiKind::Allocation: return kAllocation;
    case ApiKind::Bulk: return kBulk;
    case ApiKind::Control: return kControl;
  }
  return 0;
}

// ---- reading and making answers -----------------------------------------------------------------

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }
bool is_success(const api::Response& response) { return response.status >= 200 && response.status < 300; }

std::string pool_id_of(std::string_view path) {
  const auto start = path.find("/ring_pools/");
  if (start == std::string_view::npos) return {};
  const auto id_start = start + 12;
  const auto end = path.find('/', id_start);
  return std::string(path.substr(id_start, end == std::string_view::npos ? std::string_view::npos : end - id_start));
}

std::string pool_of_suffix(std::string suffix) {
  if (!suffix.starts_with('/')) suffix.insert(0, "/");
  if (!suffix.starts_with("/ring_pools/")) suffix.insert(0, "/ring_pools");
  return pool_id_of(suffix);
}

bool is_list_path(std::string_view path) { return path.ends_with("/ring_pools.json"); }
bool is_pool_path(std::string_view path) { return contains(path, "/ring_pools/") && path.ends_with(".json"); }

std::string_view format_of(std::string_view path) {
  if (path.ends_with(".xml")) return "xml";
  if (path.ends_with(".csv")) return "csv";
  return "json";
}

std::string formatted(std::string_view number) {
  if (number.size() != 10) return std::string(number);
  return fmt::format("{}-{}-{}", number.substr(0, 3), number.substr(3, 3), number.substr(6));
}

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  if (from.empty()) return;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

Exchange answer(api::Response response) { return Exchange{std::move(response), {}}; }

api::Response json_answer(int status, const Json& body) {
  api::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}

api::Response text_answer(int status, std::string body) {
  api::Response response;
  response.status = status;
  response.content_type = "text/plain";
  response.body = std::move(body);
  return response;
}

api::Response record_invalid(std::string message) {
  return json_answer(403, {{"errors", {{"class", "RecordInvalid"}, {"invalid_data", std::move(message)}}}});
}

api::Request with_body(const api::Request& request, const Json& body) {
  api::Request out = request;
  out.body = body.dump();
  return out;
}

std::string string_field(const Json& object, const char* name) {
  if (!object.is_object()) return {};
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

void edit_pools(api::Response& response, const std::function<void(OrderedJson&)>& edit) {
  auto body = OrderedJson::parse(response.body, nullptr, false);
  bool changed = false;
  const auto visit = [&](OrderedJson& pool) {
    if (pool.is_object() && pool.contains("api_key")) {
      edit(pool);
      changed = true;
    }
  };
  if (body.is_array())
    for (auto& pool : body) visit(pool);
  else
    visit(body);
  if (changed) response.body = body.dump();
}

void edit_rows(api::Response& response, const std::function<void(OrderedJson&)>& edit) {
  auto body = OrderedJson::parse(response.body, nullptr, false);
  if (!body.is_object() || !body.contains("responses") || !body["responses"].is_array()) return;
  edit(body["responses"]);
  response.body = body.dump();
}

OrderedJson invented_row(const OrderedJson& row, const std::string& number) {
  OrderedJson out = OrderedJson::object();
  if (row.is_object() && row.contains("request_id")) out["request_id"] = row["request_id"];
  out["promo_number_formatted"] = formatted(number);
  out["promo_number"] = number;
  out["tracking_url"] = "https://network1.ringpool.test/c/1/0-1";
  return out;
}

OrderedJson error_row(const OrderedJson& row, std::string error_class, std::string message) {
  OrderedJson out = OrderedJson::object();
  if (row.is_object() && row.contains("request_id")) out["request_id"] = row["request_id"];
  out["error_class"] = std::move(error_class);
  out["message"] = std::move(message);
  return out;
}

Allocation read_allocation(const api::Response& response, std::string_view format) {
  Allocation out;
  if (response.status != 200) return out;
  std::smatch match;
  const std::string& body = response.body;
  if (format == "json") {
    const auto parsed = Json::parse(body, nullptr, false);
    out.number = string_field(parsed, "promo_number");
    if (out.number.empty()) return out;
    out.formatted = string_field(parsed, "promo_number_formatted");
    out.overflow_flag = parsed.contains("overflow") && truthy(parsed["overflow"]);
  } else if (format == "xml") {
    static const std::regex number(R"re(<PromoNumber>\s*([0-9]{10})\s*</PromoNumber>)re");
    static const std::regex formatted_number(R"re(<PromoNumberFormatted>\s*([^<]*?)\s*</PromoNumberFormatted>)re");
    if (!std::regex_search(body, match, number)) return out;
    out.number = match[1];
    if (std::regex_search(body, match, formatted_number)) out.formatted = match[1];
    out.overflow_flag = contains(body, "<Overflow>true</Overflow>");
  } else {
    static const std::regex row(R"re(\n"?([^,"\r\n]*)"?,"?([0-9]{10})"?,)re");
    if (!std::regex_search(body, match, row)) return out;
    out.formatted = match[1];
    out.number = match[2];
  }
  return out;
}

void replace_number(api::Response& response, const Allocation& allocation, const std::string& number) {
  if (allocation.number.empty() || number.empty() || number == allocation.number) return;
  if (!allocation.formatted.empty()) replace_all(response.body, allocation.formatted, formatted(number));
  replace_all(response.body, allocation.number, number);
}

// ---- bending numbers ----------------------------------------------------------------------------

Exchange bend_allocation(Call& call, const NumberChooser& choose) {
  Exchange exchange = call.forward();
  if (!exchange.response) return exchange;
  const std::string path(call.request.path());
  const Allocation allocation = read_allocation(*exchange.response, format_of(path));
  if (allocation.number.empty()) return exchange;
  Answered answered = remember(call.memory, pool_id_of(path), allocation);
  const std::string replacement = choose(call, answered);
  after(call.memory, answered);
  replace_number(*exchange.response, allocation, replacement);
  return exchange;
}

Exchange bend_bulk_rows(Call& call, const NumberChooser& choose) {
  Exchange exchange = call.forward();
  if (!exchange.response || exchange.response->status != 200) return exchange;
  const auto sent = Json::parse(call.request.body, nullptr, false);
  const Json requests = sent.is_object() && sent.contains("requests") && sent["requests"].is_array() ? sent["requests"] : Json::array();
  edit_rows(*exchange.response, [&](OrderedJson& rows) {
    for (std::size_t i = 0; i < rows.size() && i < requests.size(); ++i) {
      OrderedJson& row = rows[i];
      const std::string suffix = string_field(requests[i], "api_suffix");
      if (!row.is_object() || row.contains("error_class") || suffix.empty()) continue;
      Allocation allocation;
      allocation.number = row.contains("promo_number") && row["promo_number"].is_string() ? row["promo_number"].get<std::string>() : "";
      if (allocation.number.empty()) continue;
      allocation.overflow_flag = row.contains("overflow") && row["overflow"] == true;
      Answered answered = remember(call.memory, pool_of_suffix(suffix), allocation);
      const std::string replacement = choose(call, answered);
      after(call.memory, answered);
      if (replacement.empty() || replacement == allocation.number) continue;
      row["promo_number"] = replacement;
      if (row.contains("promo_number_formatted")) row["promo_number_formatted"] = formatted(replacement);
    }
  });
  return exchange;
}

Exchange bend_numbers(Call& call, const NumberChooser& choose) {
  return call.api == ApiKind::Bulk ? bend_bulk_rows(call, choose) : bend_allocation(call, choose);
}

std::string last_leased(const PoolMemory& pool, const std::string& besides) {
  std::string out;
  std::int64_t latest = -1;
  for (const auto& [number, at] : pool.leased_at_ms)
    if (number != besides && at >= latest) {
      latest = at;
      out = number;
    }
  return out;
}

std::string random_leased(const Memory& memory, const PoolMemory& pool, const std::string& besides) {
  std::vector<std::string> candidates;
  for (const auto& [number, at] : pool.leased_at_ms)
    if (number != besides) candidates.push_back(number);
  if (candidates.empty()) return {};
  const std::uint64_t mixed = (memory.seed ^ (pool.answers * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
  return candidates[static_cast<std::size_t>((mixed >> 17) % candidates.size())];
}

}  // namespace ringpool::conformance::defect
