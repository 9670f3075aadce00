// reports/html_report: one self-contained, well-formed page that shows every clause and keeps
// hostile text as text.
#include "reports/html_report.hpp"
#include "reports/report_text.hpp"
#include "tests/reports/report_fixture.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <regex>
#include <set>
#include <string>

using namespace ringpool::test::reports;
using ringpool::reports::render_html;

namespace {

constexpr std::string_view doctype = "<!DOCTYPE html>\n";

// The page is serialised by pugixml, so apart from the doctype it is well-formed XML.
pugi::xml_document parse_page(const std::string& html) {
  BOOST_TEST_REQUIRE(html.starts_with(doctype));
  pugi::xml_document doc;
  const std::string body = html.substr(doctype.size());
  const pugi::xml_parse_result result = doc.load_buffer(body.data(), body.size());
  BOOST_TEST_REQUIRE(static_cast<bool>(result), result.description() << " at offset " << result.offset);
  return doc;
}

std::string style_text(const pugi::xml_document& doc) { return doc.select_node("/html/head/style").node().text().get(); }

bool refers_outside(std::string_view value) {
  const std::string lower = [&] {
    std::string out(value);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  }();
  return lower.find("http:") != std::string::npos || lower.find("https:") != std::string::npos || lower.starts_with("//") ||
         lower.find("data:") != std::string::npos || lower.find("url(") != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(html_page_is_a_doctype_and_well_formed_markup) {
  const std::string html = render_html(sample_run(), ClauseCatalogue::builtin());
  const pugi::xml_document doc = parse_page(html);
  BOOST_TEST(std::string(doc.document_element().name()) == "html");
  BOOST_TEST(std::string(doc.document_element().attribute("lang").value()) == "en");
  BOOST_TEST(std::string(doc.select_node("/html/head/meta[@charset]").node().attribute("charset").value()) == "utf-8");
  BOOST_TEST(html.ends_with("</html>\n"));
}

BOOST_AUTO_TEST_CASE(html_page_needs_no_network_and_no_scripts) {
  const std::string html = render_html(hostile_run(), ClauseCatalogue::builtin());
  const pugi::xml_document doc = parse_page(html);
  BOOST_TEST(doc.select_nodes("//script").empty());
  BOOST_TEST(doc.select_nodes("//link").empty());
  BOOST_TEST(doc.select_nodes("//img | //iframe | //object | //embed").empty());
  for (const pugi::xpath_node& node : doc.select_nodes("//*[@src or @href or @srcset or @action]")) {
    for (const char* name : {"src", "srcset", "action", "xlink:href"}) BOOST_TEST(!node.node().attribute(name), name);
    const std::string href = node.node().attribute("href").value();
    BOOST_TEST(href.starts_with("#"), "href " << href);
  }
  for (const pugi::xpath_node& node : doc.select_nodes("//*[@style]")) BOOST_TEST(!refers_outside(node.node().attribute("style").value()));
  const std::string style = style_text(doc);
  BOOST_TEST(style.find("@import") == std::string::npos);
  BOOST_TEST(!refers_outside(style));
  // Exchange URLs do appear, but only as escaped text inside <pre> and <summary>.
  BOOST_TEST(html.find("http://127.0.0.1:8080/api/2015-12-09/ring_pools/3/allocate_number.json") != std::string::npos);
  for (const pugi::xpath_node& attribute : doc.select_nodes("//@*")) {
    const std::string name = attribute.attribute().name();
    BOOST_TEST(name != "xlink:href");
    if (name == "title" || name == "aria-label") continue;
    BOOST_TEST(!refers_outside(attribute.attribute().value()), name << "=" << attribute.attribute().value());
  }
}

BOOST_AUTO_TEST_CASE(html_stylesheet_survives_xml_escaping) {
  const std::string html = render_html(sample_run(), ClauseCatalogue::builtin());
  const auto start = html.find("<style>");
  const auto end = html.find("</style>");
  BOOST_TEST_REQUIRE((start != std::string::npos && end != std::string::npos));
  // Inside <style> HTML does not decode entities: the raw text must need none.
  const std::string raw = html.substr(start, end - start);
  BOOST_TEST(raw.find('&') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(html_coverage_matrix_shows_every_catalogue_clause) {
  const ClauseCatalogue& catalogue = ClauseCatalogue::builtin();
  const pugi::xml_document doc = parse_page(render_html(sample_run(), catalogue));
  std::vector<std::string> cells;
  for (const pugi::xpath_node& node : doc.select_nodes("//div[contains(concat(' ', @class, ' '), ' cell ')]/span[@class='id']"))
    cells.push_back(node.node().text().get());
  std::vector<std::string> expected;
  for (const Clause& clause : catalogue.clauses()) expected.push_back(clause.id);
  BOOST_TEST(cells == expected, boost::test_tools::per_element());
  // Each cell says its status in words and in its title, not only by colour.
  const pugi::xml_node p4 = doc.select_node("//div[span[@class='id']='P-4']").node();
  BOOST_TEST(std::string(p4.attribute("class").value()) == "cell cov-failed");
  BOOST_TEST(std::string(p4.select_node("span[@class='status']").node().text().get()) == "✗ failed");
  BOOST_TEST(std::string(p4.attribute("title").value()).starts_with("P-4 — failed [doc dec]"));
  BOOST_TEST(std::string(p4.attribute("title").value()).find("legacy/overflow.toml") != std::string::npos);
  const pugi::xml_node t2 = doc.select_node("//div[span[@class='id']='T-2']").node();
  BOOST_TEST(std::string(t2.attribute("class").value()) == "cell cov-nbb");
  const pugi::xml_node b8 = doc.select_node("//div[span[@class='id']='B-8']").node();
  BOOST_TEST(std::string(b8.attribute("class").value()) == "cell cov-skipped");
}

BOOST_AUTO_TEST_CASE(html_coverage_sections_follow_the_catalogue) {
  const ClauseCatalogue catalogue = ClauseCatalogue::parse(catalogue_toml(), "test");
  const pugi::xml_document doc = parse_page(render_html(sample_run(), catalogue));
  std::vector<std::string> titles;
  for (const pugi::xpath_node& node : doc.select_nodes("//div[@class='matrix-title']")) titles.push_back(node.node().first_child().value());
  const std::vector<std::string> expected = {"3. Legacy allocation API", "5. Pools", "6. Clock"};
  BOOST_TEST(titles == expected, boost::test_tools::per_element());
  // The legend counts each status once per clause.
  const pugi::xml_node legend = doc.select_node("//ul[@class='legend']").node();
  std::vector<std::string> counts;
  for (pugi::xml_node item : legend.children("li")) counts.push_back(item.select_node("span[@class='n']").node().text().get());
  const std::vector<std::string> expected_counts = {"2", "0", "1", "0", "0", "1"};  // failed, unknown, checked, skipped, none, n/a
  BOOST_TEST(counts == expected_counts, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(html_failures_show_check_exchange_and_reproduce_line) {
  const pugi::xml_document doc = parse_page(render_html(sample_run(), ClauseCatalogue::builtin()));
  const pugi::xml_node card = doc.select_node("//article[h3='legacy/overflow.toml' or div/h3='legacy/overflow.toml']").node();
  BOOST_TEST_REQUIRE(static_cast<bool>(card));
  BOOST_TEST(std::string(card.select_node(".//div[@class='reproduce']/code").node().text().get()) ==
             "ringpool conform --target http://127.0.0.1:8080 --seed 42 --scenario legacy/overflow.toml");
  const auto checks = card.select_nodes(".//div[@class='check']");
  BOOST_TEST_REQUIRE(checks.size() == 2u);
  const pugi::xml_node first = checks[0].node();
  BOOST_TEST(std::string(first.select_node(".//span[@class='what']").node().text().get()) == "overflow flag");
  BOOST_TEST(std::string(first.select_node(".//span[@class='step']").node().text().get()) == "step 3: allocate p (json)");
  BOOST_TEST(std::string(first.select_node(".//div[@class='side expected']/pre").node().text().get()) == "the pool's overflow number 800-555-0011");
  BOOST_TEST(std::string(first.select_node(".//div[@class='side actual']/pre").node().text().get()) == "a fresh number 800-555-0013");
  const auto pres = first.select_nodes(".//details//pre");
  BOOST_TEST_REQUIRE(pres.size() == 2u);
  const std::string request = pres[0].node().text().get();
  const std::string response = pres[1].node().text().get();
  BOOST_TEST(request.starts_with("GET http://127.0.0.1:8080/api/2015-12-09/ring_pools/3/allocate_number.json?ring_pool_key=3970ec50d1&m1=c\nAccept: application/json\n"));
  BOOST_TEST(response.starts_with("HTTP 200\nContent-Type: application/json; charset=utf-8\n"));
  BOOST_TEST(response.find("\"promo_number\":\"8005550013\"") != std::string::npos);
  // The second check judged the same exchange: it links to it instead of repeating it.
  const pugi::xml_node second = checks[1].node();
  BOOST_TEST(second.select_nodes(".//details").empty());
  BOOST_TEST(std::string(second.select_node(".//a").node().attribute("href").value()) == "#s5-x1");
  BOOST_TEST(static_cast<bool>(doc.select_node("//details[@id='s5-x1']")));
}

BOOST_AUTO_TEST_CASE(html_unknown_scenario_shows_the_transport_error) {
  const pugi::xml_document doc = parse_page(render_html(sample_run(), ClauseCatalogue::builtin()));
  const pugi::xml_node card = doc.select_node("//article[div/h3='leases/expiry.toml']").node();
  BOOST_TEST_REQUIRE(static_cast<bool>(card));
  BOOST_TEST(std::string(card.attribute("class").value()) == "scenario unknown");
  BOOST_TEST(std::string(card.select_node(".//p[@class='scenario-reason']").node().text().get()) == "the target did not answer within 5000 ms");
  const auto pres = card.select_nodes(".//details//pre");
  BOOST_TEST_REQUIRE(pres.size() == 2u);
  BOOST_TEST(std::string(pres[1].node().text().get()) == "No response: timed out after 5000 ms (read)");
}

BOOST_AUTO_TEST_CASE(html_tables_list_skipped_and_all_scenarios) {
  const RunResult run = sample_run();
  const pugi::xml_document doc = parse_page(render_html(run, ClauseCatalogue::builtin()));
  const auto skipped_rows = doc.select_nodes("//section[@id='skipped']//tbody/tr");
  BOOST_TEST_REQUIRE(skipped_rows.size() == 2u);
  BOOST_TEST(std::string(skipped_rows[0].node().child("td").text().get()) == "bulk/enablement.toml");
  BOOST_TEST(std::string(skipped_rows[0].node().last_child().text().get()) ==
             "needs capability \"control\" (POST /_control/bulk), which the target does not have");
  const auto all_rows = doc.select_nodes("//section[@id='scenarios']//tbody/tr");
  BOOST_TEST_REQUIRE(all_rows.size() == run.scenarios.size());
  for (std::size_t i = 0; i < run.scenarios.size(); ++i) {
    BOOST_TEST(std::string(all_rows[i].node().child("td").child("span").text().get()).ends_with(outcome_name(run.scenarios[i].outcome)));
  }
}

BOOST_AUTO_TEST_CASE(html_hostile_text_is_escaped_and_made_safe) {
  const std::string html = render_html(hostile_run(), ClauseCatalogue::builtin());
  BOOST_TEST(html.find("<script") == std::string::npos);
  BOOST_TEST(html.find("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'quote' ]]&gt;") != std::string::npos);
  BOOST_TEST(ringpool::reports::sanitize_utf8(html) == html);
  for (unsigned char c : html) BOOST_TEST(!(c < 0x20 && c != '\n' && c != '\t' && c != '\r'), "control byte " << static_cast<int>(c));
  BOOST_TEST(html.find("&#1;") == std::string::npos);
  BOOST_TEST(html.find("&#27;") == std::string::npos);
  const pugi::xml_document doc = parse_page(html);
  BOOST_TEST(doc.select_nodes("//script").empty());
  const std::string heading = doc.select_node("//h1").node().text().get();
  BOOST_TEST(heading.starts_with("<script>alert(\"x\")</script> & 'quote' ]]> \xEF\xBF\xBD\xEF\xBF\xBD bad"), heading);
}

BOOST_AUTO_TEST_CASE(html_empty_elements_are_never_self_closed_outside_svg) {
  const std::string html = render_html(sample_run(), ClauseCatalogue::builtin());
  const std::set<std::string> allowed = {"meta", "circle", "rect", "wbr"};
  const std::regex self_closed("<([a-zA-Z0-9-]+)[^<>]*/>");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), self_closed); it != std::sregex_iterator(); ++it)
    BOOST_TEST(allowed.contains((*it)[1].str()), "self-closed <" << (*it)[1].str() << ">");
}

BOOST_AUTO_TEST_CASE(html_long_bodies_are_truncated_and_say_so) {
  RunResult run = sample_run();
  ScenarioResult& overflow = scenario_named(run, "legacy/overflow.toml");
  overflow.exchanges[0].response_body = std::string(20000, 'x') + "END-OF-BODY";
  const std::string html = render_html(run, ClauseCatalogue::builtin());
  BOOST_TEST(html.find("END-OF-BODY") == std::string::npos);
  BOOST_TEST(html.find("Body truncated: showing the first 8192 of 20011 bytes.") != std::string::npos);
  BOOST_TEST(html.find(std::string(8192, 'x')) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(html_same_run_gives_the_same_bytes) {
  BOOST_TEST(render_html(sample_run(), ClauseCatalogue::builtin()) == render_html(sample_run(), ClauseCatalogue::builtin()));
  BOOST_TEST(render_html(hostile_run(), ClauseCatalogue::builtin()) == render_html(hostile_run(), ClauseCatalogue::builtin()));
}

BOOST_AUTO_TEST_CASE(html_verdict_says_failed_passed_or_inconclusive) {
  RunResult run = sample_run();
  const auto verdict = [](const RunResult& r) {
    const pugi::xml_document doc = parse_page(render_html(r, ClauseCatalogue::builtin()));
    return std::string(doc.select_node("//div[starts-with(@class, 'verdict')]").node().text().get());
  };
  BOOST_TEST(verdict(run) == "✗ Failed — 2 scenarios");
  run.known_failures = {"legacy/overflow.toml", "management/errors.toml"};
  BOOST_TEST(verdict(run) == "? Inconclusive — 1 unknown");
  std::erase_if(run.scenarios, [](const ScenarioResult& s) { return s.outcome == Outcome::Unknown; });
  BOOST_TEST(verdict(run) == "✓ Passed — 2 known failures");
  run.known_failures.clear();
  std::erase_if(run.scenarios, [](const ScenarioResult& s) { return s.outcome == Outcome::Failed; });
  BOOST_TEST(verdict(run) == "✓ Passed");
}

// A `ringpool check` run is titled and worded for what it is: random traffic judged clause by
// clause, so no [doc] sentence is a gap of it, and its wall time is measured.
BOOST_AUTO_TEST_CASE(html_check_run_is_titled_and_worded_for_check) {
  RunResult run = sample_run();
  run.kind = RunKind::Check;
  run.wall_ms = 1234;
  const std::string html = render_html(run, ClauseCatalogue::builtin());
  const pugi::xml_document doc = parse_page(html);
  const std::string title = doc.select_node("/html/head/title").node().text().get();
  BOOST_TEST(title.starts_with("RingPool check — "), title);
  BOOST_TEST(html.find("RingPool conformance report") == std::string::npos);
  BOOST_TEST(html.find("RingPool check report") != std::string::npos);
  const std::string sentences = doc.select_node("//section[@id='sentences']").node().child("div").child("span").text().get();
  BOOST_TEST(sentences.find("gap") == std::string::npos, sentences);
  BOOST_TEST(html.find("⊘ gap") == std::string::npos);
  BOOST_TEST(html.find("○ gap") == std::string::npos);
  BOOST_TEST(html.find("not measured (deterministic run)") == std::string::npos);
  BOOST_TEST(html.find("1.23 s") != std::string::npos);
  // The conformance run's page keeps its words.
  const std::string conformance = render_html(sample_run(), ClauseCatalogue::builtin());
  BOOST_TEST(conformance.find("RingPool conformance report") != std::string::npos);
  BOOST_TEST(conformance.find("gaps (no vendor-profile check)") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
