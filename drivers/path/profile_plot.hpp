#pragma once
// The energy profile as a PNG picture, drawn without a plotting library (raster.hpp,
// png_writer.hpp): framed axes with ticks at 1, 2 or 5 x 10^k and labels, axis titles
// "reaction coordinate (Angstrom)" and "E (kcal/mol)", the interpolated profile (cubic,
// energy_profile.hpp) as a blue line, the images as black dots and the climbing image as a
// larger red dot. x: s in Angstrom; y: E - E_first in kcal/mol.

#include <string>

#include "drivers/path/energy_profile.hpp"
#include "drivers/path/raster.hpp"

namespace atropos {

struct ProfilePlotStyle {
  int width = 800;
  int height = 500;
  Rgb background{255, 255, 255};
  Rgb axes{0, 0, 0};
  Rgb curve{30, 90, 200};
  Rgb image_marker{0, 0, 0};
  Rgb climbing_marker{220, 30, 30};
  int marker_radius = 4;
  int climbing_marker_radius = 7;
};

// Where data land in the picture: the plot area spans pixels [left, right] x [top, bottom]; data
// x_min..x_max (Angstrom) and y_min..y_max (kcal/mol) map linearly onto it.
struct PlotFrame {
  int left = 0, right = 0, top = 0, bottom = 0;
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  int pixel_x(double x) const;
  int pixel_y(double y) const;
};

// `frame` (optional) receives the mapping used.
RgbImage plot_energy_profile(const EnergyProfile& profile, const ProfilePlotStyle& style = {},
                             PlotFrame* frame = nullptr);

void write_energy_profile_png(const std::string& path, const EnergyProfile& profile,
                              const ProfilePlotStyle& style = {});

// Axis ticks: a step of 1, 2 or 5 x 10^k giving about `target` intervals over [low, high], and the
// range widened to multiples of it. Exposed for tests.
struct AxisTicks {
  double first = 0.0, last = 1.0, step = 1.0;
  int decimals = 0;  // digits after the point the labels need
};
AxisTicks nice_ticks(double low, double high, int target = 5);

// The frame of a plot: box, ticks with labels at xt and yt (from nice_ticks), the x title under
// the axis and the y title turned along the left edge, text at scale 2. Returns the data-to-pixel
// mapping, whose left margin fits the widest y label. Shared by the band profile and the scan plot.
PlotFrame draw_plot_axes(RgbImage& image, const AxisTicks& xt, const AxisTicks& yt, const std::string& x_title,
                         const std::string& y_title, const ProfilePlotStyle& style);

}  // namespace atropos
