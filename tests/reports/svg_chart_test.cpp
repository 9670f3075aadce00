// reports/svg_chart: ticks, tick labels, and the chart's SVG (well-formed, escaped, deterministic,
// with axes, units, legend, marked points and log axes).
#include "reports/svg_chart.hpp"

#include <boost/test/unit_test.hpp>
#include <pugixml.hpp>

#include <string>
#include <vector>

using namespace ringpool::reports::svg;

namespace {

Chart sample_chart() {
  Chart chart;
  chart.id = "sample";
  chart.title = "Overflow <vs> pool size & load";
  chart.x = Axis{"Pool size", "numbers"};
  chart.y = Axis{"Overflow", "", Scale::Log, TickFormat::Percent};
  Series simulated{"simulated", SeriesKind::Scatter, {}};
  simulated.points = {{10, 0.2, 0.18, 0.22}, {20, 0.05, 0.04, 0.06}, {30, 0.004, 0.003, 0.005}, {40, 0.0}};
  Series erlang{"Erlang-B", SeriesKind::Line, {{10, 0.21}, {20, 0.048}, {30, 0.0041}, {40, 0.0002}}};
  erlang.dashed = true;
  chart.series = {simulated, erlang};
  chart.marks = {{30, 0.004, "recommended"}};
  chart.guides = {{Guide::Direction::Horizontal, 0.01, "target 1%"}};
  return chart;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(reports)

BOOST_AUTO_TEST_CASE(svg_linear_ticks_are_round_and_cover_the_range) {
  BOOST_TEST(linear_ticks(0, 97, 6) == (std::vector<double>{0, 20, 40, 60, 80, 100}), boost::test_tools::per_element());
  BOOST_TEST(linear_ticks(0.013, 0.048, 5) == (std::vector<double>{0.01, 0.02, 0.03, 0.04, 0.05}),
             boost::test_tools::tolerance(1e-12) << boost::test_tools::per_element());
  const std::vector<double> negative = linear_ticks(-3, 3, 6);
  BOOST_TEST(negative.front() <= -3);
  BOOST_TEST(negative.back() >= 3);
}

BOOST_AUTO_TEST_CASE(svg_tick_labels_use_the_step_decimals_and_suffixes) {
  BOOST_TEST(format_tick(1500, 500, TickFormat::Number) == "1500");
  BOOST_TEST(format_tick(20000, 5000, TickFormat::Number) == "20k");
  BOOST_TEST(format_tick(2500000, 500000, TickFormat::Number) == "2.5M");
  BOOST_TEST(format_tick(0.25, 0.25, TickFormat::Number) == "0.25");
  BOOST_TEST(format_tick(0.01, 0.005, TickFormat::Percent) == "1.0%");
  BOOST_TEST(format_tick(0.001, 0.001, TickFormat::Percent) == "0.1%");
  BOOST_TEST(format_tick(-1e-17, 0.1, TickFormat::Number) == "0.0");
}

BOOST_AUTO_TEST_CASE(svg_chart_is_well_formed_escaped_and_deterministic) {
  const std::string svg = render_chart(sample_chart());
  BOOST_TEST(svg == render_chart(sample_chart()));
  pugi::xml_document document;
  BOOST_TEST(static_cast<bool>(document.load_string(svg.c_str())));
  BOOST_TEST(std::string(document.first_child().name()) == "svg");
  BOOST_TEST(svg.find("Overflow &lt;vs&gt; pool size &amp; load") != std::string::npos);
  BOOST_TEST(svg.find("<script") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(svg_chart_has_axes_units_legend_marks_and_log_ticks) {
  const std::string svg = render_chart(sample_chart());
  BOOST_TEST(svg.find(">Pool size (numbers)<") != std::string::npos);
  BOOST_TEST(svg.find(">Overflow<") != std::string::npos);
  BOOST_TEST(svg.find(">simulated<") != std::string::npos);  // legend entries
  BOOST_TEST(svg.find(">Erlang-B<") != std::string::npos);
  BOOST_TEST(svg.find(">recommended<") != std::string::npos);
  BOOST_TEST(svg.find(">target 1%<") != std::string::npos);
  BOOST_TEST(svg.find(">10%<") != std::string::npos);  // decade ticks on the log axis
  BOOST_TEST(svg.find(">0.1%<") != std::string::npos);
  BOOST_TEST(svg.find("stroke-dasharray") != std::string::npos);
  // The zero overflow cannot sit on a log axis: left out, and the chart says so.
  BOOST_TEST(svg.find("1 point \u2264 0 not shown on the log axis") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(svg_step_series_and_empty_charts_render) {
  Chart chart;
  chart.title = "Numbers held";
  chart.x = Axis{"Time", "days"};
  chart.y = Axis{"Numbers", ""};
  chart.y.include_zero = true;
  chart.series = {Series{"held", SeriesKind::Step, {{0, 3}, {1, 5}, {2, 4}, {3, 4}}}};
  const std::string svg = render_chart(chart);
  BOOST_TEST(svg.find("H") != std::string::npos);
  BOOST_TEST(svg.find(">0<") != std::string::npos);  // include_zero
  const std::string empty = render_chart(Chart{});
  pugi::xml_document document;
  BOOST_TEST(static_cast<bool>(document.load_string(empty.c_str())));
}

BOOST_AUTO_TEST_SUITE_END()
