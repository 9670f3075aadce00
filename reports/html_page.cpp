#include "reports/html_page.hpp"

#include "reports/report_text.hpp"

#include <algorithm>
#include <array>
#include <sstream>

namespace ringpool::reports::html {

namespace {

bool is_void_element(std::string_view name) {
  constexpr std::array<std::string_view, 13> names = {"area", "base", "br", "col", "embed", "hr", "img",
                                                      "input", "link", "meta", "source", "track", "wbr"};
  return std::find(names.begin(), names.end(), name) != names.end();
}

void close_empty_elements(xml_node node) {
  for (xml_node child = node.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element || std::string_view(child.name()) == "svg") continue;
    if (!child.first_child()) {
      if (!is_void_element(child.name())) child.append_child(pugi::node_pcdata);
    } else {
      close_empty_elements(child);
    }
  }
}

}  // namespace

void set(xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(xml_safe(value).c_str());
}

void text(xml_node node, std::string_view value) {
  node.append_child(pugi::node_pcdata).set_value(xml_safe(value).c_str());
}

xml_node add(xml_node parent, const char* tag, std::string_view css_class) {
  xml_node node = parent.append_child(tag);
  if (!css_class.empty()) set(node, "class", css_class);
  return node;
}

xml_node add_text(xml_node parent, const char* tag, std::string_view value, std::string_view css_class) {
  xml_node node = add(parent, tag, css_class);
  text(node, value);
  return node;
}

Page::Page(std::string_view title, std::string_view stylesheet) {
  xml_node html = document_.append_child("html");
  set(html, "lang", "en");
  xml_node head = add(html, "head");
  set(add(head, "meta"), "charset", "utf-8");
  xml_node viewport = add(head, "meta");
  set(viewport, "name", "viewport");
  set(viewport, "content", "width=device-width, initial-scale=1");
  add_text(head, "title", title);
  add_text(head, "style", stylesheet);
  body_ = add(html, "body");
}

std::string Page::render() {
  close_empty_elements(document_);
  std::ostringstream out;
  out << "<!DOCTYPE html>\n";
  document_.save(out, "", pugi::format_raw | pugi::format_no_declaration, pugi::encoding_utf8);
  out << '\n';
  return out.str();
}

}  // namespace ringpool::reports::html
