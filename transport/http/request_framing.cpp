// Beast's request parser driven by hand (put(), not async_read), so that the raw header section
// is seen before it is consumed (obs-fold) and the header fields are copied before any trailer
// can be merged into them. Every check below is one Beast does not make; see the header.
#include "transport/http/request_framing.hpp"

#include <boost/asio/buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/url/parse.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <vector>

namespace ringpool::transport {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using Parser = http::request_parser<http::string_body>;
using Header = http::request<http::string_body>;

// A chunk-size line (with its extensions) or the trailer section may not grow past this without
// being complete: Beast keeps such a line in the buffer until its end arrives.
constexpr std::size_t kMaxChunkLineBytes = 16 * 1024;

HttpFailure bad_request(std::string message) { return {400, "InvalidRequest", std::move(message), {}}; }

HttpFailure failure_of(const beast::error_code& error, const ServerLimits& limits) {
  if (error == http::error::header_limit)
    return {431, "HeadersTooLarge",
            fmt::format("The request line and header fields exceed the limit of {} bytes.", limits.max_header_bytes),
            {}};
  if (error == http::error::body_limit)
    return {413, "RequestTooLarge", fmt::format("The request body exceeds the limit of {} bytes.", limits.max_body_bytes),
            {}};
  return bad_request(fmt::format("Malformed HTTP request: {}.", error.message()));
}

bool is_tchar(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u >= '0' && u <= '9') return true;
  if ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_token(std::string_view text) { return !text.empty() && std::all_of(text.begin(), text.end(), is_tchar); }

std::string_view trim_ows(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// RFC 9112 §6.1 and §6.3: the codings of every Transfer-Encoding line, in order. Each element of
// the comma-separated lists must be a bare token (empty elements are allowed, RFC 9110 §5.6.1);
// the list must end with exactly one `chunked`. A quoted or otherwise malformed element, a list
// with no coding, a last coding other than chunked or a second chunked: 400. A coding before
// chunked (gzip, or one nobody knows): 501, as the server decodes none.
std::optional<HttpFailure> check_transfer_encoding(const Header& header) {
  std::vector<std::string_view> codings;
  bool present = false;
  const auto fields = header.equal_range(http::field::transfer_encoding);
  for (auto field = fields.first; field != fields.second; ++field) {
    present = true;
    std::string_view rest = field->value();
    for (;;) {
      const auto comma = rest.find(',');
      const std::string_view element = trim_ows(rest.substr(0, comma));
      if (!element.empty()) {
        if (!is_token(element))
          return bad_request(fmt::format("Transfer-Encoding must list bare codings; '{}' is not one.",
                                         std::string(element.substr(0, 40))));
        codings.push_back(element);
      }
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  if (!present) return std::nullopt;
  if (header.version() == 10)
    return bad_request("Transfer-Encoding is not allowed in an HTTP/1.0 request (RFC 9112 §6.1).");
  if (codings.empty() || !beast::iequals(codings.back(), "chunked"))
    return bad_request("A request's Transfer-Encoding must end with chunked (RFC 9112 §6.3).");
  if (header.count(http::field::content_length) > 0)
    return bad_request("Content-Length and Transfer-Encoding together are refused (RFC 9112 §6.1).");
  const auto chunked_count =
      std::count_if(codings.begin(), codings.end(), [](std::string_view c) { return beast::iequals(c, "chunked"); });
  if (chunked_count > 1) return bad_request("chunked may be applied only once (RFC 9112 §7).");
  if (codings.size() > 1)
    return HttpFailure{501, "NotImplemented",
                       "Only Transfer-Encoding: chunked is supported; send other codings' bodies decoded.",
                       {}};
  return std::nullopt;
}

// RFC 9110 §8.6: one Content-Length line holding one decimal number. Lists of equal values may
// be accepted by the RFC, but other parsers on the path may not (a proxy, the fuzzers' oracle):
// anything but a single value is refused, so nobody has to guess.
std::optional<HttpFailure> check_content_length(const Header& header) {
  const auto fields = header.equal_range(http::field::content_length);
  std::size_t count = 0;
  for (auto field = fields.first; field != fields.second; ++field) {
    const std::string_view value = field->value();
    if (++count > 1 || value.empty() ||
        !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return bad_request("Content-Length must be one decimal number, sent once (RFC 9110 §8.6).");
  }
  return std::nullopt;
}

// RFC 9112 §3.2: one Host line, a valid uri-host [":" port], and in HTTP/1.1 one is required.
std::optional<HttpFailure> check_host(const Header& header) {
  const std::size_t hosts = header.count(http::field::host);
  if (hosts > 1) return bad_request("A request must carry one Host header field, not several (RFC 9112 §3.2).");
  if (hosts == 0) {
    if (header.version() == 11) return bad_request("An HTTP/1.1 request must carry a Host header field (RFC 9112 §3.2).");
    return std::nullopt;
  }
  const std::string_view value = header[http::field::host];
  if (value.empty()) return std::nullopt;  // allowed when the target has no authority
  const auto authority = boost::urls::parse_authority(value);
  if (!authority || authority->has_userinfo())
    return bad_request("The Host header field is not a valid host[:port] (RFC 9112 §3.2).");
  return std::nullopt;
}

// RFC 9112 §5.2: a request with obs-fold (a header line continued on the next, starting with
// SP or HTAB) is refused rather than unfolded. `raw` is the header section as received.
bool has_obs_fold(std::string_view raw) {
  for (std::size_t at = raw.find("\r\n"); at != std::string_view::npos; at = raw.find("\r\n", at + 2))
    if (at + 2 < raw.size() && (raw[at + 2] == ' ' || raw[at + 2] == '\t')) return true;
  return false;
}

// RFC 9112 §3.2: origin-form is served as it is; absolute-form (as sent to proxies) is reduced
// to its path and query; asterisk-form only with OPTIONS; CONNECT's authority-form is not
// served. The target must be ASCII (others percent-encoded), so no raw byte reaches a log.
std::optional<HttpFailure> normalise_target(const Header& header, std::string& target) {
  if (header.method() == http::verb::connect)
    return HttpFailure{501, "NotImplemented", "CONNECT is not served.", {}};
  const std::string_view raw = header.target();
  if (std::any_of(raw.begin(), raw.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; }))
    return bad_request("The request target must be ASCII; percent-encode other bytes (RFC 3986).");
  if (raw.starts_with('/')) {
    target.assign(raw);
    return std::nullopt;
  }
  if (raw == "*") {
    if (header.method() != http::verb::options) return bad_request("The asterisk-form target is for OPTIONS only.");
    target.assign(raw);
    return std::nullopt;
  }
  const auto uri = boost::urls::parse_absolute_uri(raw);
  if (!uri || (!beast::iequals(uri->scheme(), "http") && !beast::iequals(uri->scheme(), "https")) ||
      !uri->has_authority())
    return bad_request("The request target must be a path (origin-form) or an http(s) URL (absolute-form).");
  target.assign(uri->encoded_path().empty() ? std::string_view("/") : std::string_view(uri->encoded_path()));
  if (uri->has_query()) {
    target += '?';
    target.append(uri->encoded_query());
  }
  return std::nullopt;
}

// RFC 9110 §8.4 and §15.5.16: the server decodes no content coding, so a coded body is refused
// (before it is read) rather than taken for plain bytes.
std::optional<HttpFailure> check_content_encoding(const Header& header) {
  const auto fields = header.equal_range(http::field::content_encoding);
  for (auto field = fields.first; field != fields.second; ++field) {
    const std::string_view value = trim_ows(field->value());
    if (value.empty() || beast::iequals(value, "identity")) continue;
    HttpFailure failure{415, "UnsupportedMediaType",
                        "Content-Encoding is not supported: send the body without a content coding.",
                        {}};
    failure.headers.emplace("Accept-Encoding", "identity");
    return failure;
  }
  return std::nullopt;
}

std::optional<HttpFailure> check_head(const Header& header, std::string_view raw, RequestHead& head) {
  if (header.version() != 10 && header.version() != 11)
    return HttpFailure{505, "HttpVersionNotSupported", "Only HTTP/1.0 and HTTP/1.1 are served.", {}};
  if (has_obs_fold(raw)) return bad_request("Header lines may not be folded (obs-fold, RFC 9112 §5.2).");
  if (header.method() == http::verb::unknown)
    return HttpFailure{501, "NotImplemented", fmt::format("Method {} is not implemented.",
                                                          std::string(header.method_string().substr(0, 40))),
                       {}};
  if (auto failure = check_content_length(header)) return failure;
  if (auto failure = check_transfer_encoding(header)) return failure;
  if (auto failure = check_host(header)) return failure;
  if (auto failure = normalise_target(header, head.request.target)) return failure;
  if (auto failure = check_content_encoding(header)) return failure;
  return std::nullopt;
}

}  // namespace

struct RequestFramer::Impl {
  explicit Impl(const ServerLimits& server_limits) : limits(server_limits) {}

  ServerLimits limits;
  std::optional<Parser> parser;
  RequestHead head;
  HttpFailure failure;
  bool head_done = false;
  bool started = false;

  void start() {
    parser.emplace();
    parser->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.max_header_bytes, UINT32_MAX)));
    parser->body_limit(limits.max_body_bytes);
    parser->eager(false);  // the header section alone first: it is checked before any body byte
  }

  Event fail(HttpFailure refusal) {
    failure = std::move(refusal);
    return Event::Failure;
  }

  Event on_header(std::string_view raw) {
    const Header& header = parser->get();
    head = RequestHead{};
    if (auto refusal = check_head(header, raw, head)) return fail(std::move(*refusal));
    head.request.method = std::string(header.method_string());
    for (const auto& field : header)
      head.request.headers.emplace(std::string(field.name_string()), std::string(field.value()));
    head.version = header.version();
    // An Upgrade request is answered and the connection closed: the server never switches
    // protocols, and a proxy that believed it did would take what follows for raw bytes.
    head.keep_alive = header.keep_alive() && !parser->upgrade();
    head.head_method = header.method() == http::verb::head;
    head.chunked = parser->chunked();
    head.declared_body_bytes = parser->content_length().value_or(0);
    head.expects_continue = header.version() == 11 && !parser->is_done() &&
                            beast::iequals(header[http::field::expect], "100-continue");
    head_done = true;
    parser->eager(true);
    return Event::Head;
  }
};

RequestFramer::RequestFramer(const ServerLimits& limits) : impl_(std::make_unique<Impl>(limits)) {}
RequestFramer::~RequestFramer() = default;

RequestFramer::Event RequestFramer::feed(std::string_view bytes, std::size_t& consumed) {
  Impl& s = *impl_;
  consumed = 0;
  if (!s.parser) s.start();
  if (!s.head_done) {
    if (bytes.empty()) return Event::NeedMore;
    s.started = true;
    beast::error_code error;
    consumed = s.parser->put(boost::asio::buffer(bytes.data(), bytes.size()), error);
    if (error == http::error::need_more) return Event::NeedMore;
    if (error) return s.fail(failure_of(error, s.limits));
    return s.on_header(bytes.substr(0, consumed));
  }
  while (!s.parser->is_done() && consumed < bytes.size()) {
    beast::error_code error;
    const std::string_view rest = bytes.substr(consumed);
    const std::size_t used = s.parser->put(boost::asio::buffer(rest.data(), rest.size()), error);
    consumed += used;
    if (error == http::error::need_more) {
      if (used == 0 && rest.size() > kMaxChunkLineBytes)
        return s.fail(bad_request(fmt::format("A chunk-size line or the trailer section exceeds {} bytes.",
                                              kMaxChunkLineBytes)));
      if (used == 0) break;
      continue;
    }
    if (error) return s.fail(failure_of(error, s.limits));
  }
  return s.parser->is_done() ? Event::Complete : Event::NeedMore;
}

const RequestHead& RequestFramer::head() const { return impl_->head; }
bool RequestFramer::in_request() const { return impl_->started; }
std::uint64_t RequestFramer::body_bytes() const {
  return impl_->parser && impl_->head_done ? impl_->parser->get().body().size() : 0;
}
const HttpFailure& RequestFramer::failure() const { return impl_->failure; }

api::Request RequestFramer::take_request() {
  Impl& s = *impl_;
  api::Request request = std::move(s.head.request);
  request.body = std::move(s.parser->get().body());
  s.parser.reset();
  s.head = RequestHead{};
  s.head_done = false;
  s.started = false;
  return request;
}

}  // namespace ringpool::transport
