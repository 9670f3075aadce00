#include "reference/api/allocation_format.hpp"

#include "reference/api/json_text.hpp"
#include "reference/api/safe_text.hpp"

#include "reference/api/error_response.hpp"

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <algorithm>

namespace ringpool::api {

namespace {

using domain::ErrorClass;

// ---- xml ---------------------------------------------------------------------------------------

// pugixml writes through this straight into the caller's buffer.
class StringWriter final : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, std::size_t size) override {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

// Gives the document the line `<?xml version="1.0" encoding="UTF-8"?>`, which pugixml then
// prints as is (its own default declaration would omit the encoding).
void add_declaration(pugi::xml_document& document) {
  pugi::xml_node declaration = document.append_child(pugi::node_declaration);
  declaration.append_attribute("version") = "1.0";
  declaration.append_attribute("encoding") = "UTF-8";
}

void append_text_element(pugi::xml_node parent, const char* name, const std::string& text) {
  parent.append_child(name).text().set(text.c_str(), text.size());
}

// Indented like the documents' examples; pugixml does all escaping.
void save(const pugi::xml_document& document, std::string& out_body, const AllocationStyle& style) {
  StringWriter writer(out_body);
  const std::string indent(style.xml_indent);
  document.save(writer, indent.c_str(), pugi::format_default, pugi::encoding_utf8);
}

void render_xml(const AllocationAnswer& answer, std::string& out_body, const AllocationStyle& style) {
  pugi::xml_document document;
  add_declaration(document);
  pugi::xml_node response = document.append_child("Response");
  append_text_element(response, "PromoNumberFormatted", answer.number.formatted());
  append_text_element(response, "PromoNumber", answer.number.str());
  append_text_element(response, "TrackingUrl", answer.tracking_url);
  if (answer.overflow && style.overflow_flag) response.append_child("Overflow").text().set("true");
  save(document, out_body, style);
}

void render_xml_error(const domain::Error& error, std::string& out_body, const AllocationStyle& style) {
  pugi::xml_document document;
  add_declaration(document);
  pugi::xml_node root = document.append_child("Error");
  append_text_element(root, "Class", std::string(domain::class_name(error.error_class)));
  append_text_element(root, "Message", printable_text(error.message));
  save(document, out_body, style);
}

// ---- json --------------------------------------------------------------------------------------

// Keys in a fixed order: promo_number_formatted, promo_number, tracking_url[, overflow].
void render_json(const AllocationAnswer& answer, std::string& out_body, bool overflow_flag) {
  const std::string formatted = answer.number.formatted();
  const std::string digits = answer.number.str();
  out_body.reserve(96 + formatted.size() + digits.size() + answer.tracking_url.size());
  out_body.append(R"({"promo_number_formatted":)");
  append_json_string(out_body, formatted);
  out_body.append(R"(,"promo_number":)");
  append_json_string(out_body, digits);
  out_body.append(R"(,"tracking_url":)");
  append_json_string(out_body, answer.tracking_url);
  if (answer.overflow && overflow_flag) out_body.append(R"(,"overflow":true)");
  out_body.push_back('}');
}

// ---- csv ---------------------------------------------------------------------------------------

// RFC 4180: quote a field only when it holds a comma, quote, CR or LF; double inner quotes.
bool needs_csv_quotes(char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; }

void append_csv_field(std::string& out, std::string_view field) {
  // One pass with a plain predicate: find_first_of would call memchr once per character.
  if (std::ranges::none_of(field, needs_csv_quotes)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (const char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// The overflow flag has no column: the documents' csv has exactly these three (A-2).
void render_csv(const AllocationAnswer& answer, std::string& out_body, std::string_view line_end) {
  out_body.append("PromoNumberFormatted,PromoNumber,TrackingUrl");
  out_body.append(line_end);
  append_csv_field(out_body, answer.number.formatted());
  out_body.push_back(',');
  append_csv_field(out_body, answer.number.str());
  out_body.push_back(',');
  append_csv_field(out_body, answer.tracking_url);
  out_body.append(line_end);
}

// ---- plain-text errors -------------------------------------------------------------------------

bool is_json_error_object(AllocationFormat format, ErrorClass error_class) {
  return format == AllocationFormat::Json &&
         error_class == ErrorClass::OnlyBulkNumberAllocationAllowed;
}

}  // namespace

std::optional<AllocationFormat> parse_allocation_format(std::string_view extension) {
  if (extension == "xml") return AllocationFormat::Xml;
  if (extension == "json") return AllocationFormat::Json;
  if (extension == "csv") return AllocationFormat::Csv;
  return std::nullopt;
}

std::string_view content_type(AllocationFormat format) {
  switch (format) {
    case AllocationFormat::Xml: return "application/xml";
    case AllocationFormat::Json: return "application/json";
    case AllocationFormat::Csv: return "text/csv";
  }
  return "application/octet-stream";
}

void render_allocation(AllocationFormat format, const AllocationAnswer& answer, std::string& out_body,
                       const AllocationStyle& style) {
  out_body.clear();
  switch (format) {
    case AllocationFormat::Xml: render_xml(answer, out_body, style); return;
    case AllocationFormat::Json: render_json(answer, out_body, style.overflow_flag); return;
    case AllocationFormat::Csv: render_csv(answer, out_body, style.csv_line_end); return;
  }
}

void render_allocation_error(AllocationFormat format, const domain::Error& error, std::string& out_body,
                             const AllocationStyle& style) {
  out_body.clear();
  if (format == AllocationFormat::Xml) {
    render_xml_error(error, out_body, style);
    return;
  }
  if (is_json_error_object(format, error.error_class)) {
    // A-11 fixes this body byte for byte; json_error_body already orders invalid_data first.
    out_body = json_error_body(error);
    return;
  }
  out_body.append(domain::class_name(error.error_class));
  out_body.append(": ");
  out_body.append(printable_text(error.message));
}

std::string_view error_content_type(AllocationFormat format, ErrorClass error_class) {
  if (format == AllocationFormat::Xml) return "application/xml";
  if (is_json_error_object(format, error_class)) return kJsonContentType;
  return "text/plain";
}

}  // namespace ringpool::api
