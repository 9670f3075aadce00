// A valid server of the space (conformance/valid_choices.hpp) with only the named choices taken
// away from the reference's: draw_with({{"bulk-primary", "on"}, {"bearer", "bearer-only"}}).
#pragma once

#include "conformance/valid_choices.hpp"

#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace ringpool::testing {

inline conformance::valid::Draw draw_with(std::initializer_list<std::pair<std::string_view, std::string_view>> picks) {
  namespace valid = conformance::valid;
  valid::Draw draw = valid::draw(0);
  const auto choices = valid::choices();
  for (const auto& [id, name] : picks) {
    const auto choice = std::ranges::find_if(choices, [&](const valid::Choice& c) { return c.id == id; });
    BOOST_REQUIRE_MESSAGE(choice != choices.end(), "no choice " << id);
    const auto alternatives = choice->alternatives;
    const auto alternative = std::ranges::find_if(alternatives, [&](const valid::Alternative& a) { return a.name == name; });
    BOOST_REQUIRE_MESSAGE(alternative != alternatives.end(), "no alternative " << name << " of " << id);
    draw.picks[static_cast<std::size_t>(choice - choices.begin())] = static_cast<std::uint8_t>(alternative - alternatives.begin());
  }
  return draw;
}

}  // namespace ringpool::testing
