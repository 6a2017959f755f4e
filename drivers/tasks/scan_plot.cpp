#include "drivers/tasks/scan_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "drivers/path/png_writer.hpp"
#include "drivers/path/profile_plot.hpp"

namespace atropos {

namespace {

std::string tick_label(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos) s = fmt::format("{:.{}f}", 0.0, decimals);  // no "-0"
  return s;
}

}  // namespace

void write_scan_png(const std::string& path, const std::vector<double>& values, const std::vector<double>& relative_kcal,
                    const std::string& x_title) {
  if (values.empty() || values.size() != relative_kcal.size())
    throw std::invalid_argument("write_scan_png: needs one energy per value");
  const ProfilePlotStyle style;
  RgbImage image(style.width, style.height, style.background);
  const int scale = 2;
  const int glyph_h = kGlyphHeight * scale;

  const auto [x_low, x_high] = std::minmax_element(values.begin(), values.end());
  const auto [y_low, y_high] = std::minmax_element(relative_kcal.begin(), relative_kcal.end());
  const double pad = 0.05 * std::max(*y_high - *y_low, 1e-6);
  const AxisTicks xt = nice_ticks(*x_low, *x_high, 6);
  const AxisTicks yt = nice_ticks(*y_low - pad, *y_high + pad, 6);

  int label_width = 0;
  for (double v = yt.first; v <= yt.last + 0.5 * yt.step; v += yt.step)
    label_width = std::max(label_width, text_width(tick_label(v, yt.decimals), scale));
  PlotFrame f;
  f.left = 12 + glyph_h + 12 + label_width + 10;
  f.right = style.width - 30;
  f.top = 20;
  f.bottom = style.height - (10 + glyph_h + 12 + glyph_h + 14);
  f.x_min = xt.first;
  f.x_max = xt.last;
  f.y_min = yt.first;
  f.y_max = yt.last;

  image.draw_line(f.left, f.top, f.right, f.top, style.axes);
  image.draw_line(f.left, f.bottom, f.right, f.bottom, style.axes);
  image.draw_line(f.left, f.top, f.left, f.bottom, style.axes);
  image.draw_line(f.right, f.top, f.right, f.bottom, style.axes);
  const int tick = 6;
  for (double v = xt.first; v <= xt.last + 0.5 * xt.step; v += xt.step) {
    const int x = f.pixel_x(v);
    image.draw_line(x, f.bottom, x, f.bottom + tick, style.axes);
    const std::string label = tick_label(v, xt.decimals);
    image.draw_text(x - text_width(label, scale) / 2, f.bottom + tick + 4, label, style.axes, scale);
  }
  for (double v = yt.first; v <= yt.last + 0.5 * yt.step; v += yt.step) {
    const int y = f.pixel_y(v);
    image.draw_line(f.left - tick, y, f.left, y, style.axes);
    const std::string label = tick_label(v, yt.decimals);
    image.draw_text(f.left - tick - 4 - text_width(label, scale), y - glyph_h / 2, label, style.axes, scale);
  }
  image.draw_text((f.left + f.right - text_width(x_title, scale)) / 2, style.height - 10 - glyph_h, x_title, style.axes,
                  scale);
  const std::string y_title = "E (kcal/mol)";
  image.draw_text_vertical(12, (f.top + f.bottom + text_width(y_title, scale)) / 2, y_title, style.axes, scale);

  for (std::size_t k = 1; k < values.size(); ++k)
    image.draw_line(f.pixel_x(values[k - 1]), f.pixel_y(relative_kcal[k - 1]), f.pixel_x(values[k]),
                    f.pixel_y(relative_kcal[k]), style.curve, 2);
  for (std::size_t k = 0; k < values.size(); ++k)
    image.fill_circle(f.pixel_x(values[k]), f.pixel_y(relative_kcal[k]), style.marker_radius, style.image_marker);
  write_png(path, image);
}

}  // namespace atropos
