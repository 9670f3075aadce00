#include "reference/api/control_api.hpp"

#include "reference/api/error_response.hpp"
#include "reference/api/json_body.hpp"
#include "reference/api/json_text.hpp"
#include "reference/api/query.hpp"
#include "reference/world_file/world_toml.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace ringpool::api {

using domain::Error;
using domain::ErrorClass;

namespace {

Response bad_request(std::string message) { return json_error(Error{ErrorClass::InvalidRequest, std::move(message)}); }

nlohmann::ordered_json clock_json(const domain::ReferenceModel& model) {
  nlohmann::ordered_json out;
  out["now"] = sim::format_iso8601(model.now());
  out["now_ms"] = model.now();
  return out;
}

Response advance(std::unique_ptr<domain::ReferenceModel>& holder, const nlohmann::json& body,
                 const std::function<double()>& stopwatch_ms) {
  domain::ReferenceModel& model = *holder;
  auto seconds = body.find("seconds");
  if (seconds == body.end() || !seconds->is_number())
    return bad_request("Body must be {\"seconds\": N} with N a number of seconds >= 0.");
  const double value = seconds->get<double>();
  if (!std::isfinite(value) || value < 0) return bad_request("seconds must be >= 0: the clock never runs backwards.");
  if (value > 3.2e9) return bad_request("seconds must be at most 3.2e9 (about 100 years).");
  const auto milliseconds = static_cast<sim::Duration>(std::llround(value * 1000.0));
  const sim::Instant target = model.now() + milliseconds;
  if (!stopwatch_ms) {
    model.advance_to(target);
    return json_response(200, dump_json(clock_json(model)));
  }
  Response response = json_response(200, "");
  response.next_piece = [&holder, started = holder.get(), target, stopwatch_ms,
                         done = false]() mutable -> std::optional<Piece> {
    if (done) return std::nullopt;
    domain::ReferenceModel& current = *holder;
    if (&current == started) {
      const double deadline = stopwatch_ms() + kAdvanceSliceMs;
      if (!current.advance_toward(target, [&] { return stopwatch_ms() >= deadline; })) return Piece{};
    }
    done = true;
    return Piece{dump_json(clock_json(current)), {}};
  };
  return response;
}

Response reset(std::unique_ptr<domain::ReferenceModel>& model, const nlohmann::json& body,
               const std::function<void(domain::World&)>& prepare_world) {
  std::uint64_t seed = model->world().seed();
  if (auto it = body.find("seed"); it != body.end()) {
    if (!it->is_number_unsigned() && !(it->is_number_integer() && it->get<std::int64_t>() >= 0))
      return bad_request("seed must be a non-negative integer.");
    seed = it->get<std::uint64_t>();
  }
  std::string world_text(world_file::default_world_toml());
  std::string source = "default";
  if (auto it = body.find("world"); it != body.end()) {
    if (!it->is_string()) return bad_request("world must be a string: \"default\" or inline TOML.");
    if (it->get<std::string>() != "default") {
      world_text = it->get<std::string>();
      source = "<inline>";
    }
  }
  auto world = world_file::load_world(world_text, source, seed);
  if (!world) return bad_request(world.error().describe());
  if (prepare_world) prepare_world(*world);
  model = std::make_unique<domain::ReferenceModel>(std::move(*world));
  nlohmann::ordered_json out;
  out["seed"] = seed;
  out["world"] = source;
  out["clock"] = clock_json(*model);
  return json_response(200, dump_json(out));
}

Response set_bulk(domain::ReferenceModel& model, const nlohmann::json& body) {
  auto enabled = body.find("enabled");
  if (enabled == body.end() || !enabled->is_boolean()) return bad_request("enabled must be true or false.");
  const bool on = enabled->get<bool>();
  auto network_it = body.find("network");
  if (network_it == body.end() || !network_it->is_number_integer())
    return bad_request("network (an integer id) is required, with advertiser or affiliate to narrow it.");
  domain::Network* network = model.world().find_network(network_it->get<domain::NetworkId>());
  if (network == nullptr) return json_error(Error{ErrorClass::RecordNotFound, "No such network."});
  const auto text_of = [](const nlohmann::json& value) {
    return value.is_string() ? value.get<std::string>() : value.dump();
  };
  // The answer names what changed; it never re-dumps the request body (whose extra keys may be
  // anything the depth bound lets through).
  nlohmann::ordered_json out;
  out["network"] = network->id;
  if (auto it = body.find("advertiser"); it != body.end()) {
    auto advertiser = network->advertisers.find(text_of(*it));
    if (advertiser == network->advertisers.end()) return json_error(Error{ErrorClass::RecordNotFound, "No such advertiser."});
    advertiser->second.bulk_enabled = on;
    out["advertiser"] = advertiser->first;
  } else if (auto it2 = body.find("affiliate"); it2 != body.end()) {
    auto affiliate = network->affiliates.find(text_of(*it2));
    if (affiliate == network->affiliates.end()) return json_error(Error{ErrorClass::RecordNotFound, "No such affiliate."});
    affiliate->second.bulk_enabled = on;
    out["affiliate"] = affiliate->first;
  } else {
    network->bulk_enabled = on;
  }
  out["enabled"] = on;
  return json_response(200, dump_json(out));
}

}  // namespace

std::string_view control_endpoint_name(ControlEndpoint endpoint) {
  switch (endpoint) {
    case ControlEndpoint::Clock: return "clock";
    case ControlEndpoint::ClockAdvance: return "clock-advance";
    case ControlEndpoint::Reset: return "reset";
    case ControlEndpoint::Bulk: return "bulk-enablement";
    case ControlEndpoint::RingPools: return "inspect";
  }
  return "clock";
}

std::optional<ControlEndpoint> parse_control_endpoint(std::string_view name) {
  for (ControlEndpoint endpoint : kControlEndpoints)
    if (control_endpoint_name(endpoint) == name) return endpoint;
  return std::nullopt;
}

std::optional<ControlEndpoint> control_endpoint_of(std::string_view path) {
  if (path == wire::kControlClockPath) return ControlEndpoint::Clock;
  if (path == wire::kControlClockAdvancePath) return ControlEndpoint::ClockAdvance;
  if (path == wire::kControlResetPath) return ControlEndpoint::Reset;
  if (path == wire::kControlBulkPath) return ControlEndpoint::Bulk;
  if (path.starts_with(wire::kControlRingPoolsPrefix)) return ControlEndpoint::RingPools;
  return std::nullopt;
}

nlohmann::ordered_json describe_pool(domain::ReferenceModel& model, const domain::RingPool& pool) {
  const domain::PoolNumbers& numbers = pool.numbers;
  nlohmann::ordered_json out;
  out["id"] = pool.id;
  out["id_from_network"] = pool.settings.id_from_network;
  out["type"] = domain::pool_type_name(pool.type);
  out["bulk_served"] = pool.bulk_served;
  out["now"] = sim::format_iso8601(model.now());
  out["max_pool_size"] = pool.settings.max_pool_size;
  out["held"] = numbers.held();
  out["leased"] = numbers.leased();
  out["idle"] = numbers.idle();
  out["quarantined"] = numbers.quarantined();
  out["provisioning"] = numbers.provisioning();
  out["local"] = numbers.local_count();
  out["overflow_number"] = numbers.overflow_number() ? nlohmann::ordered_json(numbers.overflow_number()->str())
                                                     : nlohmann::ordered_json(nullptr);
  out["allocations"] = numbers.allocation_count();
  // Why the pool has nothing to hand out, when the inventory is the cause (issue 12), and what
  // its network's inventory holds.
  const domain::InventoryState& inventory = model.engine().inventory(pool.network_id);
  const std::string shortage = model.engine().shortage_reason(pool);
  out["shortage"] = shortage.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(shortage);
  out["inventory"] = {{"toll_free_available", inventory.available_toll_free()},
                      {"local_available", inventory.available_local().size()},
                      {"aging", inventory.aging()}};
  out["autoscaling"] = {{"exhausted_since_tick", numbers.exhausted_since_tick()},
                        {"peak_utilisation_since_tick", numbers.peak_utilisation_since_tick()},
                        {"pending_release", numbers.pending_release()},
                        {"local_fill_done", pool.local_fill_done},
                        {"local_shortfall", pool.local_shortfall}};
  // Numbers in ascending order so the listing is stable.
  std::vector<const domain::NumberSlot*> slots;
  for (const auto& slot : numbers.slots())
    if (slot.status != domain::SlotStatus::Free) slots.push_back(&slot);
  std::sort(slots.begin(), slots.end(), [](auto* a, auto* b) { return a->number < b->number; });
  auto list = nlohmann::ordered_json::array();
  for (const domain::NumberSlot* slot : slots) {
    nlohmann::ordered_json entry;
    entry["number"] = slot->number.str();
    entry["status"] = domain::slot_status_name(slot->status);
    entry["local"] = slot->local;
    if (slot->status == domain::SlotStatus::Idle) entry["idle_since"] = sim::format_iso8601(slot->idle_since);
    if (slot->status == domain::SlotStatus::Leased) {
      nlohmann::ordered_json lease;
      lease["start"] = sim::format_iso8601(slot->lease_start);
      lease["end"] = sim::format_iso8601(slot->lease_end);
      lease["allocation"] = slot->lease_allocation_number;
      if (!slot->lease.affiliate.empty()) lease["affiliate"] = slot->lease.affiliate;
      nlohmann::ordered_json parameters = nlohmann::ordered_json::object();
      for (const auto& [name, value] : slot->lease.parameters) parameters[name] = value;
      lease["parameters"] = std::move(parameters);
      entry["lease"] = std::move(lease);
    }
    if (slot->status == domain::SlotStatus::Quarantined || slot->status == domain::SlotStatus::Provisioning)
      entry["available_at"] = sim::format_iso8601(slot->available_at);
    list.push_back(std::move(entry));
  }
  out["numbers"] = std::move(list);
  return out;
}

Response handle_control(std::unique_ptr<domain::ReferenceModel>& model, const Request& request,
                        const std::function<void(domain::World&)>& prepare_world,
                        const std::function<double()>& stopwatch_ms) {
  const std::string_view path = request.path();
  nlohmann::json body = nlohmann::json::object();
  if (request.method == "POST" && !request.body.empty()) {
    JsonBody parsed = parse_json_body(request.body);
    if (!parsed.ok()) return bad_request(std::move(parsed.error));
    if (!parsed.value.is_object()) return bad_request("The request body must be a JSON object.");
    body = std::move(parsed.value);
  }
  if (path == wire::kControlClockPath && request.method == "GET") return json_response(200, dump_json(clock_json(*model)));
  if (path == wire::kControlClockAdvancePath && request.method == "POST") return advance(model, body, stopwatch_ms);
  if (path == wire::kControlResetPath && request.method == "POST") return reset(model, body, prepare_world);
  if (path == wire::kControlBulkPath && request.method == "POST") return set_bulk(*model, body);
  if (path.starts_with(wire::kControlRingPoolsPrefix) && request.method == "GET") {
    const std::string_view id_text = path.substr(wire::kControlRingPoolsPrefix.size());
    const auto id = parse_decimal_id(id_text);
    domain::RingPool* pool = id ? model->world().find_pool(*id) : nullptr;
    if (pool == nullptr)
      return json_error(Error{ErrorClass::RecordNotFound, fmt::format("No live RingPool with id '{}'.", id_text)});
    model->engine().catch_up(*pool);
    return json_response(200, dump_json(describe_pool(*model, *pool)));
  }
  return json_error(Error{ErrorClass::RecordNotFound,
                          fmt::format("No control endpoint {} {}", request.method, path)});
}

}  // namespace ringpool::api
