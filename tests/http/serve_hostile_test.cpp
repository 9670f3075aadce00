// Issue 22 against the real Service over loopback: what a hostile client found (smuggling with
// an unusual Transfer-Encoding, credentials in trailers, 100 Continue before authentication,
// the list held under the lock) and the log's escaping.
#include "raw_connection.hpp"
#include "tests/support/loopback_server.hpp"
#include "transport/http/log_line.hpp"
#include "reference/world_file/world_toml.hpp"

#include <boost/test/unit_test.hpp>
#include <fmt/format.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <string>

namespace serve_hostile_test {

using namespace std::chrono_literals;
using ringpool::api::Service;
using ringpool::test::RawConnection;

const std::string kBase = "/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools";

Service control_service() {
  ringpool::api::ServiceOptions options;
  options.control_enabled = true;
  options.control_token = "secret";
  return Service(ringpool::world_file::load_default_world(7), options);
}

std::string create(const std::string& id, const std::string& extra = {}) {
  const std::string body = fmt::format(R"({{"id_from_network":"{}"{}}})", id, extra);
  return fmt::format("POST {}.json HTTP/1.1\r\nHost: t\r\nAuthorization: demo-token\r\nContent-Length: {}\r\n\r\n{}", kBase,
                     body.size(), body);
}

int status_of(RawConnection& connection) {
  auto answer = connection.read_answer(5s);
  return answer ? answer->status : 0;
}

BOOST_AUTO_TEST_SUITE(serve_hostile)

// Finding 1: a quoted "chunked" was answered as a bodiless request and its body run as a second
// one (a DELETE here). Now 400 and closed; the pool is still there.
BOOST_AUTO_TEST_CASE(finding_1_unusual_transfer_encoding_cannot_smuggle_a_delete) {
  Service service = control_service();
  ringpool::testing::LoopbackServer live(service);
  {
    RawConnection setup(live.port());
    setup.send(create("victim"));
    BOOST_REQUIRE(status_of(setup) == 201);
  }
  const std::string hidden = fmt::format("DELETE {}/victim.json HTTP/1.1\r\nHost: t\r\nAuthorization: demo-token\r\n\r\n", kBase);
  for (const std::string coding : {"\"chunked\"", "", ",", "\"x\", chunked"}) {
    RawConnection attacker(live.port());
    attacker.send(fmt::format("GET {}.json HTTP/1.1\r\nHost: t\r\nAuthorization: demo-token\r\nTransfer-Encoding: {}\r\n\r\n{}",
                              kBase, coding, "0\r\n\r\n" + hidden));
    BOOST_TEST(status_of(attacker) == 400, coding);
    BOOST_TEST(attacker.closed_within(2s));
  }
  RawConnection check(live.port());
  check.send(fmt::format("GET {}/victim.json HTTP/1.1\r\nHost: t\r\nAuthorization: demo-token\r\n\r\n", kBase));
  BOOST_TEST(status_of(check) == 200);
}

// Finding 2: X-Control-Token sent only as a trailer field was accepted.
BOOST_AUTO_TEST_CASE(finding_2_control_token_in_a_trailer_is_not_a_credential) {
  Service service = control_service();
  ringpool::testing::LoopbackServer live(service);
  RawConnection connection(live.port());
  const std::string body = R"({"seconds":60})";
  connection.send(fmt::format("POST /_control/clock/advance HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                              "{:x}\r\n{}\r\n0\r\nX-Control-Token: secret\r\n\r\n",
                              body.size(), body));
  BOOST_TEST(status_of(connection) == 403);
  BOOST_TEST(service.model().now() == service.world().epoch);  // the clock did not move
}

// Finding 9: 100 Continue was sent before authentication. A wrong token in the header is
// answered 401 at once, without 100 Continue and without reading the body.
BOOST_AUTO_TEST_CASE(finding_9_100_continue_only_after_authentication) {
  Service service = control_service();
  ringpool::testing::LoopbackServer live(service);
  RawConnection wrong(live.port());
  wrong.send(fmt::format("POST {}.json HTTP/1.1\r\nHost: t\r\nAuthorization: wrong-token\r\nContent-Length: 5000\r\n"
                         "Expect: 100-continue\r\n\r\n",
                         kBase));
  auto refused = wrong.read_answer(5s);
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->status == 401);
  BOOST_TEST(wrong.closed_within(3s));
  RawConnection control(live.port());
  control.send("POST /_control/clock/advance HTTP/1.1\r\nHost: t\r\nX-Control-Token: guess\r\nContent-Length: 14\r\n"
               "Expect: 100-continue\r\n\r\n");
  BOOST_TEST(status_of(control) == 403);
  // The right token: 100 Continue, then the answer.
  RawConnection right(live.port());
  const std::string body = R"({"id_from_network":"cont"})";
  right.send(fmt::format("POST {}.json HTTP/1.1\r\nHost: t\r\nAuthorization: demo-token\r\nContent-Length: {}\r\n"
                         "Expect: 100-continue\r\n\r\n",
                         kBase, body.size()));
  BOOST_TEST(status_of(right) == 100);
  right.send(body);
  BOOST_TEST(status_of(right) == 201);
}

// Finding 4: a list longer than 64 KiB comes chunked, piece by piece, and is the same list.
BOOST_AUTO_TEST_CASE(finding_4_a_long_list_is_streamed_and_equals_the_whole_list) {
  Service service = control_service();
  ringpool::testing::LoopbackServer live(service);
  {
    RawConnection setup(live.port());
    std::string burst;
    for (int i = 0; i < 300; ++i) burst += create(fmt::format("s{:03}", i), fmt::format(R"(,"name":"{}")", std::string(250, 'n')));
    setup.send(burst);
    BOOST_REQUIRE(setup.read_answers(300).size() == 300U);
  }
  httplib::Client client("127.0.0.1", live.port());
  auto listed = client.Get(kBase + ".json", {{"Authorization", "demo-token"}});
  BOOST_REQUIRE(listed);
  BOOST_TEST(listed->status == 200);
  BOOST_TEST(listed->get_header_value("Transfer-Encoding") == "chunked");
  BOOST_TEST(listed->body.size() > 64U * 1024U);
  const auto request = ringpool::api::make_request("GET", kBase + ".json", {}, {{"Authorization", "demo-token"}});
  BOOST_TEST(listed->body == service.handle(request).body);
  BOOST_TEST(nlohmann::json::parse(listed->body).size() == 300U);
}

// Finding 9: non-ASCII and control bytes went to the log as they were.
BOOST_AUTO_TEST_CASE(finding_9_log_lines_escape_what_they_print) {
  using ringpool::transport::request_log_line;
  const std::string line = request_log_line("127.0.0.1:1", "GET", "/x\x1b[31m\xc3\xa9", 404, 3, 0.5);
  BOOST_TEST(line == "127.0.0.1:1 GET /x\\x1b[31m\\xc3\\xa9 -> 404 (3 bytes, 0.500 ms)", line);
  BOOST_TEST(request_log_line("r", "G\rET", "/a?ring_pool_key=k&m=1", 200, 0, 0) ==
             "r G\\x0dET /a?ring_pool_key=<redacted>&m=1 -> 200 (0 bytes, 0.000 ms)");
  BOOST_TEST(ringpool::transport::escape_for_log("a\\b") == "a\\\\b");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace serve_hostile_test
