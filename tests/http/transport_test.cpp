// The Beast transport as a demanding or hostile client meets it (issue 11, and issue 12's item
// 9): pipelining answered in order, a slowloris connection cut at the header deadline while
// others are served, form-typed bodies never parsed as forms, HTTP-layer errors answered and
// the connection closed at once, strict chunked framing, 503 beyond the connection limit, and
// a graceful stop that finishes the request in flight.
#include "raw_connection.hpp"
#include "tests/support/loopback_server.hpp"
#include "transport/http/http_server.hpp"
#include "transport/http/log_redaction.hpp"
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

// Named, not anonymous: the unity build compiles this file with the other http tests.
namespace transport_test {

using namespace std::chrono_literals;
using ringpool::api::Request;
using ringpool::api::Response;
using ringpool::api::Service;
using ringpool::test::RawAnswer;
using ringpool::test::RawConnection;
using ringpool::transport::answer_connection_bytes;
using ringpool::transport::HttpServer;
using ringpool::transport::HttpServerOptions;
using ringpool::transport::RequestHandler;
using ringpool::transport::ServerLimits;

const std::string kBase = "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools";

// Answers "<METHOD> <target> <body bytes>" as text/plain, so a test sees what arrived and in
// which order.
Response echo(const Request& request) {
  Response response;
  response.content_type = "text/plain";
  response.body = fmt::format("{} {} {}", request.method, request.target, request.body.size());
  return response;
}

// A handler on a loopback port (tests/support), with these limits and io threads.
struct LiveServer : ringpool::testing::LoopbackServer {
  explicit LiveServer(RequestHandler handler, ServerLimits limits = {}, int threads = 2)
      : LoopbackServer(std::move(handler), ringpool::testing::loopback_options(limits, threads)) {}
};

std::string get(const std::string& target, const std::string& extra_headers = {}) {
  return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + extra_headers + "\r\n";
}

std::string error_class(const RawAnswer& answer) {
  const auto body = nlohmann::json::parse(answer.body, nullptr, false);
  if (!body.is_object() || !body.contains("errors")) return "<no error body: " + answer.body + ">";
  return body["errors"].value("class", "");
}

// An HTTP-level failure: answered with `status` and `error_class`, then closed at once.
void expect_answered_and_closed(int port, const std::string& bytes, int status, const std::string& expected_class) {
  RawConnection connection(port);
  connection.send(bytes);
  auto answer = connection.read_answer(5s);
  BOOST_REQUIRE_MESSAGE(answer.has_value(), "no answer to: " << bytes.substr(0, 80));
  BOOST_TEST(answer->status == status);
  BOOST_TEST(error_class(*answer) == expected_class);
  BOOST_TEST(answer->header("connection") == "close");
  BOOST_TEST(answer->header("server") == "ringpool/test");
  // "At once": the server's FIN follows the answer; it does not wait for a timeout (the idle
  // timeout here is a minute, so a 2 s guard tells the two apart).
  BOOST_TEST(connection.closed_within(2s));
}

ServerLimits small_limits() {
  ServerLimits limits;
  limits.idle_timeout = 60s;
  limits.header_timeout = 60s;
  limits.max_header_bytes = 4096;
  limits.max_body_bytes = 1024;
  return limits;
}

BOOST_AUTO_TEST_SUITE(transport)

BOOST_AUTO_TEST_CASE(B_10_pipelined_burst_of_16_answered_in_order) {
  // Against the real Service: pipelined POSTs take effect, and each answer is its own request's.
  Service service(ringpool::world_file::load_default_world(7));
  LiveServer live([&service](const Request& request) { return service.handle(request); });
  std::string burst;
  for (int i = 0; i < 8; ++i) {
    const std::string body = fmt::format(R"({{"id_from_network":"pipe{}","max_pool_size":2}})", i);
    burst += fmt::format("POST {}.json HTTP/1.1\r\nHost: t\r\nAuthorization: demo-token\r\nContent-Type: "
                         "application/json\r\nContent-Length: {}\r\n\r\n{}",
                         kBase, body.size(), body);
    burst += get(fmt::format("{}/pipe{}.json", kBase, i), "Authorization: demo-token\r\n");
  }
  RawConnection connection(live.port());
  BOOST_REQUIRE(connection.send(burst));  // one write: all 16 requests in flight at once
  const auto answers = connection.read_answers(16);
  BOOST_REQUIRE(answers.size() == 16U);
  for (int i = 0; i < 8; ++i) {
    const RawAnswer& created = answers[static_cast<std::size_t>(2 * i)];
    const RawAnswer& read = answers[static_cast<std::size_t>(2 * i + 1)];
    BOOST_TEST(created.status == 201);
    BOOST_TEST(read.status == 200);
    BOOST_TEST(nlohmann::json::parse(read.body)["id_from_network"] == fmt::format("pipe{}", i));
    BOOST_TEST(read.body == created.body);
  }
  BOOST_TEST(!connection.closed());
}

BOOST_AUTO_TEST_CASE(slowloris_cut_at_header_deadline_while_others_are_served) {
  ServerLimits limits;
  limits.header_timeout = 400ms;
  LiveServer live(echo, limits);
  RawConnection slow(live.port());
  const auto slow_started = std::chrono::steady_clock::now();
  BOOST_REQUIRE(slow.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-Trickle: "));  // and nothing more

  // Meanwhile other clients, each on its own connection, are answered at once.
  std::vector<double> latencies_ms;
  for (int i = 0; i < 10; ++i) {
    RawConnection other(live.port());
    const auto sent = std::chrono::steady_clock::now();
    other.send(get(fmt::format("/other/{}", i)));
    auto answer = other.read_answer(5s);
    latencies_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent).count());
    BOOST_REQUIRE(answer.has_value());
    BOOST_TEST(answer->body == fmt::format("GET /other/{} 0", i));
  }
  std::sort(latencies_ms.begin(), latencies_ms.end());
  BOOST_TEST_MESSAGE("other clients' latencies, ms: min " << latencies_ms.front() << ", median " << latencies_ms[5]
                                                          << ", max " << latencies_ms.back());
  BOOST_TEST(latencies_ms[5] < 100.0);  // served within 100 ms while the slow client holds its connection

  auto answer = slow.read_answer(5s);
  const double cut_after_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - slow_started).count();
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->status == 408);
  BOOST_TEST(error_class(*answer) == "RequestTimeout");
  BOOST_TEST(cut_after_ms >= 400.0);
  BOOST_TEST(slow.closed_within(2s));
}

BOOST_AUTO_TEST_CASE(C_4_bulk_body_sent_as_form_urlencoded_is_processed) {
  // What `curl -d @rows.json` sends: 150 rows (about 20 KiB) typed as a form, with Expect:
  // 100-continue as curl adds for bodies over 1 KiB. The body reaches the API untouched.
  Service service(ringpool::world_file::load_default_world(7));
  const auto& network = service.world().networks.at(1);
  const auto* pool = service.world().find_pool(network.pools_by_id_from_network.at("bulk-demo"));
  BOOST_REQUIRE(pool != nullptr);
  nlohmann::json rows = nlohmann::json::array();
  for (int i = 0; i < 150; ++i)
    rows.push_back({{"api_suffix", fmt::format("ring_pools/{}/allocate_number.json?ring_pool_key={}&m1=row{}", pool->id,
                                               pool->api_key, i)},
                    {"request_id", fmt::format("r{}", i)}});
  const std::string body = nlohmann::json{{"requests", rows}}.dump();
  BOOST_REQUIRE(body.size() > 8 * 1024);
  LiveServer live([&service](const Request& request) { return service.handle(request); });
  RawConnection connection(live.port());
  connection.send(fmt::format("POST /api/2013-07-01/bulk.json HTTP/1.1\r\nHost: t\r\nContent-Type: "
                              "application/x-www-form-urlencoded\r\nContent-Length: {}\r\nExpect: 100-continue\r\n\r\n",
                              body.size()));
  auto go_ahead = connection.read_answer(5s);
  BOOST_REQUIRE(go_ahead.has_value());
  BOOST_TEST(go_ahead->status == 100);
  connection.send(body);
  auto answer = connection.read_answer(5s);
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->status == 200);
  const auto parsed = nlohmann::json::parse(answer->body, nullptr, false);
  BOOST_REQUIRE(parsed.is_object());
  BOOST_REQUIRE(parsed["responses"].size() == 150U);
  for (int i = 0; i < 150; ++i) {
    const auto& row = parsed["responses"][static_cast<std::size_t>(i)];
    BOOST_TEST(row["request_id"] == fmt::format("r{}", i));
    BOOST_TEST(row.contains("promo_number"));
  }
  BOOST_TEST(!answer->header("processing-time").empty());
}

BOOST_AUTO_TEST_CASE(http_layer_errors_answered_and_closed_at_once) {
  LiveServer live(echo, small_limits());
  const int port = live.port();
  expect_answered_and_closed(port, "GARBAGE\r\n\r\n", 400, "InvalidRequest");
  expect_answered_and_closed(port, "GET / HTTP/9.9\r\nHost: t\r\n\r\n", 400, "InvalidRequest");
  expect_answered_and_closed(port, get("/", "X-Big: " + std::string(8000, 'a') + "\r\n"), 431, "HeadersTooLarge");
  expect_answered_and_closed(port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: -5\r\n\r\nhello", 400,
                             "InvalidRequest");
  expect_answered_and_closed(port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 99999999999999999999999\r\n\r\nhello",
                             400, "InvalidRequest");
  expect_answered_and_closed(port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 9999999999\r\n\r\nhello", 413,
                             "RequestTooLarge");
  expect_answered_and_closed(port, "POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!",
                             400, "InvalidRequest");
}

BOOST_AUTO_TEST_CASE(C_4_body_limit_whatever_the_content_type_and_framing) {
  LiveServer live(echo, small_limits());
  // A 2 KiB form body over the 1 KiB limit: 413 with the class, even though it is sent whole.
  expect_answered_and_closed(live.port(),
                             "POST / HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                             "Content-Length: 2048\r\n\r\n" +
                                 std::string(2048, 'a'),
                             413, "RequestTooLarge");
  // Chunked: the limit applies to the decoded total.
  std::string chunked = "POST / HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) chunked += "200\r\n" + std::string(512, 'b') + "\r\n";
  chunked += "0\r\n\r\n";
  expect_answered_and_closed(live.port(), chunked, 413, "RequestTooLarge");
}

BOOST_AUTO_TEST_CASE(strict_chunked_framing) {
  const ServerLimits limits = small_limits();
  const std::string head = "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  // Correct framing (with a chunk extension) is decoded.
  const std::string good = answer_connection_bytes(echo, head + "5;x=y\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", limits);
  BOOST_TEST(good.find("POST /c 11") != std::string::npos, good);
  // Chunk data not followed by CRLF, a size one too large or too small, a size that overflows.
  for (const std::string bad : {"5\r\nhelloXX0\r\n\r\n", "6\r\nhello\r\n0\r\n\r\n", "4\r\nhello\r\n0\r\n\r\n",
                                "ffffffffffffffffff\r\nhello\r\n0\r\n\r\n"}) {
    const std::string out = answer_connection_bytes(echo, head + bad, limits);
    BOOST_TEST(out.starts_with("HTTP/1.1 400"), out);
    BOOST_TEST(out.find("InvalidRequest") != std::string::npos);
    BOOST_TEST(out.find("POST /c") == std::string::npos);  // nothing reached the handler
  }
  // Transfer codings other than exactly "chunked", and Content-Length beside Transfer-Encoding.
  const auto with_coding = [](const std::string& coding) {
    return "POST /c HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: " + coding + "\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
  };
  BOOST_TEST(answer_connection_bytes(echo, with_coding("gzip, chunked"), limits).starts_with("HTTP/1.1 501"));
  BOOST_TEST(answer_connection_bytes(echo, with_coding("chunked, gzip"), limits).starts_with("HTTP/1.1 400"));
  BOOST_TEST(answer_connection_bytes(echo, with_coding("identity"), limits).starts_with("HTTP/1.1 400"));
  BOOST_TEST(answer_connection_bytes(
                 echo, "POST /c HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
                 limits)
                 .starts_with("HTTP/1.1 400"));

  // The same over a socket: answered, closed, and the smuggled request after it never served.
  LiveServer live(echo, limits);
  RawConnection connection(live.port());
  connection.send(head + "6\r\nhello\r\n0\r\n\r\n" + get("/smuggled"));
  auto answer = connection.read_answer(5s);
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->status == 400);
  BOOST_TEST(connection.closed_within(2s));
  BOOST_TEST(connection.unread().find("smuggled") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(connections_over_the_limit_get_503_with_retry_after_when_none_is_idle) {
  ServerLimits limits;
  limits.max_connections = 2;
  LiveServer live(echo, limits);
  // Both slots busy: each connection is in the middle of its header section (not idle).
  RawConnection first(live.port()), second(live.port());
  for (RawConnection* connection : {&first, &second}) BOOST_REQUIRE(connection->send("GET /held HTTP/1.1\r\nHost: t\r\n"));
  std::this_thread::sleep_for(100ms);  // the server has read both partial headers
  RawConnection third(live.port());
  third.send(get("/third"));
  auto refused = third.read_answer(5s);
  BOOST_REQUIRE(refused.has_value());  // answered, never left waiting
  BOOST_TEST(refused->status == 503);
  BOOST_TEST(refused->header("retry-after") == "1");
  BOOST_TEST(error_class(*refused) == "ServiceUnavailable");
  BOOST_TEST(third.closed_within(2s));
  // The held connections still work.
  second.send("\r\n");
  BOOST_TEST(second.read_answer(5s)->status == 200);
}

// Issue 22, finding 5: one client holding every slot with idle keep-alive connections locked
// honest clients out (503) for the idle timeout. Now the connection idle the longest gives way.
BOOST_AUTO_TEST_CASE(idle_connections_give_way_to_new_ones_oldest_first) {
  ServerLimits limits;
  limits.max_connections = 3;
  limits.idle_timeout = 60s;
  LiveServer live(echo, limits);
  std::vector<std::unique_ptr<RawConnection>> hog;
  for (int i = 0; i < 3; ++i) {
    hog.push_back(std::make_unique<RawConnection>(live.port()));
    hog.back()->send(get(fmt::format("/hog{}", i)));
    BOOST_REQUIRE(hog.back()->read_answer(5s).has_value());  // now idle, kept alive
    std::this_thread::sleep_for(20ms);  // a clear order of idleness
  }
  const auto started = std::chrono::steady_clock::now();
  RawConnection honest(live.port());
  honest.send(get("/honest"));
  auto answer = honest.read_answer(5s);
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->status == 200);
  const bool within_a_second = std::chrono::steady_clock::now() - started < 1s;
  BOOST_TEST(within_a_second);
  BOOST_TEST(hog[0]->closed_within(2s));  // the oldest idle one went
  BOOST_TEST(!hog[2]->closed_within(200ms));
  hog[2]->send(get("/still"));
  BOOST_TEST(hog[2]->read_answer(5s)->status == 200);
}

// Issue 22, finding 5: half-sent bodies held RSS for the body timeout. Bodies in flight share a
// budget; one that does not fit is refused 503 before it is read.
BOOST_AUTO_TEST_CASE(bodies_in_flight_share_a_budget) {
  ServerLimits limits;
  limits.max_body_bytes = 1024 * 1024;
  limits.max_body_bytes_in_flight = 1536 * 1024;
  limits.body_timeout = 60s;
  LiveServer live(echo, limits);
  RawConnection first(live.port());
  first.send("POST /a HTTP/1.1\r\nHost: t\r\nContent-Length: 1048576\r\n\r\n" + std::string(1000, 'x'));
  std::this_thread::sleep_for(100ms);
  RawConnection second(live.port());
  second.send("POST /b HTTP/1.1\r\nHost: t\r\nContent-Length: 1048576\r\n\r\n");
  auto refused = second.read_answer(5s);
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->status == 503);
  BOOST_TEST(refused->header("retry-after") == "1");
  BOOST_TEST(second.closed_within(2s));
  // A small body still fits beside the first.
  RawConnection small(live.port());
  small.send("POST /c HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\n\r\nhello");
  BOOST_TEST(small.read_answer(5s)->body == "POST /c 5");
  // When the first body ends, its share returns.
  first.send(std::string(1048576 - 1000, 'x'));
  BOOST_TEST(first.read_answer(5s)->body == "POST /a 1048576");
  RawConnection third(live.port());
  third.send("POST /d HTTP/1.1\r\nHost: t\r\nContent-Length: 1048576\r\n\r\n" + std::string(1048576, 'y'));
  BOOST_TEST(third.read_answer(5s)->body == "POST /d 1048576");
}

BOOST_AUTO_TEST_CASE(a_burst_of_connections_is_accepted_and_each_answered) {
  // 300 connects land in the backlog at once (the server drains it in bursts); every one of
  // them is then served on its own keep-alive connection.
  LiveServer live(echo, {}, 1);
  std::vector<std::unique_ptr<RawConnection>> connections;
  for (int i = 0; i < 300; ++i) connections.push_back(std::make_unique<RawConnection>(live.port()));
  for (std::size_t i = 0; i < connections.size(); ++i) BOOST_REQUIRE(connections[i]->send(get(fmt::format("/c{}", i))));
  for (std::size_t i = 0; i < connections.size(); ++i) {
    auto answer = connections[i]->read_answer(10s);
    BOOST_REQUIRE(answer.has_value());
    BOOST_TEST(answer->body == fmt::format("GET /c{} 0", i));
  }
}

BOOST_AUTO_TEST_CASE(keep_alive_head_and_connection_close) {
  LiveServer live(echo, {}, 1);
  RawConnection connection(live.port());
  connection.send(get("/a") + "HEAD /b HTTP/1.1\r\nHost: t\r\n\r\n" + get("/c", "Connection: close\r\n") + get("/never"));
  auto first = connection.read_answer(5s);
  BOOST_REQUIRE(first.has_value());
  BOOST_TEST(first->body == "GET /a 0");
  // HEAD: the length a GET would carry, and no body (the next answer follows directly).
  auto head = connection.read_answer(5s, true);
  BOOST_REQUIRE(head.has_value());
  BOOST_TEST(head->header("content-length") == "8");  // the GET's answer: "GET /b 0"
  BOOST_TEST(head->body.empty());
  auto last = connection.read_answer(5s);
  BOOST_REQUIRE(last.has_value());
  BOOST_TEST(last->body == "GET /c 0");
  BOOST_TEST(last->header("connection") == "close");
  BOOST_TEST(connection.closed_within(2s));
  BOOST_TEST(connection.unread().empty());  // the request after Connection: close is not answered
}

BOOST_AUTO_TEST_CASE(stop_finishes_the_request_in_flight_and_closes_idle_connections) {
  std::mutex mutex;
  std::condition_variable changed;
  bool entered = false, release = false;
  RequestHandler blocking = [&](const Request& request) {
    if (request.target == "/slow") {
      std::unique_lock lock(mutex);
      entered = true;
      changed.notify_all();
      changed.wait(lock, [&] { return release; });
    }
    return echo(request);
  };
  HttpServerOptions options = ringpool::testing::loopback_options({}, 2);
  HttpServer server(blocking, options);
  std::string error;
  BOOST_REQUIRE(server.bind(error));
  std::thread runner([&] { server.run(); });

  RawConnection idle(server.port());
  idle.send(get("/warm"));
  BOOST_REQUIRE(idle.read_answer(5s).has_value());
  RawConnection busy(server.port());
  busy.send(get("/slow"));
  {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return entered; });
  }
  server.stop();
  BOOST_TEST(idle.closed_within(5s));  // idle connections are closed by stop()
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  changed.notify_all();
  auto answer = busy.read_answer(5s);  // the request in flight still gets its answer
  BOOST_REQUIRE(answer.has_value());
  BOOST_TEST(answer->body == "GET /slow 0");
  BOOST_TEST(answer->header("connection") == "close");
  runner.join();  // run() returns once the drain is done
}

BOOST_AUTO_TEST_CASE(sans_io_core_answers_pipelined_bytes_in_order) {
  std::string bytes;
  for (int i = 0; i < 3; ++i) bytes += get(fmt::format("/r{}", i));
  bytes += "GET /incomplete HTTP/1.1\r\nHost:";  // not answered: the server would wait for more
  const std::string out = answer_connection_bytes(echo, bytes, ServerLimits{}, "ringpool/x");
  std::string rest = out;
  for (int i = 0; i < 3; ++i) {
    auto answer = ringpool::test::take_answer(rest);
    BOOST_REQUIRE(answer.has_value());
    BOOST_TEST(answer->body == fmt::format("GET /r{} 0", i));
    BOOST_TEST(answer->header("server") == "ringpool/x");
  }
  BOOST_TEST(rest.empty());
}

BOOST_AUTO_TEST_CASE(log_lines_redact_tokens_and_keys) {
  using ringpool::transport::redact_target;
  BOOST_TEST(redact_target("/api/2015-12-09/ring_pools/3/allocate_number.json?ring_pool_key=abc&m1=x") ==
             "/api/2015-12-09/ring_pools/3/allocate_number.json?ring_pool_key=<redacted>&m1=x");
  BOOST_TEST(redact_target(kBase + ".json?OAUTH_TOKEN=demo-token") == kBase + ".json?OAUTH_TOKEN=<redacted>");
  BOOST_TEST(redact_target("/x?search_keywords=key&flag") == "/x?search_keywords=key&flag");
  BOOST_TEST(redact_target("/x?oauth%5Ftoken=secret") == "/x?oauth%5Ftoken=<redacted>");
  BOOST_TEST(redact_target("/plain") == "/plain");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace transport_test
