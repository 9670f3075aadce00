// The building blocks every HTML report shares (conformance, load, capacity plan): element and
// text helpers over pugixml that make any text safe to carry, and the self-contained page frame.
#pragma once

#include <pugixml.hpp>

#include <string>
#include <string_view>

namespace ringpool::reports::html {

using pugi::xml_node;

// An attribute; characters XML cannot carry are replaced (reports::xml_safe).
void set(xml_node node, const char* name, std::string_view value);
// A text child, made safe the same way.
void text(xml_node node, std::string_view value);
// A child element, with a CSS class when one is given.
xml_node add(xml_node parent, const char* tag, std::string_view css_class = {});
// A child element holding `value` as text.
xml_node add_text(xml_node parent, const char* tag, std::string_view value, std::string_view css_class = {});

// One self-contained page: <html lang="en"> with charset, viewport, title and an inline
// stylesheet; no scripts, nothing fetched.
class Page {
 public:
  Page(std::string_view title, std::string_view stylesheet);
  Page(const Page&) = delete;
  Page& operator=(const Page&) = delete;

  xml_node body() const { return body_; }

  // The document as HTML5: a doctype, and every empty non-void element written open and closed
  // ("<div></div>": HTML parsers read "<div/>" as an open tag). Inline SVG may self-close.
  std::string render();

 private:
  pugi::xml_document document_;
  xml_node body_;
};

}  // namespace ringpool::reports::html
