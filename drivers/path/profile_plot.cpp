#include "drivers/path/profile_plot.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "drivers/path/png_writer.hpp"
#include "geometry/units.hpp"

namespace atropos {

int PlotFrame::pixel_x(double x) const {
  return left + static_cast<int>(std::lround((x - x_min) / (x_max - x_min) * (right - left)));
}

int PlotFrame::pixel_y(double y) const {
  return bottom - static_cast<int>(std::lround((y - y_min) / (y_max - y_min) * (bottom - top)));
}

AxisTicks nice_ticks(double low, double high, int target) {
  if (!(high > low)) {
    // A flat profile: one unit around the value.
    const double centre = low;
    low = centre - 0.5;
    high = centre + 0.5;
  }
  const double raw = (high - low) / std::max(target, 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double factor : {1.0, 2.0, 5.0, 10.0})
    if (factor * magnitude >= raw) {
      step = factor * magnitude;
      break;
    }
  AxisTicks t;
  t.step = step;
  t.first = std::floor(low / step + 1e-9) * step;
  t.last = std::ceil(high / step - 1e-9) * step;
  t.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(step) + 1e-9)));
  return t;
}

namespace {

std::string tick_label(double value, int decimals) {
  std::string s = fmt::format("{:.{}f}", value, decimals);
  if (s.find_first_not_of("-0.") == std::string::npos) s = fmt::format("{:.{}f}", 0.0, decimals);  // no "-0"
  return s;
}

}  // namespace

PlotFrame draw_plot_axes(RgbImage& image, const AxisTicks& xt, const AxisTicks& yt, const std::string& x_title,
                         const std::string& y_title, const ProfilePlotStyle& style) {
  const int text_scale = 2;
  const int glyph_h = kGlyphHeight * text_scale;
  // Room for the y labels: the widest label decides the left margin.
  int label_width = 0;
  for (double v = yt.first; v <= yt.last + 0.5 * yt.step; v += yt.step)
    label_width = std::max(label_width, text_width(tick_label(v, yt.decimals), text_scale));
  PlotFrame f;
  f.left = 12 + glyph_h + 12 + label_width + 10;
  f.right = style.width - 30;
  f.top = 20;
  f.bottom = style.height - (10 + glyph_h + 12 + glyph_h + 14);
  f.x_min = xt.first;
  f.x_max = xt.last;
  f.y_min = yt.first;
  f.y_max = yt.last;

  // Frame and ticks.
  image.draw_line(f.left, f.top, f.right, f.top, style.axes);
  image.draw_line(f.left, f.bottom, f.right, f.bottom, style.axes);
  image.draw_line(f.left, f.top, f.left, f.bottom, style.axes);
  image.draw_line(f.right, f.top, f.right, f.bottom, style.axes);
  const int tick = 6;
  for (double v = xt.first; v <= xt.last + 0.5 * xt.step; v += xt.step) {
    const int x = f.pixel_x(v);
    image.draw_line(x, f.bottom, x, f.bottom + tick, style.axes);
    const std::string label = tick_label(v, xt.decimals);
    image.draw_text(x - text_width(label, text_scale) / 2, f.bottom + tick + 4, label, style.axes, text_scale);
  }
  for (double v = yt.first; v <= yt.last + 0.5 * yt.step; v += yt.step) {
    const int y = f.pixel_y(v);
    image.draw_line(f.left - tick, y, f.left, y, style.axes);
    const std::string label = tick_label(v, yt.decimals);
    image.draw_text(f.left - tick - 4 - text_width(label, text_scale), y - glyph_h / 2, label, style.axes, text_scale);
  }
  image.draw_text((f.left + f.right - text_width(x_title, text_scale)) / 2, style.height - 10 - glyph_h, x_title,
                  style.axes, text_scale);
  image.draw_text_vertical(12, (f.top + f.bottom + text_width(y_title, text_scale)) / 2, y_title, style.axes,
                           text_scale);
  return f;
}

RgbImage plot_energy_profile(const EnergyProfile& profile, const ProfilePlotStyle& style, PlotFrame* frame_out) {
  RgbImage image(style.width, style.height, style.background);

  // Data in display units, with the interpolated curve sampled densely.
  const double s_last = profile.path_length.back();
  std::vector<double> curve_x, curve_y;
  const int samples = 400;
  for (int k = 0; k <= samples; ++k) {
    const double s = s_last * k / samples;
    curve_x.push_back(s * units::bohr_in_angstrom);
    curve_y.push_back((profile.interpolated_energy(s) - profile.energies.front()) * units::hartree_in_kcal_mol);
  }
  double y_low = *std::min_element(curve_y.begin(), curve_y.end());
  double y_high = *std::max_element(curve_y.begin(), curve_y.end());
  for (std::size_t i = 0; i < profile.energies.size(); ++i) {
    y_low = std::min(y_low, profile.relative_kcal(static_cast<int>(i)));
    y_high = std::max(y_high, profile.relative_kcal(static_cast<int>(i)));
  }
  const double pad = 0.05 * std::max(y_high - y_low, 1e-6);
  const AxisTicks yt = nice_ticks(y_low - pad, y_high + pad, 6);
  const AxisTicks xt = nice_ticks(0.0, std::max(s_last * units::bohr_in_angstrom, 1e-6), 6);

  const PlotFrame f = draw_plot_axes(image, xt, yt, "reaction coordinate (Angstrom)", "E (kcal/mol)", style);

  // Curve, then the images on top of it, the climbing image last.
  for (std::size_t k = 1; k < curve_x.size(); ++k)
    image.draw_line(f.pixel_x(curve_x[k - 1]), f.pixel_y(curve_y[k - 1]), f.pixel_x(curve_x[k]), f.pixel_y(curve_y[k]),
                    style.curve, 2);
  for (std::size_t i = 0; i < profile.energies.size(); ++i)
    image.fill_circle(f.pixel_x(profile.path_length[i] * units::bohr_in_angstrom),
                      f.pixel_y(profile.relative_kcal(static_cast<int>(i))), style.marker_radius, style.image_marker);
  if (profile.climbing_image >= 0) {
    const auto c = static_cast<std::size_t>(profile.climbing_image);
    image.fill_circle(f.pixel_x(profile.path_length[c] * units::bohr_in_angstrom),
                      f.pixel_y(profile.relative_kcal(profile.climbing_image)), style.climbing_marker_radius,
                      style.climbing_marker);
  }
  if (frame_out) *frame_out = f;
  return image;
}

void write_energy_profile_png(const std::string& path, const EnergyProfile& profile, const ProfilePlotStyle& style) {
  write_png(path, plot_energy_profile(profile, style));
}

}  // namespace atropos
