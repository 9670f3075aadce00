#include "reference/api/http_types.hpp"

#include <algorithm>
#include <cctype>

namespace ringpool::api {

bool HeaderNameLess::operator()(std::string_view a, std::string_view b) const {
  return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) < std::tolower(static_cast<unsigned char>(y));
  });
}

std::optional<std::string> Request::header(std::string_view name) const {
  auto it = headers.find(name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::string_view Request::path() const {
  std::string_view view = target;
  return view.substr(0, view.find('?'));
}

std::string_view Request::raw_query() const {
  std::string_view view = target;
  const auto mark = view.find('?');
  return mark == std::string_view::npos ? std::string_view{} : view.substr(mark + 1);
}

Request make_request(std::string method, std::string target, std::string body, Headers headers) {
  return Request{std::move(method), std::move(target), std::move(headers), std::move(body)};
}

std::string Piece::bytes() && {
  return render ? render() : std::move(text);
}

void join_pieces(Response& response) {
  if (!response.next_piece) return;
  while (auto piece = response.next_piece()) response.body += std::move(*piece).bytes();
  response.next_piece = nullptr;
}

}  // namespace ringpool::api
