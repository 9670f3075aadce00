// Issue 22: RFC 9112 framing as a table of cases from the RFCs and published request-smuggling
// research (Transfer-Encoding obfuscations, CL.TE and TE.CL, Host, obs-fold, trailers, chunk
// extensions, request-target forms, HEAD, Content-Encoding). Each case is either refused (400,
// or 501 for a coding or method the server does not implement, 415 for a coded body, 505 for
// another HTTP version) with the connection closed and nothing reaching the handler, or served
// exactly once, with the body the framing says. A request hidden behind each refused one must
// never be served.
#include "transport/http/http_server.hpp"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <fmt/format.h>

#include <ostream>
#include <string>
#include <vector>

namespace smuggling_table_test {

using ringpool::api::Request;
using ringpool::api::Response;
using ringpool::transport::answer_connection_bytes;
using ringpool::transport::ServerLimits;

struct Case {
  std::string name;
  std::string bytes;
  int refused_with = 0;         // 0: served exactly once
  std::string served_target;    // when served: the target the handler gets
  std::string served_body;      // when served: the body the handler gets
  std::string served_method = "POST";
};

std::ostream& operator<<(std::ostream& out, const Case& c) { return out << c.name; }

// What a proxy would take for a second request, hidden where a lenient parser sees a body.
const std::string kHidden = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
const std::string kChunkedHidden = "0\r\n\r\n" + kHidden;

std::string post(const std::string& fields, const std::string& body, const std::string& version = "HTTP/1.1") {
  return "POST /echo " + version + "\r\nHost: t\r\n" + fields + "\r\n" + body;
}
std::string with_te(const std::string& coding) { return post("Transfer-Encoding: " + coding + "\r\n", kChunkedHidden); }
Case refused(std::string name, std::string bytes, int status) { return {std::move(name), std::move(bytes), status, {}, {}}; }
Case served(std::string name, std::string bytes, std::string target, std::string body, std::string method = "POST") {
  return {std::move(name), std::move(bytes), 0, std::move(target), std::move(body), std::move(method)};
}

std::vector<Case> cases() {
  const std::string chunked_hello = "5\r\nhello\r\n0\r\n\r\n";
  return {
      // Transfer-Encoding values that are neither refused nor honoured by a token-list reading
      // (finding 1: answered as bodiless, the body then run as a second request).
      refused("TE empty", with_te(""), 400),
      refused("TE single space", post("Transfer-Encoding:  \r\n", kChunkedHidden), 400),
      refused("TE comma", with_te(","), 400),
      refused("TE quoted chunked", with_te("\"chunked\""), 400),
      refused("TE quoted x then chunked", with_te("\"x\", chunked"), 400),
      refused("TE chunked then quoted x", with_te("chunked, \"x\""), 400),
      refused("TE xchunked", with_te("xchunked"), 400),
      refused("TE chunked with a parameter", with_te("chunked;q=1"), 400),
      refused("TE chunked twice in one line", with_te("chunked, chunked"), 400),
      refused("TE chunked then identity", with_te("chunked, identity"), 400),
      refused("TE identity", with_te("identity"), 400),
      refused("TE chunked then x on two lines", post("Transfer-Encoding: chunked\r\nTransfer-Encoding: x\r\n", kChunkedHidden), 400),
      refused("TE x then chunked on two lines", post("Transfer-Encoding: x\r\nTransfer-Encoding: chunked\r\n", kChunkedHidden), 501),
      refused("TE gzip then chunked", with_te("gzip, chunked"), 501),
      refused("TE unknown coding then chunked", with_te("x-custom, chunked"), 501),
      refused("TE with space before the colon", post("Transfer-Encoding : chunked\r\n", kChunkedHidden), 400),
      refused("TE with a vertical tab", post("Transfer-Encoding: chunked\x0b\r\n", kChunkedHidden), 400),
      refused("TE with a NUL", post(std::string("Transfer-Encoding: \0chunked\r\n", 29), kChunkedHidden), 400),
      refused("TE in HTTP/1.0", post("Transfer-Encoding: chunked\r\n", kChunkedHidden, "HTTP/1.0"), 400),
      served("TE upper case", post("Transfer-Encoding: CHUNKED\r\n", chunked_hello), "/echo", "hello"),
      served("TE after a tab", post("Transfer-Encoding:\tchunked\r\n", chunked_hello), "/echo", "hello"),
      served("TE with empty list elements", post("Transfer-Encoding: , chunked\r\n", chunked_hello), "/echo", "hello"),
      served("Transfer_Encoding is another field", post("Transfer_Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n"),
             "/echo", "0\r\n\r\n"),
      // CL.TE and TE.CL: both framings at once.
      refused("CL.TE", post("Content-Length: 6\r\nTransfer-Encoding: chunked\r\n", kChunkedHidden), 400),
      refused("TE.CL", post("Transfer-Encoding: chunked\r\nContent-Length: 6\r\n", kChunkedHidden), 400),
      refused("two different Content-Lengths", post("Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"), 400),
      refused("two equal Content-Lengths", post("Content-Length: 5\r\nContent-Length: 5\r\n", "hello"), 400),
      refused("a Content-Length list", post("Content-Length: 5, 5\r\n", "hello"), 400),
      refused("Content-Length with a plus", post("Content-Length: +5\r\n", "hello"), 400),
      refused("Content-Length in hex", post("Content-Length: 0x5\r\n", "hello"), 400),
      refused("negative Content-Length", post("Content-Length: -1\r\n", "hello"), 400),
      served("Content-Length", post("Content-Length: 5\r\n", "hello"), "/echo", "hello"),
      // Host (RFC 9112 §3.2).
      refused("HTTP/1.1 without Host", "GET /echo HTTP/1.1\r\n\r\n", 400),
      refused("two Host lines", "GET /echo HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
      refused("Host with user info", "GET /echo HTTP/1.1\r\nHost: user@a\r\n\r\n", 400),
      refused("Host with a space", "GET /echo HTTP/1.1\r\nHost: a b\r\n\r\n", 400),
      served("HTTP/1.0 without Host", "GET /echo HTTP/1.0\r\n\r\n", "/echo", "", "GET"),
      served("empty Host", "GET /echo HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n", "/echo", "", "GET"),
      served("Host with a port", "GET /echo HTTP/1.1\r\nHost: a:8080\r\nConnection: close\r\n\r\n", "/echo", "", "GET"),
      // obs-fold (RFC 9112 §5.2): refused, never unfolded.
      refused("obs-fold of TE", post("Transfer-Encoding:\r\n chunked\r\n", kChunkedHidden), 400),
      refused("obs-fold with a tab", post("X-A: a\r\n\tTransfer-Encoding: chunked\r\n", kChunkedHidden), 400),
      refused("obs-fold of another field", post("X-A: a\r\n b\r\nContent-Length: 5\r\n", "hello"), 400),
      // Line endings and the request line.
      refused("bare LF", "GET /echo HTTP/1.1\nHost: t\n\n", 400),
      refused("two spaces in the request line", "GET  /echo HTTP/1.1\r\nHost: t\r\n\r\n", 400),
      refused("lower-case version", "GET /echo http/1.1\r\nHost: t\r\n\r\n", 400),
      refused("HTTP/2 preface (Beast reads no version 2.0: 400)", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 400),
      refused("unknown method", "FOO /echo HTTP/1.1\r\nHost: t\r\n\r\n", 501),
      refused("non-ASCII target", "GET /\xc3\xa9 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
      // Chunked framing: extensions are ignored when well-formed, refused otherwise.
      served("chunk extension", post("Transfer-Encoding: chunked\r\n", "5;name=value\r\nhello\r\n0\r\n\r\n"), "/echo", "hello"),
      served("quoted chunk extension", post("Transfer-Encoding: chunked\r\n", "5;n=\"v;\\\"x\"\r\nhello\r\n0\r\n\r\n"),
             "/echo", "hello"),
      refused("chunk extension with a bare LF", post("Transfer-Encoding: chunked\r\n", "5;x\nhello\r\n0\r\n\r\n" + kHidden), 400),
      refused("chunk extension without a name", post("Transfer-Encoding: chunked\r\n", "5;=x\r\nhello\r\n0\r\n\r\n" + kHidden), 400),
      refused("chunk size in 0x form", post("Transfer-Encoding: chunked\r\n", "0x5\r\nhello\r\n0\r\n\r\n" + kHidden), 400),
      refused("chunk size too large for its data", post("Transfer-Encoding: chunked\r\n", "6\r\nhello\r\n0\r\n\r\n" + kHidden), 400),
      refused("chunk data without CRLF", post("Transfer-Encoding: chunked\r\n", "5\r\nhelloXX0\r\n\r\n" + kHidden), 400),
      // Trailers: never merged into the request (finding 2); served once.
      served("trailer field", post("Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\nX-Control-Token: t\r\n\r\n"), "/echo",
             "hello"),
      // Request-target forms (RFC 9112 §3.2).
      served("absolute-form", "GET http://example.test/echo?x=1 HTTP/1.1\r\nHost: example.test\r\n\r\n", "/echo?x=1", "", "GET"),
      served("absolute-form without a path", "GET https://example.test HTTP/1.1\r\nHost: example.test\r\n\r\n", "/", "", "GET"),
      served("asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n", "*", "", "OPTIONS"),
      refused("asterisk-form with GET", "GET * HTTP/1.1\r\nHost: t\r\n\r\n", 400),
      refused("absolute-form with another scheme", "GET ftp://example.test/x HTTP/1.1\r\nHost: t\r\n\r\n", 400),
      refused("authority-form with GET", "GET example.test:80 HTTP/1.1\r\nHost: t\r\n\r\n", 400),
      refused("CONNECT", "CONNECT example.test:443 HTTP/1.1\r\nHost: example.test:443\r\n\r\n", 501),
      // HEAD: served as the GET it stands for; where GET allocates, 405.
      served("HEAD", "HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\n", "/echo", "", "GET"),
      // Content-Encoding: the server decodes none (415), identity is no coding.
      refused("gzip body", post("Content-Encoding: gzip\r\nContent-Length: 5\r\n", "hello" + kHidden), 415),
      served("identity Content-Encoding", post("Content-Encoding: identity\r\nContent-Length: 5\r\n", "hello"), "/echo",
             "hello"),
  };
}

struct Recorder {
  std::vector<Request> requests;
  Response operator()(const Request& request) {
    requests.push_back(request);
    Response response;
    response.content_type = "text/plain";
    response.body = "served";
    return response;
  }
};

BOOST_AUTO_TEST_SUITE(smuggling)

BOOST_DATA_TEST_CASE(rfc_9112_framing_table, boost::unit_test::data::make(cases()), entry) {
  Recorder recorder;
  const std::string out = answer_connection_bytes(std::ref(recorder), entry.bytes, ServerLimits{}, "ringpool/test");
  if (entry.refused_with != 0) {
    BOOST_TEST(out.starts_with(fmt::format("HTTP/1.1 {} ", entry.refused_with)), entry.name << ": " << out.substr(0, 200));
    BOOST_TEST(out.find("\r\nConnection: close\r\n") != std::string::npos, entry.name);
    BOOST_TEST(recorder.requests.empty(), entry.name << ": the handler was called");
    return;
  }
  BOOST_REQUIRE_MESSAGE(recorder.requests.size() == 1U, entry.name << ": served " << recorder.requests.size()
                                                                   << " times; answer: " << out.substr(0, 300));
  const Request& request = recorder.requests.front();
  BOOST_TEST(request.method == entry.served_method, entry.name);
  BOOST_TEST(request.target == entry.served_target, entry.name);
  BOOST_TEST(request.body == entry.served_body, entry.name);
  BOOST_TEST(out.starts_with("HTTP/1."), entry.name);
}

BOOST_AUTO_TEST_CASE(table_size_is_reported) {
  const auto table = cases();
  const auto refused_count = std::count_if(table.begin(), table.end(), [](const Case& c) { return c.refused_with != 0; });
  BOOST_TEST_MESSAGE("smuggling table: " << table.size() << " cases, " << refused_count << " refused and closed, "
                                         << table.size() - static_cast<std::size_t>(refused_count) << " served once");
  BOOST_TEST(table.size() >= 60U);
}

BOOST_AUTO_TEST_CASE(trailer_fields_never_reach_the_request) {
  Recorder recorder;
  const std::string bytes = post("Transfer-Encoding: chunked\r\n",
                                 "5\r\nhello\r\n0\r\nX-Control-Token: secret\r\nAuthorization: demo-token\r\n\r\n");
  answer_connection_bytes(std::ref(recorder), bytes, ServerLimits{});
  BOOST_REQUIRE(recorder.requests.size() == 1U);
  BOOST_TEST(!recorder.requests.front().header("X-Control-Token").has_value());
  BOOST_TEST(!recorder.requests.front().header("Authorization").has_value());
}

BOOST_AUTO_TEST_CASE(head_of_an_allocation_is_405_with_allow_get) {
  Recorder recorder;
  const std::string out = answer_connection_bytes(
      std::ref(recorder), "HEAD /api/2015-12-09/ring_pools/3/allocate_number.json?ring_pool_key=k HTTP/1.1\r\nHost: t\r\n\r\n",
      ServerLimits{});
  BOOST_TEST(out.starts_with("HTTP/1.1 405 "), out);
  BOOST_TEST(out.find("\r\nAllow: GET\r\n") != std::string::npos, out);
  BOOST_TEST(out.ends_with("\r\n\r\n"), "a HEAD answer has no body");
  BOOST_TEST(recorder.requests.empty());
}

BOOST_AUTO_TEST_CASE(head_answers_the_headers_of_the_get_without_its_body) {
  Recorder recorder;
  const std::string out = answer_connection_bytes(std::ref(recorder), "HEAD /echo HTTP/1.1\r\nHost: t\r\n\r\n", ServerLimits{});
  BOOST_TEST(out.starts_with("HTTP/1.1 200 "), out);
  BOOST_TEST(out.find("\r\nContent-Length: 6\r\n") != std::string::npos, out);  // "served"
  BOOST_TEST(out.ends_with("\r\n\r\n"));
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace smuggling_table_test
