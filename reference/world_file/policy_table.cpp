#include "reference/world_file/policy_table.hpp"

#include "reference/world_file/world_sections.hpp"

namespace ringpool::world_file {

std::expected<domain::ReferencePolicy, LoadError> read_policy_table(const toml::table& table,
                                                                    std::string_view source_name) {
  try {
    detail::TableReader reader(table, source_name, "policy");
    return detail::read_policy(reader);
  } catch (const detail::LoadFailure& failure) {
    return std::unexpected(failure.error);
  }
}

}  // namespace ringpool::world_file
