#include "conformance/response_view.hpp"

#include <fmt/format.h>
#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <regex>
#include <vector>

namespace ringpool::conformance {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  return text;
}

// RFC 4180 records; accepts CRLF or LF line ends.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      any = true;
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
      }
      row.clear();
      field.clear();
      any = false;
    } else {
      field += c;
      any = true;
    }
  }
  if (any || !field.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<std::string> string_field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  return it->dump();
}

// "CLASS: MESSAGE", the json/csv error text of A-4.
ErrorView error_of_text(std::string_view body) {
  body = trim(body);
  const auto colon = body.find(": ");
  if (colon == std::string_view::npos || colon == 0) return {};
  const std::string_view name = body.substr(0, colon);
  if (!std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }))
    return {};
  return ErrorView{std::string(name), std::string(body.substr(colon + 2))};
}

}  // namespace

bool is_absolute_url(std::string_view text) {
  text = trim(text);
  const auto scheme_end = text.find("://");
  if (scheme_end == std::string_view::npos || scheme_end == 0) return false;
  for (char c : text.substr(0, scheme_end))
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return false;
  const std::string_view rest = text.substr(scheme_end + 3);
  return !rest.empty() && rest.front() != '/' && rest.find(' ') == std::string_view::npos;
}

AllocationView allocation_of_json(const nlohmann::json& object) {
  AllocationView view;
  if (!object.is_object()) return view;
  view.promo_number = string_field(object, "promo_number");
  view.promo_number_formatted = string_field(object, "promo_number_formatted");
  view.tracking_url = string_field(object, "tracking_url");
  auto overflow = object.find("overflow");
  view.overflow = overflow != object.end() && (*overflow == true || *overflow == "true");
  return view;
}

ErrorView error_of_json(const nlohmann::json& value) {
  ErrorView view;
  if (!value.is_object()) return view;
  if (auto errors = value.find("errors"); errors != value.end() && errors->is_object()) {
    view.error_class = string_field(*errors, "class");
    view.message = string_field(*errors, "invalid_data");
    return view;
  }
  // A Bulk row (B-6).
  view.error_class = string_field(value, "error_class");
  view.message = string_field(value, "message");
  return view;
}

std::string phone_output_problem(const AllocationView& view) {
  if (!view.promo_number || !view.promo_number_formatted) return "promo_number or promo_number_formatted missing";
  const std::string& number = *view.promo_number;
  const bool digits = number.size() == 10 && std::all_of(number.begin(), number.end(), [](char c) {
                        return std::isdigit(static_cast<unsigned char>(c)) != 0;
                      });
  if (!digits || number[0] < '2') return fmt::format("promo_number '{}' is not 10 NANP digits (C-2)", number);
  const std::string expected = fmt::format("{}-{}-{}", number.substr(0, 3), number.substr(3, 3), number.substr(6));
  if (*view.promo_number_formatted != expected)
    return fmt::format("promo_number_formatted '{}' is not '{}' (C-2)", *view.promo_number_formatted, expected);
  return {};
}

ResponseView::ResponseView(const api::Response& response, std::string format, bool legacy)
    : response_(response), format_(std::move(format)), legacy_(legacy) {}

std::string xml_ampersand_problem(std::string_view body) {
  static const std::regex reference(R"re(&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)re");
  for (std::size_t at = body.find('&'); at != std::string_view::npos; at = body.find('&', at + 1)) {
    const std::string_view rest = body.substr(at, 12);
    if (!std::regex_search(rest.begin(), rest.end(), reference, std::regex_constants::match_continuous))
      return fmt::format("a bare '&' in the XML ('{}'): not well-formed (A-2; write &amp;)", body.substr(at > 20 ? at - 20 : 0, 40));
  }
  return {};
}

std::string ResponseView::media_type() const {
  std::string_view type = response_.content_type;
  if (auto semicolon = type.find(';'); semicolon != std::string_view::npos) type = type.substr(0, semicolon);
  std::string out(trim(type));
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

const nlohmann::json* ResponseView::json() const {
  if (!parsed_) {
    parsed_ = true;
    auto parsed = nlohmann::json::parse(response_.body, nullptr, false);
    if (!parsed.is_discarded()) json_ = std::move(parsed);
  }
  return json_ ? &*json_ : nullptr;
}

std::optional<std::string> ResponseView::header(std::string_view name) const {
  if (!api::HeaderNameLess{}(name, "Content-Type") && !api::HeaderNameLess{}("Content-Type", name))
    return response_.content_type.empty() ? std::nullopt : std::optional<std::string>(response_.content_type);
  auto it = response_.headers.find(name);
  if (it == response_.headers.end()) return std::nullopt;
  return it->second;
}

AllocationView ResponseView::allocation() const {
  if (format_ == "xml") {
    pugi::xml_document document;
    if (!document.load_string(response_.body.c_str())) return {};
    pugi::xml_node root = document.child("Response");
    if (!root) return {};
    AllocationView view;
    const auto text_of = [&](const char* name) -> std::optional<std::string> {
      pugi::xml_node node = root.child(name);
      if (!node) return std::nullopt;
      return std::string(node.text().get());
    };
    view.promo_number = text_of("PromoNumber");
    view.promo_number_formatted = text_of("PromoNumberFormatted");
    view.tracking_url = text_of("TrackingUrl");
    auto overflow = text_of("Overflow");
    view.overflow = overflow && trim(*overflow) == "true";
    return view;
  }
  if (format_ == "csv") {
    auto rows = parse_csv(response_.body);
    if (rows.size() < 2) return {};
    AllocationView view;
    for (std::size_t i = 0; i < rows[0].size() && i < rows[1].size(); ++i) {
      const std::string_view name = trim(rows[0][i]);
      if (name == "PromoNumberFormatted") view.promo_number_formatted = rows[1][i];
      if (name == "PromoNumber") view.promo_number = rows[1][i];
      if (name == "TrackingUrl") view.tracking_url = rows[1][i];
    }
    return view;
  }
  return json() != nullptr ? allocation_of_json(*json()) : AllocationView{};
}

ErrorView ResponseView::error() const {
  if (format_ == "xml") {
    pugi::xml_document document;
    if (!document.load_string(response_.body.c_str())) return {};
    pugi::xml_node root = document.child("Error");
    if (!root) return {};
    return ErrorView{std::string(root.child("Class").text().get()), std::string(root.child("Message").text().get())};
  }
  if (json() != nullptr && json()->is_object()) {
    ErrorView view = error_of_json(*json());
    // A-4: legacy json and csv errors are "CLASS: MESSAGE"; only A-11's documented body is an object.
    if (legacy_ && !(format_ == "json" && view.error_class == "OnlyBulkNumberAllocationAllowed")) return {};
    return view;
  }
  return error_of_text(response_.body);
}

std::string ResponseView::allocation_shape_problem(bool strict) const {
  if (format_ == "xml") {
    pugi::xml_document document;
    if (!document.load_string(response_.body.c_str())) return "the body is not XML";
    if (!document.child("Response")) return "the XML root is not <Response>";
    // A-2 [doc]: <?xml version="1.0" encoding="UTF-8"?> (attribute values compared without case).
    pugi::xml_document with_declaration;
    with_declaration.load_string(response_.body.c_str(), pugi::parse_default | pugi::parse_declaration);
    const pugi::xml_node declaration = with_declaration.first_child();
    const auto lower = [](std::string text) {
      std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      return text;
    };
    if (declaration.type() != pugi::node_declaration || std::string(declaration.attribute("version").value()) != "1.0" ||
        lower(declaration.attribute("encoding").value()) != "utf-8")
      return "the XML declaration <?xml version=\"1.0\" encoding=\"UTF-8\"?> is missing (A-2)";
    if (std::string problem = xml_ampersand_problem(response_.body); !problem.empty()) return problem;
  } else if (format_ == "csv") {
    auto rows = parse_csv(response_.body);
    if (rows.empty()) return "the CSV body is empty";
    std::vector<std::string> header;
    for (const std::string& name : rows[0]) header.emplace_back(trim(name));
    // A-2 [doc]: the three columns first; extra columns may follow them.
    if (header.size() < 3 || std::vector<std::string>(header.begin(), header.begin() + 3) !=
                                  std::vector<std::string>{"PromoNumberFormatted", "PromoNumber", "TrackingUrl"})
      return fmt::format("the CSV header is '{}', not PromoNumberFormatted,PromoNumber,TrackingUrl (extra columns may follow)",
                         fmt::join(rows[0], ","));
    if (rows.size() != 2) return fmt::format("the CSV has {} data rows, not 1", rows.size() - 1);
    // RFC 4180: every record has as many fields as the header (a comma left unquoted adds one).
    if (rows[1].size() != rows[0].size())
      return fmt::format("the CSV row has {} fields and the header {} (RFC 4180: a field with a comma is quoted)", rows[1].size(),
                         rows[0].size());
  } else if (json() == nullptr || !json()->is_object()) {
    return "the body is not a JSON object";
  }
  const AllocationView view = allocation();
  if (!view.promo_number) return "promo_number is missing";
  if (!view.promo_number_formatted) return "promo_number_formatted is missing";
  if (!view.tracking_url) return "tracking_url is missing";
  if (!strict) return {};
  if (auto problem = phone_output_problem(view); !problem.empty()) return problem;
  if (trim(*view.tracking_url) != *view.tracking_url) return "tracking_url has surrounding white space";
  return {};
}

std::string ResponseView::error_shape_problem() const {
  if (format_ == "xml") {
    pugi::xml_document document;
    if (!document.load_string(response_.body.c_str())) return "the body is not XML";
    pugi::xml_node root = document.child("Error");
    if (!root || !root.child("Class") || !root.child("Message")) return "not <Error><Class/><Message/></Error>";
    return xml_ampersand_problem(response_.body);
  }
  if (json() != nullptr && json()->is_object()) {
    if (legacy_ && !error().error_class)
      return fmt::format("a JSON errors object: legacy {} errors are the text \"CLASS: MESSAGE\" (A-4)", format_);
    auto errors = json()->find("errors");
    if (errors == json()->end() || !errors->is_object() || errors->empty()) return "no \"errors\" object";
    return {};
  }
  if (!error_of_text(response_.body).error_class) return "neither an errors object nor \"CLASS: MESSAGE\" text";
  return {};
}

}  // namespace ringpool::conformance
