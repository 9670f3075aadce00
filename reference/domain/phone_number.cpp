#include "reference/domain/phone_number.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <regex>

namespace ringpool::domain {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Writes `value` in decimal, zero-padded to at least `width` digits (printf's "%0*llu"), and
// returns the end. Numbers are printed often (every allocation answer), so no formatting library.
char* write_zero_padded(char* out, std::uint64_t value, std::ptrdiff_t width) {
  char digits[20];
  char* const end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  if (end - digits < width) out = std::fill_n(out, width - (end - digits), '0');
  return std::copy(digits, end, out);
}

}  // namespace

std::string PhoneNumber::str() const {
  char buffer[20];
  return std::string(buffer, write_zero_padded(buffer, digits, 10));
}

std::string PhoneNumber::formatted() const {
  char buffer[32];  // NPA (at most 13 digits for a 20-digit value) + "-XXX-XXXX"
  char* out = write_zero_padded(buffer, digits / 10'000'000, 3);
  *out++ = '-';
  out = write_zero_padded(out, digits / 10'000 % 1000, 3);
  *out++ = '-';
  out = write_zero_padded(out, digits % 10'000, 4);
  return std::string(buffer, out);
}

std::optional<PhoneNumber> parse_phone_number(std::string_view text) {
  // C-2's forms and no others: an optional country code ("1", "+1", with or without one
  // separator after it), then ten digits as NPANXXXXXX, NPA-NXX-XXXX, NPA.NXX.XXXX,
  // NPA NXX XXXX (one separator, used twice) or (NPA) NXX-XXXX (the space optional).
  static const std::regex kForms(
      R"(^(?:\+?1[ .-]?)?(?:\(([0-9]{3})\) ?([0-9]{3})[-. ]?([0-9]{4})|([0-9]{3})([-. ]?)([0-9]{3})\5([0-9]{4}))$)");
  std::match_results<std::string_view::const_iterator> match;
  if (text.size() > 32 || !std::regex_match(text.begin(), text.end(), match, kForms)) return std::nullopt;
  const bool parenthesised = match[1].matched;
  const std::string digits = parenthesised ? match[1].str() + match[2].str() + match[3].str()
                                           : match[4].str() + match[6].str() + match[7].str();
  if (digits[0] < '2') return std::nullopt;
  PhoneNumber number;
  for (char c : digits) number.digits = number.digits * 10 + static_cast<std::uint64_t>(c - '0');
  return number;
}

bool is_npa(std::string_view text) {
  return text.size() == 3 && text[0] >= '2' && text[0] <= '9' && is_digit(text[1]) && is_digit(text[2]);
}

bool is_toll_free_npa(std::uint32_t npa) {
  switch (npa) {
    case 800: case 833: case 844: case 855: case 866: case 877: case 888: return true;
    default: return false;
  }
}

}  // namespace ringpool::domain
