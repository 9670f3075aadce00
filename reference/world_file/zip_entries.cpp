// [[zip]] entries: 5-digit ZIP code -> centre and state (spec W-4), used by local pools (L-3).
#include "reference/world_file/world_sections.hpp"

namespace ringpool::world_file::detail {

domain::ZipEntry read_zip_entry(TableReader& reader) {
  if (auto zipcode = reader.peek_string("zipcode"); zipcode && is_zip_code(*zipcode)) reader.set_context("zip " + *zipcode);
  reader.allow_only({"zipcode", "state", "latitude", "longitude"});
  domain::ZipEntry entry;
  entry.zipcode = reader.required_string("zipcode", StringRule{is_zip_code, "a string of 5 digits such as \"90210\""});
  entry.state = reader.required_string("state", StringRule{is_state_code, "a two-letter state code such as \"CA\""});
  entry.location.latitude = reader.required_number("latitude", -90.0, 90.0);
  entry.location.longitude = reader.required_number("longitude", -180.0, 180.0);
  return entry;
}

}  // namespace ringpool::world_file::detail
