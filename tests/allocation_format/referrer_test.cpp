// a referrer's registrable domain is the traffic source; known search engines give the
// engine name and the decoded keywords.
#include "reference/api/referrer.hpp"

#include <boost/test/unit_test.hpp>

#include <optional>
#include <string>

using ringpool::api::parse_referrer;

namespace {

struct EngineCase {
  const char* url;
  const char* traffic_source;
  const char* engine;
  const char* keywords;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(referrer)

BOOST_AUTO_TEST_CASE(A_8_referrer_known_engines) {
  const EngineCase cases[] = {
      {"https://www.google.com/search?q=red+shoes&hl=en", "google.com", "google", "red shoes"},
      {"https://www.google.co.uk/search?q=tea", "google.co.uk", "google", "tea"},
      {"https://www.bing.com/search?form=QBLH&q=blue%20hats", "bing.com", "bing", "blue hats"},
      {"https://search.yahoo.com/search?p=cheap+flights&fr=yfp", "yahoo.com", "yahoo", "cheap flights"},
      {"https://duckduckgo.com/?q=privacy&t=h_", "duckduckgo.com", "duckduckgo", "privacy"},
      {"https://www.baidu.com/s?ie=utf-8&wd=%E6%89%8B%E6%9C%BA", "baidu.com", "baidu",
       "\xe6\x89\x8b\xe6\x9c\xba"},
      {"https://yandex.ru/search/?text=%D0%BF%D0%BE%D0%B3%D0%BE%D0%B4%D0%B0&lr=213", "yandex.ru", "yandex",
       "\xd0\xbf\xd0\xbe\xd0\xb3\xd0\xbe\xd0\xb4\xd0\xb0"},
      {"https://www.ask.com/web?q=how+to+tie&qsrc=0", "ask.com", "ask", "how to tie"},
      {"https://search.aol.com/aol/search?q=news+today", "aol.com", "aol", "news today"},
  };
  for (const EngineCase& expected : cases) {
    const auto info = parse_referrer(expected.url);
    BOOST_TEST_CONTEXT(expected.url) {
      BOOST_REQUIRE(info.has_value());
      BOOST_TEST(info->traffic_source == expected.traffic_source);
      BOOST_TEST(info->search_engine.value_or("<none>") == expected.engine);
      BOOST_TEST(info->search_keywords.value_or("<none>") == expected.keywords);
    }
  }
}

BOOST_AUTO_TEST_CASE(A_8_referrer_engine_parameter_is_per_engine) {
  // yahoo reads p, not q; google reads q, not p.
  const auto yahoo = parse_referrer("https://search.yahoo.com/search?q=wrong");
  BOOST_REQUIRE(yahoo.has_value());
  BOOST_TEST(yahoo->search_engine.value_or("") == "yahoo");
  BOOST_TEST(!yahoo->search_keywords.has_value());

  // An engine without keywords (google now strips q) still names the engine.
  const auto google = parse_referrer("https://www.google.com/");
  BOOST_REQUIRE(google.has_value());
  BOOST_TEST(google->search_engine.value_or("") == "google");
  BOOST_TEST(!google->search_keywords.has_value());

  // An empty value counts as absent; a '?' inside the fragment is not a query.
  BOOST_TEST(!parse_referrer("https://www.bing.com/search?q=")->search_keywords.has_value());
  BOOST_TEST(!parse_referrer("https://www.bing.com/search#x?q=a")->search_keywords.has_value());
  BOOST_TEST(parse_referrer("https://www.bing.com/search?q=a#q=b")->search_keywords.value_or("") == "a");
}

BOOST_AUTO_TEST_CASE(A_8_referrer_registrable_domain) {
  const std::pair<const char*, const char*> cases[] = {
      {"http://example.com", "example.com"},
      {"http://example.com?x=1", "example.com"},
      {"https://a.b.blog.example.com/path/to/post?q=x", "example.com"},
      {"https://www.bbc.co.uk/news", "bbc.co.uk"},
      {"https://shop.example.com.au/", "example.com.au"},
      {"https://www.rakuten.co.jp/", "rakuten.co.jp"},
      {"https://www.uol.com.br/", "uol.com.br"},
      {"HTTPS://User:Secret@WWW.Example.COM:8443/Path?Q=1#frag", "example.com"},
      {"http://www.example.com./", "example.com"},
      {"http://co.uk/", "co.uk"},
      {"http://localhost:3000/", "localhost"},
      {"http://192.168.1.10/admin", "192.168.1.10"},
      {"http://[2001:DB8::1]:8080/", "[2001:db8::1]"},
  };
  for (const auto& [url, traffic_source] : cases) {
    const auto info = parse_referrer(url);
    BOOST_TEST_CONTEXT(url) {
      BOOST_REQUIRE(info.has_value());
      BOOST_TEST(info->traffic_source == traffic_source);
      BOOST_TEST(!info->search_engine.has_value());
      BOOST_TEST(!info->search_keywords.has_value());
    }
  }
  // Not an engine: a query parameter named q is not search keywords.
  BOOST_TEST(!parse_referrer("https://news.example.com/?q=hello")->search_keywords.has_value());
  // The engine is the registrable domain's first label, not any label.
  BOOST_TEST(!parse_referrer("https://google.example.com/?q=hello")->search_engine.has_value());
}

BOOST_AUTO_TEST_CASE(A_8_malformed_referrer) {
  for (const char* url : {"", "google.com", "www.google.com/search?q=x", "ftp://google.com/",
                          "javascript:alert(1)", "http:/example.com", "http://", "http:///path",
                          "http://:80/", "http://exa mple.com/", "http://a..b.com/", "http://.example.com/",
                          "http://example.com:port/", "http://example.com:123456/", "http://%65xample.com/",
                          "http://[::1/", "http://[]/", "http://[::1]x/", "http://user@/"}) {
    BOOST_TEST(!parse_referrer(url).has_value(), "'" << url << "'");
  }
}

BOOST_AUTO_TEST_SUITE_END()
