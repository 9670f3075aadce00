#include "reference/api/json_values.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace ringpool::api {

using domain::Input;

Input<bool> read_bool(const nlohmann::json& value, std::string_view label) {
  if (value.is_boolean()) return Input<bool>::of(value.get<bool>());
  if (value.is_number_integer() || value.is_number_unsigned()) {
    const auto number = value.get<std::int64_t>();
    if (number == 0 || number == 1) return Input<bool>::of(number == 1);
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text == "true" || text == "1") return Input<bool>::of(true);
    if (text == "false" || text == "0") return Input<bool>::of(false);
  }
  return Input<bool>::invalid(fmt::format("{} must be true or false.", label));
}

Input<std::int64_t> read_integer(const nlohmann::json& value, std::string_view label) {
  const auto invalid = [&] { return Input<std::int64_t>::invalid(fmt::format("{} must be an integer.", label)); };
  if (value.is_number_integer()) return Input<std::int64_t>::of(value.get<std::int64_t>());
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > static_cast<std::uint64_t>(INT64_MAX)) return invalid();
    return Input<std::int64_t>::of(static_cast<std::int64_t>(number));
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return invalid();
    std::int64_t number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error != std::errc{} || end != text.data() + text.size()) return invalid();
    return Input<std::int64_t>::of(number);
  }
  return invalid();
}

Input<double> read_number(const nlohmann::json& value, std::string_view label) {
  const auto invalid = [&] { return Input<double>::invalid(fmt::format("{} must be a number.", label)); };
  if (value.is_number()) {
    const double number = value.get<double>();
    return std::isfinite(number) ? Input<double>::of(number) : invalid();
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    double number = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (text.empty() || error != std::errc{} || end != text.data() + text.size() || !std::isfinite(number))
      return invalid();
    return Input<double>::of(number);
  }
  return invalid();
}

Input<std::string> read_string(const nlohmann::json& value, std::string_view label) {
  if (value.is_string()) return Input<std::string>::of(value.get<std::string>());
  return Input<std::string>::invalid(fmt::format("{} must be a string.", label));
}

}  // namespace ringpool::api
