// A YAML stream read with libyaml into plain values, for tests that check YAML the repository
// ships (the Kubernetes recipe of ringpool simulate): scalars, sequences and mappings, no tags.
#pragma once

#include <boost/test/unit_test.hpp>
#include <yaml.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::test::yaml {

struct Node {
  struct Entry;  // defined below: a key and a Node (std::pair would need Node complete here)
  std::string scalar;
  std::vector<Node> items;     // a sequence
  std::vector<Entry> entries;  // a mapping

  bool has(std::string_view key) const;
  const Node& operator[](std::string_view key) const;
};

struct Node::Entry {
  std::string key;
  Node value;
};

inline bool Node::has(std::string_view key) const {
  for (const auto& [name, value] : entries)
    if (name == key) return true;
  return false;
}

inline const Node& Node::operator[](std::string_view key) const {
  for (const auto& [name, value] : entries)
    if (name == key) return value;
  BOOST_FAIL("the YAML has no key \"" << key << "\" here");
  return *this;
}

namespace detail {

inline Node convert(yaml_document_t& document, yaml_node_t* node) {
  Node out;
  switch (node->type) {
    case YAML_SCALAR_NODE:
      out.scalar.assign(reinterpret_cast<const char*>(node->data.scalar.value), node->data.scalar.length);
      break;
    case YAML_SEQUENCE_NODE:
      for (yaml_node_item_t* item = node->data.sequence.items.start; item < node->data.sequence.items.top; ++item)
        out.items.push_back(convert(document, yaml_document_get_node(&document, *item)));
      break;
    case YAML_MAPPING_NODE:
      for (yaml_node_pair_t* pair = node->data.mapping.pairs.start; pair < node->data.mapping.pairs.top; ++pair)
        out.entries.push_back(Node::Entry{convert(document, yaml_document_get_node(&document, pair->key)).scalar,
                                          convert(document, yaml_document_get_node(&document, pair->value))});
      break;
    case YAML_NO_NODE: break;
  }
  return out;
}

}  // namespace detail

// Every document of `text`; a syntax error fails the test with libyaml's message and line.
inline std::vector<Node> parse_documents(const std::string& text) {
  yaml_parser_t parser;
  yaml_parser_initialize(&parser);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  std::vector<Node> documents;
  while (true) {
    yaml_document_t document;
    if (yaml_parser_load(&parser, &document) == 0) {
      const std::string problem = parser.problem != nullptr ? parser.problem : "unknown error";
      const auto line = parser.problem_mark.line + 1;
      yaml_parser_delete(&parser);
      BOOST_FAIL("YAML: " << problem << " at line " << line);
    }
    yaml_node_t* root = yaml_document_get_root_node(&document);
    if (root == nullptr) {
      yaml_document_delete(&document);
      break;
    }
    documents.push_back(detail::convert(document, root));
    yaml_document_delete(&document);
  }
  yaml_parser_delete(&parser);
  return documents;
}

}  // namespace ringpool::test::yaml
