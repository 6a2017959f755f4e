#include "drivers/tasks/scan_plot.hpp"

#include <algorithm>
#include <stdexcept>

#include "drivers/path/png_writer.hpp"
#include "drivers/path/profile_plot.hpp"

namespace atropos {

void write_scan_png(const std::string& path, const std::vector<double>& values, const std::vector<double>& relative_kcal,
                    const std::string& x_title) {
  if (values.empty() || values.size() != relative_kcal.size())
    throw std::invalid_argument("write_scan_png: needs one energy per value");
  const ProfilePlotStyle style;
  RgbImage image(style.width, style.height, style.background);

  const auto [x_low, x_high] = std::minmax_element(values.begin(), values.end());
  const auto [y_low, y_high] = std::minmax_element(relative_kcal.begin(), relative_kcal.end());
  const double pad = 0.05 * std::max(*y_high - *y_low, 1e-6);
  const AxisTicks xt = nice_ticks(*x_low, *x_high, 6);
  const AxisTicks yt = nice_ticks(*y_low - pad, *y_high + pad, 6);

  const PlotFrame f = draw_plot_axes(image, xt, yt, x_title, "E (kcal/mol)", style);

  for (std::size_t k = 1; k < values.size(); ++k)
    image.draw_line(f.pixel_x(values[k - 1]), f.pixel_y(relative_kcal[k - 1]), f.pixel_x(values[k]),
                    f.pixel_y(relative_kcal[k]), style.curve, 2);
  for (std::size_t k = 0; k < values.size(); ++k)
    image.fill_circle(f.pixel_x(values[k]), f.pixel_y(relative_kcal[k]), style.marker_radius, style.image_marker);
  write_png(path, image);
}

}  // namespace atropos
