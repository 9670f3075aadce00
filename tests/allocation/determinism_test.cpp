// Determinism (spec T-2): the same seed, world and requests give the same bytes.
#include "tests/support/allocation_fixture.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace ringpool::test::allocation;

namespace {
struct Step {
  std::string method;
  std::string target;
  std::string body;
  bool management = false;
  bool control = false;
};

// ~200 mixed requests. Pool ids and keys are read from earlier answers of the same service.
std::vector<ringpool::api::Response> run(AllocationFixture& f) {
  std::vector<ringpool::api::Response> out;
  auto record = [&](ringpool::api::Response r) {
    out.push_back(r);
    return r;
  };
  std::vector<Pool> legacy, bulk;
  for (int i = 0; i < 4; ++i) {
    json body = {{"id_from_network", "d" + std::to_string(i)},
                 {"max_pool_size", 3 + i},
                 {"lifetime_seconds", 60 + 30 * i},
                 {"fill_immediately", i % 2 == 0}};
    auto r = record(f.mgmt("POST", kCamp1 + ".json", body.dump()));
    json v = json::parse(r.body);
    legacy.push_back({v["id"].get<std::int64_t>(), v["api_key"].get<std::string>()});
    body["id_from_network"] = "db" + std::to_string(i);
    r = record(f.mgmt("POST", kCampBulk + ".json", body.dump()));
    v = json::parse(r.body);
    bulk.push_back({v["id"].get<std::int64_t>(), v["api_key"].get<std::string>()});
  }
  record(f.mgmt("POST", kCamp1 + ".json",
                R"({"id_from_network":"loc","max_pool_size":4,"local_center":{"zipcode":"90210"}})"));
  const char* formats[] = {"json", "xml", "csv"};
  for (int i = 0; i < 150; ++i) {
    const Pool& p = legacy[static_cast<std::size_t>(i) % legacy.size()];
    std::string query = "m1=v" + std::to_string(i);
    if (i % 7 == 0) query += "&pid=5567";
    if (i % 11 == 0) query += "&landing_page=https%3A%2F%2Fex.test%2F%3Fq%3D" + std::to_string(i);
    if (i % 13 == 0) query += "&pid=unknown";
    const std::string key = (i % 17 == 0) ? std::string("bad") : p.key;
    record(f.allocate(p.id, key, formats[i % 3], query));
    if (i % 10 == 0) {
      json rows = json::array();
      for (int k = 0; k < 3; ++k) {
        const Pool& b = bulk[static_cast<std::size_t>(i + k) % bulk.size()];
        rows.push_back({{"api_suffix", std::to_string(b.id) + "/allocate_number.json?ring_pool_key=" +
                                           b.key + "&m2=" + std::to_string(k)},
                        {"request_id", "r" + std::to_string(i) + "-" + std::to_string(k)}});
      }
      record(f.bulk({{"requests", rows}}));
    }
    if (i % 9 == 0) {
      record(f.control("POST", "/_control/clock/advance",
                       json{{"seconds", 37.5 + i}}.dump()));
    }
    if (i % 25 == 0) {
      record(f.mgmt("PUT", kCamp1 + "/d1.json",
                    json{{"max_pool_size", 3 + (i / 25) % 5}}.dump()));
      record(f.control("GET", "/_control/ring_pools/" + std::to_string(p.id)));
    }
  }
  record(f.mgmt("DELETE", kCamp1 + "/d2.json"));
  record(f.mgmt("GET", kCamp1 + ".json"));
  record(f.control("POST", "/_control/clock/advance", R"({"seconds":86400})"));
  for (const Pool& p : legacy) record(f.control("GET", "/_control/ring_pools/" + std::to_string(p.id)));
  for (const Pool& p : bulk) record(f.control("GET", "/_control/ring_pools/" + std::to_string(p.id)));
  return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(allocation)
BOOST_AUTO_TEST_SUITE(determinism)

BOOST_AUTO_TEST_CASE(T_2_same_seed_same_requests_byte_identical_bodies) {
  AllocationFixture a;
  AllocationFixture b;
  const auto ra = run(a);
  const auto rb = run(b);
  BOOST_TEST_REQUIRE(ra.size() == rb.size());
  BOOST_TEST(ra.size() >= 200u);
  for (std::size_t i = 0; i < ra.size(); ++i) {
    BOOST_TEST(ra[i].status == rb[i].status, "request " << i);
    BOOST_TEST(ra[i].content_type == rb[i].content_type, "request " << i);
    BOOST_TEST(ra[i].body == rb[i].body, "request " << i);
    auto strip = [](ringpool::api::Headers h) {
      h.erase("processing-time");
      return h;
    };
    BOOST_TEST((strip(ra[i].headers) == strip(rb[i].headers)), "request " << i);
  }
}

BOOST_AUTO_TEST_CASE(T_2_different_seed_different_keys) {
  AllocationFixture a;
  AllocationFixture b(ringpool::world_file::load_default_world(kSeed + 1));
  BOOST_TEST(a.create_pool({{"id_from_network", "k"}}).key != b.create_pool({{"id_from_network", "k"}}).key);
}

BOOST_AUTO_TEST_SUITE_END()  // determinism
BOOST_AUTO_TEST_SUITE_END()  // allocation
