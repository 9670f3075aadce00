#include "conformance/captures.hpp"

#include <algorithm>

namespace ringpool::conformance {

void capture_values(const Step& step, const ResponseView& view, ScenarioState& state) {
  for (const auto& [source, list] : step.capture) {
    std::optional<std::string> value;
    if (source == "status") value = std::to_string(view.response().status);
    else if (source == "promo_number") value = view.allocation().promo_number;
    else if (source == "promo_number_formatted") value = view.allocation().promo_number_formatted;
    else if (source == "tracking_url") value = view.allocation().tracking_url;
    else if (source == "error_class") value = view.error().error_class;
    else if (source.starts_with("header:")) value = view.header(source.substr(7));
    else if (source.starts_with('/') && view.json() != nullptr) {
      try {
        const nlohmann::json::json_pointer pointer(source);
        if (view.json()->contains(pointer)) {
          const nlohmann::json& found = view.json()->at(pointer);
          value = found.is_string() ? found.get<std::string>() : found.dump();
        }
      } catch (const nlohmann::json::exception&) {
      }
    }
    if (value) state.captures[list].push_back(*value);
    else state.captures.try_emplace(list);
  }
  if (!step.capture_rows.empty() && view.json() != nullptr && view.json()->contains("responses") &&
      (*view.json())["responses"].is_array()) {
    for (const nlohmann::json& row : (*view.json())["responses"]) {
      const AllocationView allocation = allocation_of_json(row);
      for (const auto& [source, list] : step.capture_rows) {
        std::optional<std::string> value = source == "promo_number" || source == "overflow_number" ? allocation.promo_number
                                           : source == "tracking_url"                             ? allocation.tracking_url
                                                                                                  : std::nullopt;
        // B-5 [doc]: a row is flagged "overflow": true exactly when its number is the overflow number.
        if (source == "promo_number" && allocation.overflow == true) value.reset();     // trackable numbers only
        if (source == "overflow_number" && allocation.overflow != true) value.reset();  // the flagged ones only
        if (value) state.captures[list].push_back(*value);
        else state.captures.try_emplace(list);
      }
    }
  }
}

void remember_pool(const Step& step, const ResponseView& view, const RequestBuilder& builder, ScenarioState& state) {
  const int status = view.response().status;
  if (status < 200 || status >= 300 || view.json() == nullptr || !view.json()->is_object()) return;
  const nlohmann::json& body = *view.json();
  const auto text = [&](const std::string& field) -> std::string {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
  };
  const TargetDescription& description = builder.options().description;
  PoolRecord record;
  record.context = step.context;
  record.campaign = builder.campaign_of(step, builder.placeholders().network(step.context));
  record.name = text("id_from_network");
  record.id = text(description.pool_id_field);
  record.key = text(description.pool_key_field);
  state.pools[step.alias] = record;
  // Deleted at the end even if the scenario deleted it already (a repeated delete is a no-op).
  if (step.kind == StepKind::CreatePool && std::find(state.created.begin(), state.created.end(), step.alias) == state.created.end())
    state.created.push_back(step.alias);
}

}  // namespace ringpool::conformance
