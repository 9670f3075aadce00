// Issue 22, finding 8: a failed check kept raw response bodies with pools' api_key (the
// ring_pool_key credential) in report.json, report.html and junit.xml. Every report is built
// from results the Redactor has seen, so it masks them there: the api_key in JSON bodies, the
// ring_pool_key= value in URLs and Bulk api_suffix, and the same key anywhere else, with a mask
// of the same length.
#include "conformance/redaction.hpp"

#include <boost/test/unit_test.hpp>

#include <string>

namespace pool_key_redaction_test {

using ringpool::conformance::ExchangeRecord;
using ringpool::conformance::Redactor;
using ringpool::conformance::ScenarioResult;
using ringpool::conformance::TargetDescription;

const std::string kKey = "3970ec50a1b2c3d4e5f60718293a4b5c";  // 32 lowercase hex, as the reference makes
const std::string kMask(32, '*');

BOOST_AUTO_TEST_SUITE(pool_key_redaction)

BOOST_AUTO_TEST_CASE(pool_keys_are_masked_everywhere_with_their_shape) {
  ScenarioResult result;
  ExchangeRecord created;
  created.url = "http://127.0.0.1:8080/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json";
  created.response_body = R"({"id":3,"api_key":")" + kKey + R"(","name":"x"})";
  ExchangeRecord allocated;
  allocated.url = "http://127.0.0.1:8080/api/2015-12-09/ring_pools/3/allocate_number.json?ring_pool_key=" + kKey + "&m1=a";
  ExchangeRecord bulk;
  bulk.request_body = R"({"requests":[{"api_suffix":"ring_pools/3/allocate_number.json?ring_pool_key=)" + kKey + R"(&m1=b"}]})";
  ExchangeRecord pretty;
  pretty.response_body = "{\n  \"api_key\" : \"" + kKey + "\"\n}";
  result.exchanges = {created, allocated, bulk, pretty};
  ringpool::conformance::CheckResult check;
  check.actual = "the pool's key " + kKey + " was refused";
  result.checks.push_back(check);
  result.reproduce = "curl '.../allocate_number.json?ring_pool_key=" + kKey + "'";

  Redactor(TargetDescription{}, "control-secret").redact(result);

  BOOST_TEST(result.exchanges[0].response_body == R"({"id":3,"api_key":")" + kMask + R"(","name":"x"})");
  BOOST_TEST(result.exchanges[1].url.ends_with("ring_pool_key=" + kMask + "&m1=a"), result.exchanges[1].url);
  BOOST_TEST(result.exchanges[2].request_body.find("ring_pool_key=" + kMask + "&m1=b") != std::string::npos);
  BOOST_TEST(result.exchanges[3].response_body == "{\n  \"api_key\" : \"" + kMask + "\"\n}");
  BOOST_TEST(result.checks[0].actual == "the pool's key " + kMask + " was refused");
  BOOST_TEST(result.reproduce.find(kKey) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_without_keys_is_unchanged) {
  const Redactor redactor(TargetDescription{}, "control-secret");
  BOOST_TEST(redactor.redact(std::string(R"({"api_key_hint":"x","name":"ring_pool_key"})")) ==
             R"({"api_key_hint":"x","name":"ring_pool_key"})");
  BOOST_TEST(redactor.redact(std::string("X-Control-Token: control-secret")) == "X-Control-Token: <token>");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace pool_key_redaction_test
