#include "reports/svg_chart.hpp"

#include "reports/report_text.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <sstream>

namespace ringpool::reports::svg {

namespace {

using pugi::xml_node;

// Okabe-Ito: distinguishable with every common colour-vision deficiency.
constexpr std::array<std::string_view, 8> kPalette = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                                      "#E69F00", "#56B4E9", "#000000", "#F0E442"};
constexpr std::string_view kInk = "#1F2933";
constexpr std::string_view kMuted = "#52606D";
constexpr std::string_view kGrid = "#E4E7EB";
constexpr double kCharWidth = 7.2;  // average width of a 12px sans-serif character, for layout

// Coordinates with one decimal: enough for a screen, identical bytes everywhere.
std::string coordinate(double value) {
  if (std::abs(value) < 0.05) value = 0;  // never "-0.0"
  return fmt::format("{:.1f}", value);
}

void set(xml_node node, const char* name, std::string_view value) {
  node.append_attribute(name).set_value(xml_safe(value).c_str());
}
void set(xml_node node, const char* name, double value) { set(node, name, coordinate(value)); }

xml_node add(xml_node parent, const char* tag) { return parent.append_child(tag); }

xml_node add_text(xml_node parent, double x, double y, std::string_view value, std::string_view anchor = "start",
                  std::string_view colour = kInk) {
  xml_node node = add(parent, "text");
  set(node, "x", x);
  set(node, "y", y);
  if (anchor != "start") set(node, "text-anchor", anchor);
  if (colour != kInk) set(node, "fill", colour);
  node.append_child(pugi::node_pcdata).set_value(xml_safe(value).c_str());
  return node;
}

xml_node add_line(xml_node parent, double x1, double y1, double x2, double y2, std::string_view colour,
                  double width = 1, bool dashed = false) {
  xml_node node = add(parent, "line");
  set(node, "x1", x1);
  set(node, "y1", y1);
  set(node, "x2", x2);
  set(node, "y2", y2);
  set(node, "stroke", colour);
  if (width != 1) set(node, "stroke-width", width);
  if (dashed) set(node, "stroke-dasharray", "6 4");
  return node;
}

// One marker shape per scatter series (circle, square, triangle, diamond, cross), so series stay
// apart in print and for readers who cannot tell the colours apart.
void add_marker(xml_node parent, int shape, double x, double y, std::string_view colour) {
  constexpr double r = 4;
  switch (shape % 5) {
    case 0: {
      xml_node node = add(parent, "circle");
      set(node, "cx", x);
      set(node, "cy", y);
      set(node, "r", r);
      set(node, "fill", colour);
      return;
    }
    case 1: {
      xml_node node = add(parent, "rect");
      set(node, "x", x - r);
      set(node, "y", y - r);
      set(node, "width", 2 * r);
      set(node, "height", 2 * r);
      set(node, "fill", colour);
      return;
    }
    case 2: {
      xml_node node = add(parent, "path");
      set(node, "d", fmt::format("M{} {}L{} {}L{} {}Z", coordinate(x), coordinate(y - r - 1), coordinate(x + r + 1),
                                 coordinate(y + r), coordinate(x - r - 1), coordinate(y + r)));
      set(node, "fill", colour);
      return;
    }
    case 3: {
      xml_node node = add(parent, "path");
      set(node, "d", fmt::format("M{} {}L{} {}L{} {}L{} {}Z", coordinate(x), coordinate(y - r - 1),
                                 coordinate(x + r + 1), coordinate(y), coordinate(x), coordinate(y + r + 1),
                                 coordinate(x - r - 1), coordinate(y)));
      set(node, "fill", colour);
      return;
    }
    default: {
      xml_node node = add(parent, "path");
      set(node, "d", fmt::format("M{} {}L{} {}M{} {}L{} {}", coordinate(x - r), coordinate(y - r), coordinate(x + r),
                                 coordinate(y + r), coordinate(x - r), coordinate(y + r), coordinate(x + r),
                                 coordinate(y - r)));
      set(node, "stroke", colour);
      set(node, "stroke-width", 2);
      return;
    }
  }
}

std::string axis_title(const Axis& axis) {
  if (axis.unit.empty()) return axis.label;
  return fmt::format("{} ({})", axis.label, axis.unit);
}

// The decimals that show every multiple of `step` exactly (step 0.25 -> 2, step 20 -> 0).
int decimals_for(double step) {
  step = std::abs(step);
  if (!(step > 0) || !std::isfinite(step)) return 0;
  for (int decimals = 0; decimals < 12; ++decimals) {
    const double scaled = step * std::pow(10.0, decimals);
    if (std::abs(scaled - std::round(scaled)) <= 1e-6 * scaled) return decimals;
  }
  return 12;
}

// One axis's mapping from data to pixels, and its ticks.
struct Mapping {
  Scale scale = Scale::Linear;
  double low = 0, high = 1;                 // data domain
  double pixel_low = 0, pixel_high = 1;     // pixels for low and high
  std::vector<std::pair<double, double>> ticks;  // (value, step used for its label)

  bool drawable(double value) const { return std::isfinite(value) && (scale == Scale::Linear || value > 0); }
  double operator()(double value) const {
    double fraction;
    if (scale == Scale::Log) {
      fraction = (std::log10(value) - std::log10(low)) / (std::log10(high) - std::log10(low));
    } else {
      fraction = (value - low) / (high - low);
    }
    return pixel_low + fraction * (pixel_high - pixel_low);
  }
};

// Data extent of one axis over every value given; skips values a log axis cannot show.
struct Extent {
  double low = std::numeric_limits<double>::infinity();
  double high = -std::numeric_limits<double>::infinity();

  void add(double value, Scale scale) {
    if (!std::isfinite(value)) return;
    if (scale == Scale::Log && value <= 0) return;
    low = std::min(low, value);
    high = std::max(high, value);
  }
  bool empty() const { return low > high; }
};

Mapping make_mapping(const Axis& axis, Extent extent, double pixel_low, double pixel_high) {
  Mapping mapping;
  mapping.scale = axis.scale;
  mapping.pixel_low = pixel_low;
  mapping.pixel_high = pixel_high;
  if (axis.scale == Scale::Log) {
    double low = axis.min && *axis.min > 0 ? *axis.min : (extent.empty() ? 1 : extent.low);
    double high = axis.max && *axis.max > 0 ? *axis.max : (extent.empty() ? 10 : extent.high);
    if (high < low) std::swap(low, high);
    int low_exponent = static_cast<int>(std::floor(std::log10(low) + 1e-9));
    int high_exponent = static_cast<int>(std::ceil(std::log10(high) - 1e-9));
    if (high_exponent <= low_exponent) high_exponent = low_exponent + 1;
    mapping.low = axis.min && *axis.min > 0 ? low : std::pow(10.0, low_exponent);
    mapping.high = axis.max && *axis.max > 0 ? high : std::pow(10.0, high_exponent);
    const bool few_decades = high_exponent - low_exponent <= 2;
    // At most about eight labelled decades: every k-th one on a long axis.
    const int decade_step = std::max(1, (high_exponent - low_exponent + 7) / 8);
    for (int exponent = low_exponent; exponent <= high_exponent; exponent += decade_step) {
      const double decade = std::pow(10.0, exponent);
      for (double factor : {1.0, 2.0, 5.0}) {
        if (factor != 1.0 && !few_decades) continue;
        const double value = factor * decade;
        if (value < mapping.low * (1 - 1e-9) || value > mapping.high * (1 + 1e-9)) continue;
        mapping.ticks.emplace_back(value, value);
      }
    }
    return mapping;
  }
  double low = axis.min ? *axis.min : (extent.empty() ? 0 : extent.low);
  double high = axis.max ? *axis.max : (extent.empty() ? 1 : extent.high);
  if (axis.include_zero) {
    if (!axis.min) low = std::min(low, 0.0);
    if (!axis.max) high = std::max(high, 0.0);
  }
  if (high < low) std::swap(low, high);
  if (high == low) {
    const double pad = low == 0 ? 1 : std::abs(low) * 0.1;
    if (!axis.min) low -= pad;
    if (!axis.max) high += pad;
    if (high == low) high = low + 1;
  }
  const std::vector<double> ticks = linear_ticks(low, high, 6);
  const double step = ticks.size() > 1 ? ticks[1] - ticks[0] : (high - low);
  mapping.low = axis.min ? low : std::min(low, ticks.front());
  mapping.high = axis.max ? high : std::max(high, ticks.back());
  for (double tick : ticks)
    if (tick >= mapping.low - step * 1e-9 && tick <= mapping.high + step * 1e-9) mapping.ticks.emplace_back(tick, step);
  return mapping;
}

std::string_view series_colour(const Series& series, std::size_t index, std::string& storage) {
  if (series.colour) {
    storage = *series.colour;
    return storage;
  }
  return kPalette[index % kPalette.size()];
}

struct LegendEntry {
  std::string name;
  std::string colour;
  SeriesKind kind;
  bool dashed;
  bool markers;
  int shape;
};

}  // namespace

std::vector<double> linear_ticks(double low, double high, int target_count) {
  if (!std::isfinite(low) || !std::isfinite(high)) return {0, 1};
  if (high < low) std::swap(low, high);
  if (high == low) high = low + 1;
  target_count = std::max(2, target_count);
  const double rough = (high - low) / target_count;
  const double magnitude = std::pow(10.0, std::floor(std::log10(rough)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0}) {
    step = factor * magnitude;
    if (step >= rough) break;
  }
  const double first = std::floor(low / step + 1e-9) * step;
  const double last = std::ceil(high / step - 1e-9) * step;
  std::vector<double> ticks;
  const auto count = static_cast<long>(std::llround((last - first) / step));
  for (long i = 0; i <= count; ++i) {
    double value = first + static_cast<double>(i) * step;
    if (std::abs(value) < step * 1e-9) value = 0;
    ticks.push_back(value);
  }
  return ticks;
}

std::string format_tick(double value, double step, TickFormat format) {
  if (format == TickFormat::Percent) {
    value *= 100;
    step *= 100;
  }
  if (std::abs(value) < std::abs(step) * 1e-9) value = 0;
  std::string_view suffix;
  const double magnitude = std::abs(value);
  if (format == TickFormat::Number && magnitude >= 1e6 && std::abs(step) >= 1e5) {
    value /= 1e6;
    step /= 1e6;
    suffix = "M";
  } else if (format == TickFormat::Number && magnitude >= 1e4 && std::abs(step) >= 100) {
    value /= 1e3;
    step /= 1e3;
    suffix = "k";
  }
  std::string text = fmt::format("{:.{}f}{}", value, decimals_for(step), suffix);
  if (format == TickFormat::Percent) text += "%";
  return text;
}

namespace {

// Where everything goes: the plot area, both axes' mappings, the legend's rows.
struct Layout {
  double width = 0, height = 0;
  double plot_left = 0, plot_right = 0, plot_top = 0, plot_bottom = 0;
  double note_height = 0;
  std::size_t dropped = 0;  // data points a log axis cannot show
  Mapping x_map, y_map;
  std::vector<std::string> y_labels;
  std::vector<LegendEntry> legend;
  std::vector<std::pair<double, int>> legend_positions;  // x, row
  std::vector<int> shapes;                               // per series: its marker shape
};

// Returns how many data points a log axis cannot show: markers a reader would look for, not the
// samples of a curve (an analytic curve simply leaves the plot) nor the ends of error bars.
std::size_t chart_extents(const Chart& chart, Extent& x, Extent& y) {
  std::size_t dropped = 0;
  const auto hidden = [](double value, Scale scale) { return scale == Scale::Log && value <= 0; };
  for (const Series& series : chart.series) {
    const bool counted = series.kind == SeriesKind::Scatter || series.show_markers;
    for (const Point& point : series.points) {
      if (counted && (hidden(point.x, chart.x.scale) || hidden(point.y, chart.y.scale))) ++dropped;
      x.add(point.x, chart.x.scale);
      y.add(point.y, chart.y.scale);
      if (point.y_low && point.y_high) {
        y.add(*point.y_low, chart.y.scale);
        y.add(*point.y_high, chart.y.scale);
      }
    }
  }
  for (const MarkedPoint& mark : chart.marks) {
    x.add(mark.x, chart.x.scale);
    y.add(mark.y, chart.y.scale);
  }
  for (const Guide& guide : chart.guides) {
    if (guide.direction == Guide::Direction::Horizontal) {
      y.add(guide.value, chart.y.scale);
    } else {
      x.add(guide.value, chart.x.scale);
    }
  }
  return dropped;
}

// Legend entries in rows under the title; returns the number of rows.
int lay_out_legend(const Chart& chart, Layout& layout) {
  int scatter_shape = 0;
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    const Series& series = chart.series[i];
    std::string storage;
    const std::string colour(series_colour(series, i, storage));
    const int shape = series.kind == SeriesKind::Scatter || series.show_markers ? scatter_shape++ : 0;
    layout.shapes.push_back(shape);
    if (!series.name.empty())
      layout.legend.push_back({series.name, colour, series.kind, series.dashed, series.show_markers, shape});
  }
  const double legend_left = 16, legend_right = layout.width - 16;
  double x = legend_left;
  int row = 0;
  for (const LegendEntry& entry : layout.legend) {
    const double entry_width = 26 + kCharWidth * static_cast<double>(entry.name.size()) + 18;
    if (x > legend_left && x + entry_width > legend_right) {
      x = legend_left;
      ++row;
    }
    layout.legend_positions.emplace_back(x, row);
    x += entry_width;
  }
  return layout.legend.empty() ? 0 : layout.legend_positions.back().second + 1;
}

Layout lay_out(const Chart& chart) {
  Layout layout;
  layout.width = std::max(chart.width, 240);
  layout.height = std::max(chart.height, 180);
  Extent x_extent, y_extent;
  layout.dropped = chart_extents(chart, x_extent, y_extent);
  const int legend_rows = lay_out_legend(chart, layout);
  layout.plot_top = 34 + legend_rows * 18 + (legend_rows > 0 ? 10 : 4);
  // A note under the axis title says what a log axis left out.
  layout.note_height = layout.dropped > 0 ? 16 : 0;
  layout.plot_bottom = layout.height - 46 - layout.note_height;
  // The left margin fits the widest y tick label.
  layout.y_map = make_mapping(chart.y, y_extent, layout.plot_bottom, layout.plot_top);
  std::size_t widest = 1;
  for (const auto& [value, step] : layout.y_map.ticks) {
    layout.y_labels.push_back(format_tick(value, step, chart.y.format));
    widest = std::max(widest, layout.y_labels.back().size());
  }
  layout.plot_left = 30 + kCharWidth * static_cast<double>(widest) + 8;
  layout.plot_right = layout.width - 20;
  layout.x_map = make_mapping(chart.x, x_extent, layout.plot_left, layout.plot_right);
  return layout;
}

// The <svg> element with its title, background, clip path, heading and the log-axis note.
xml_node open_svg(xml_node parent, const Chart& chart, const Layout& layout) {
  xml_node svg = add(parent, "svg");
  set(svg, "xmlns", "http://www.w3.org/2000/svg");
  set(svg, "width", fmt::format("{}", static_cast<int>(layout.width)));
  set(svg, "height", fmt::format("{}", static_cast<int>(layout.height)));
  set(svg, "viewBox", fmt::format("0 0 {} {}", static_cast<int>(layout.width), static_cast<int>(layout.height)));
  set(svg, "role", "img");
  set(svg, "aria-label", chart.title);
  set(svg, "font-family", "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif");
  set(svg, "font-size", "12");
  set(svg, "class", "chart");
  add(svg, "title").append_child(pugi::node_pcdata).set_value(xml_safe(chart.title).c_str());
  xml_node background = add(svg, "rect");
  set(background, "width", "100%");
  set(background, "height", "100%");
  set(background, "fill", "#FFFFFF");
  xml_node clip = add(add(svg, "defs"), "clipPath");
  set(clip, "id", chart.id + "-plot");
  xml_node clip_rect = add(clip, "rect");
  set(clip_rect, "x", layout.plot_left - 6);
  set(clip_rect, "y", layout.plot_top - 6);
  set(clip_rect, "width", layout.plot_right - layout.plot_left + 12);
  set(clip_rect, "height", layout.plot_bottom - layout.plot_top + 12);
  xml_node title = add_text(svg, 16, 20, chart.title);
  set(title, "font-size", "15");
  set(title, "font-weight", "600");
  if (layout.dropped > 0) {
    xml_node note = add_text(svg, 16, layout.height - 8,
                             fmt::format("{} point{} \u2264 0 not shown on the log axis", layout.dropped,
                                         layout.dropped == 1 ? "" : "s"),
                             "start", kMuted);
    set(note, "font-size", "11");
  }
  return svg;
}

void draw_axes(xml_node svg, const Chart& chart, const Layout& layout) {
  xml_node grid = add(svg, "g");
  set(grid, "class", "grid");
  for (std::size_t i = 0; i < layout.y_map.ticks.size(); ++i) {
    const double y = layout.y_map(layout.y_map.ticks[i].first);
    add_line(grid, layout.plot_left, y, layout.plot_right, y, kGrid);
    add_text(grid, layout.plot_left - 8, y + 4, layout.y_labels[i], "end", kMuted);
  }
  for (const auto& [value, step] : layout.x_map.ticks) {
    const double x = layout.x_map(value);
    add_line(grid, x, layout.plot_top, x, layout.plot_bottom, kGrid);
    add_line(grid, x, layout.plot_bottom, x, layout.plot_bottom + 5, kMuted);
    add_text(grid, x, layout.plot_bottom + 18, format_tick(value, step, chart.x.format), "middle", kMuted);
  }
  xml_node axes = add(svg, "g");
  set(axes, "class", "axes");
  add_line(axes, layout.plot_left, layout.plot_bottom, layout.plot_right, layout.plot_bottom, kInk);
  add_line(axes, layout.plot_left, layout.plot_top, layout.plot_left, layout.plot_bottom, kInk);
  add_text(axes, (layout.plot_left + layout.plot_right) / 2, layout.height - 10 - layout.note_height, axis_title(chart.x),
           "middle");
  xml_node y_title = add_text(axes, 0, 0, axis_title(chart.y), "middle");
  set(y_title, "transform",
      fmt::format("translate({} {}) rotate(-90)", coordinate(14), coordinate((layout.plot_top + layout.plot_bottom) / 2)));
  y_title.remove_attribute("x");
  y_title.remove_attribute("y");
}

void draw_guides(xml_node svg, const Chart& chart, const Layout& layout) {
  xml_node guides = add(svg, "g");
  set(guides, "class", "guides");
  for (const Guide& guide : chart.guides) {
    if (guide.direction == Guide::Direction::Horizontal) {
      if (!layout.y_map.drawable(guide.value)) continue;
      const double y = layout.y_map(guide.value);
      add_line(guides, layout.plot_left, y, layout.plot_right, y, kMuted, 1.2, true);
      if (!guide.label.empty()) add_text(guides, layout.plot_right - 4, y - 5, guide.label, "end", kMuted);
    } else {
      if (!layout.x_map.drawable(guide.value)) continue;
      const double x = layout.x_map(guide.value);
      add_line(guides, x, layout.plot_top, x, layout.plot_bottom, kMuted, 1.2, true);
      if (!guide.label.empty()) add_text(guides, x + 4, layout.plot_top + 12, guide.label, "start", kMuted);
    }
  }
}

void draw_path(xml_node group, const Series& series, const std::vector<std::pair<double, double>>& pixels,
               std::string_view colour) {
  std::string path;
  for (std::size_t k = 0; k < pixels.size(); ++k) {
    const auto [x, y] = pixels[k];
    if (k == 0) {
      path += fmt::format("M{} {}", coordinate(x), coordinate(y));
    } else if (series.kind == SeriesKind::Step) {
      path += fmt::format("H{}V{}", coordinate(x), coordinate(y));
    } else {
      path += fmt::format("L{} {}", coordinate(x), coordinate(y));
    }
  }
  xml_node line = add(group, "path");
  set(line, "d", path);
  set(line, "fill", "none");
  set(line, "stroke", colour);
  set(line, "stroke-width", "2");
  set(line, "stroke-linejoin", "round");
  if (series.dashed) set(line, "stroke-dasharray", "6 4");
}

void draw_one_series(xml_node plot, const Series& series, std::string_view colour, int shape, const Layout& layout) {
  xml_node group = add(plot, "g");
  if (!series.name.empty()) set(group, "data-series", series.name);
  std::vector<std::pair<double, double>> pixels;
  std::vector<const Point*> drawn;
  for (const Point& point : series.points) {
    if (!layout.x_map.drawable(point.x) || !layout.y_map.drawable(point.y)) continue;
    pixels.emplace_back(layout.x_map(point.x), layout.y_map(point.y));
    drawn.push_back(&point);
  }
  // Error bars first, so markers sit on top of them.
  for (std::size_t k = 0; k < drawn.size(); ++k) {
    const Point& point = *drawn[k];
    if (!point.y_low || !point.y_high || !layout.y_map.drawable(*point.y_low) || !layout.y_map.drawable(*point.y_high))
      continue;
    const double x = pixels[k].first, low = layout.y_map(*point.y_low), high = layout.y_map(*point.y_high);
    add_line(group, x, low, x, high, colour, 1.2);
    add_line(group, x - 3, low, x + 3, low, colour, 1.2);
    add_line(group, x - 3, high, x + 3, high, colour, 1.2);
  }
  if (series.kind != SeriesKind::Scatter && pixels.size() > 1) draw_path(group, series, pixels, colour);
  if (series.kind == SeriesKind::Scatter || series.show_markers || pixels.size() == 1)
    for (const auto& [x, y] : pixels) add_marker(group, shape, x, y, colour);
}

void draw_marks(xml_node svg, const Chart& chart, const Layout& layout) {
  xml_node marks = add(svg, "g");
  set(marks, "class", "marks");
  for (const MarkedPoint& mark : chart.marks) {
    if (!layout.x_map.drawable(mark.x) || !layout.y_map.drawable(mark.y)) continue;
    const double x = layout.x_map(mark.x), y = layout.y_map(mark.y);
    xml_node ring = add(marks, "circle");
    set(ring, "cx", x);
    set(ring, "cy", y);
    set(ring, "r", "9");
    set(ring, "fill", "none");
    set(ring, "stroke", kInk);
    set(ring, "stroke-width", "2");
    // The label goes to the side with more room.
    const bool left = x > (layout.plot_left + layout.plot_right) / 2;
    xml_node label = add_text(marks, left ? x - 13 : x + 13, y - 10, mark.label, left ? "end" : "start");
    set(label, "font-weight", "600");
  }
}

void draw_legend(xml_node svg, const Layout& layout) {
  xml_node legend_group = add(svg, "g");
  set(legend_group, "class", "legend");
  for (std::size_t i = 0; i < layout.legend.size(); ++i) {
    const LegendEntry& entry = layout.legend[i];
    const double x = layout.legend_positions[i].first;
    const double y = 38 + layout.legend_positions[i].second * 18;
    if (entry.kind != SeriesKind::Scatter) add_line(legend_group, x, y, x + 20, y, entry.colour, 2, entry.dashed);
    if (entry.kind == SeriesKind::Scatter || entry.markers) add_marker(legend_group, entry.shape, x + 10, y, entry.colour);
    add_text(legend_group, x + 26, y + 4, entry.name);
  }
}

}  // namespace

void append_chart(xml_node parent, const Chart& chart) {
  const Layout layout = lay_out(chart);
  xml_node svg = open_svg(parent, chart, layout);
  draw_axes(svg, chart, layout);
  draw_guides(svg, chart, layout);
  xml_node plot = add(svg, "g");
  set(plot, "class", "series");
  set(plot, "clip-path", fmt::format("url(#{}-plot)", chart.id));
  for (std::size_t i = 0; i < chart.series.size(); ++i) {
    std::string storage;
    draw_one_series(plot, chart.series[i], series_colour(chart.series[i], i, storage), layout.shapes[i], layout);
  }
  draw_marks(svg, chart, layout);
  draw_legend(svg, layout);
}

std::string render_chart(const Chart& chart) {
  pugi::xml_document document;
  append_chart(document, chart);
  std::ostringstream out;
  document.first_child().print(out, "", pugi::format_raw);
  return out.str();
}

}  // namespace ringpool::reports::svg
