#include "cli/defect_handler.hpp"

#include "conformance/defects.hpp"
#include "reference/api/allocation_api.hpp"
#include "reference/api/bulk_api.hpp"
#include "reference/api/control_api.hpp"

#include <fmt/format.h>

namespace ringpool::cli {

namespace {

// The served Service as a conformance target: one long-lived world (a live server's), so a
// scenario's begin does nothing.
class ServedServiceTarget final : public conformance::Target {
 public:
  explicit ServedServiceTarget(api::Service& service) : service_(service) {}
  std::string describe() const override { return "ringpool serve"; }
  std::string base_url(conformance::ApiKind) const override { return "serve:"; }
  std::expected<void, std::string> begin_scenario(std::uint64_t, const std::optional<std::string>&) override {
    return {};
  }
  conformance::Exchange send(conformance::ApiKind, const api::Request& request) override {
    return conformance::Exchange{service_.handle(request), {}};
  }

 private:
  api::Service& service_;
};

// Which API a request addresses, by its path (the decorator bends answers per API).
conformance::ApiKind api_of(std::string_view path) {
  if (path.starts_with(api::kControlPrefix)) return conformance::ApiKind::Control;
  if (path == api::kBulkPath) return conformance::ApiKind::Bulk;
  if (api::match_legacy_route(path)) return conformance::ApiKind::Allocation;
  return conformance::ApiKind::Management;
}

// A token the served world accepts (what auth-ignored re-sends with): the first network's first.
std::string any_valid_token(const api::Service& service) {
  for (const auto& [id, network] : service.world().networks)
    if (!network.tokens.empty()) return network.tokens.front();
  return {};
}

struct DefectiveHandlerState {
  explicit DefectiveHandlerState(api::Service& service, const std::string& defect)
      : served(service), defective(served, defect, any_valid_token(service)) {}
  ServedServiceTarget served;
  conformance::DefectiveTarget defective;
};

}  // namespace

std::string describe_known_defects() {
  std::string out;
  for (const conformance::DefectInfo& defect : conformance::known_defects())
    out += fmt::format("  {:<28} ({}) {}\n", defect.name, defect.clause, defect.what);
  return out;
}

std::expected<transport::RequestHandler, std::string> make_defective_handler(api::Service& service,
                                                                             const std::string& defect) {
  if (conformance::find_defect(defect) == nullptr)
    return std::unexpected(fmt::format("unknown defect '{}'; known defects:\n{}", defect, describe_known_defects()));
  auto state = std::make_shared<DefectiveHandlerState>(service, defect);
  return transport::RequestHandler([state](const api::Request& request) {
    // A world reset also resets the defect's memory (DefectiveTarget::send sees control requests).
    conformance::Exchange exchange = state->defective.send(api_of(request.path()), request);
    if (exchange.response) return std::move(*exchange.response);
    api::Response failed;
    failed.status = 500;
    failed.content_type = "text/plain";
    failed.body = "InternalServiceError: " + exchange.transport_error;
    return failed;
  });
}

}  // namespace ringpool::cli
