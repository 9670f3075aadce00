// Inline SVG charts for the self-contained HTML reports (simulation, load): line, step and
// scatter series with axes, ticks, units, a legend, marked points, guides and optional log axes.
//
// Output is a pure function of the Chart: coordinates and labels use fixed number formatting, so
// the same chart gives the same bytes on every platform. Text goes through pugixml (escaping) and
// reports::xml_safe (characters XML cannot carry). No JavaScript, no external fonts or styles.
#pragma once

#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ringpool::reports::svg {

enum class Scale { Linear, Log };
// Number: plain decimals, "k"/"M" above 10,000. Percent: values are fractions (0.01 shows as
// "1%"). Both choose their decimals from the tick step, so labels never repeat.
enum class TickFormat { Number, Percent };

struct Axis {
  Axis() = default;
  Axis(std::string label_text, std::string unit_text, Scale axis_scale = Scale::Linear,
       TickFormat tick_format = TickFormat::Number)
      : label(std::move(label_text)), unit(std::move(unit_text)), scale(axis_scale), format(tick_format) {}

  std::string label;  // "Pool size"
  std::string unit;   // "numbers"; shown as "Pool size (numbers)"; empty: no parentheses
  Scale scale = Scale::Linear;
  TickFormat format = TickFormat::Number;
  // Fixed ends; otherwise the data's extent widened to round ticks. A log axis ignores values
  // that are not > 0 (they cannot be drawn); a note under the chart counts the markers it left
  // out (scatter points and lines with markers; a curve's samples simply leave the plot).
  std::optional<double> min;
  std::optional<double> max;
  bool include_zero = false;  // linear axes only
};

enum class SeriesKind {
  Line,     // straight segments between points, in the order given
  Step,     // each value holds until the next point's x (a time series of counts)
  Scatter,  // markers only; each series its own marker shape as well as colour
};

struct Point {
  Point() = default;
  Point(double x_value, double y_value) : x(x_value), y(y_value) {}
  Point(double x_value, double y_value, double low, double high) : x(x_value), y(y_value), y_low(low), y_high(high) {}

  double x = 0;
  double y = 0;
  // An error bar (e.g. a 95 % interval), drawn when both are set.
  std::optional<double> y_low;
  std::optional<double> y_high;
};

struct Series {
  Series() = default;
  Series(std::string series_name, SeriesKind series_kind, std::vector<Point> series_points = {})
      : name(std::move(series_name)), kind(series_kind), points(std::move(series_points)) {}

  std::string name;  // the legend entry
  SeriesKind kind = SeriesKind::Line;
  std::vector<Point> points;
  bool dashed = false;       // lines and steps (e.g. an analytic curve beside simulated values)
  bool show_markers = false; // lines and steps: also mark each point
  std::optional<std::string> colour;  // "#RRGGBB"; default: the Okabe-Ito palette in order
};

// A point called out with a ring and a label ("recommended").
struct MarkedPoint {
  MarkedPoint() = default;
  MarkedPoint(double x_value, double y_value, std::string text) : x(x_value), y(y_value), label(std::move(text)) {}

  double x = 0;
  double y = 0;
  std::string label;
};

// A dashed reference line across the plot, e.g. a target ("overflow target 1%").
struct Guide {
  enum class Direction { Horizontal, Vertical };
  Guide() = default;
  Guide(Direction line_direction, double at, std::string text)
      : direction(line_direction), value(at), label(std::move(text)) {}

  Direction direction = Direction::Horizontal;
  double value = 0;
  std::string label;
};

struct Chart {
  // Prefix of the ids inside the SVG (its clip path); give each chart on a page its own.
  std::string id = "chart";
  std::string title;
  Axis x;
  Axis y;
  std::vector<Series> series;
  std::vector<MarkedPoint> marks;
  std::vector<Guide> guides;
  int width = 720;
  int height = 400;
};

// Appends one <svg> element (with a <title> for screen readers) to `parent`.
void append_chart(pugi::xml_node parent, const Chart& chart);
// The <svg> element alone, as text.
std::string render_chart(const Chart& chart);

// Exposed for tests: "nice" tick values (steps of 1, 2 or 5 times a power of ten) covering
// [low, high], about `target_count` of them; and a tick's label for the given step.
std::vector<double> linear_ticks(double low, double high, int target_count);
std::string format_tick(double value, double step, TickFormat format);

}  // namespace ringpool::reports::svg
