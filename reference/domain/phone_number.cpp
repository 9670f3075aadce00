#include "reference/domain/phone_number.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>

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
  // Strip an optional "+1" / "1" country prefix only when it is followed by a separator or when
  // eleven digits are present, then require exactly ten digits separated only by the documented
  // punctuation.
  std::string digits;
  bool leading_plus = false;
  std::size_t i = 0;
  if (!text.empty() && text[0] == '+') {
    leading_plus = true;
    i = 1;
  }
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (is_digit(c)) {
      digits.push_back(c);
    } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
      return std::nullopt;
    }
  }
  if (digits.size() == 11 && digits[0] == '1') {
    digits.erase(0, 1);
  } else if (leading_plus) {
    return std::nullopt;  // "+" must introduce the country code 1
  }
  if (digits.size() != 10 || digits[0] < '2') return std::nullopt;
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
