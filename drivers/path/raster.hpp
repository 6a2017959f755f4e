#pragma once
// A small RGB raster for plots: pixels, lines, filled rectangles and circles, and text in a
// built-in 5x7 bitmap font (digits, - . ( ) / space, E A and the lower-case letters of the axis
// titles). No anti-aliasing. Coordinates are pixels, x to the right, y down; drawing outside the
// image is clipped.

#include <cstdint>
#include <string>
#include <vector>

namespace atropos {

struct Rgb {
  std::uint8_t r = 0, g = 0, b = 0;
  bool operator==(const Rgb& o) const { return r == o.r && g == o.g && b == o.b; }
  bool operator!=(const Rgb& o) const { return !(*this == o); }
};

class RgbImage {
 public:
  RgbImage(int width, int height, Rgb background = {255, 255, 255});
  int width() const { return width_; }
  int height() const { return height_; }
  // Row-major, 3 bytes per pixel, top row first.
  const std::vector<std::uint8_t>& bytes() const { return bytes_; }

  Rgb at(int x, int y) const;               // std::out_of_range outside
  void set(int x, int y, Rgb colour);       // ignored outside
  void fill_rect(int x0, int y0, int x1, int y1, Rgb colour);  // inclusive corners, any order
  // Bresenham line; `thickness` > 1 paints a square brush of that size at each point.
  void draw_line(int x0, int y0, int x1, int y1, Rgb colour, int thickness = 1);
  void fill_circle(int cx, int cy, int radius, Rgb colour);

  // Text with its top-left corner at (x, y); each font pixel becomes scale x scale pixels.
  // std::invalid_argument for a character the font lacks.
  void draw_text(int x, int y, const std::string& text, Rgb colour, int scale = 1);
  // Text turned 90 degrees anticlockwise (read bottom to top), its bottom-left corner at (x, y).
  void draw_text_vertical(int x, int y, const std::string& text, Rgb colour, int scale = 1);

 private:
  int width_, height_;
  std::vector<std::uint8_t> bytes_;
};

// Font metrics: each glyph is 5 x 7, advanced by 6 (scaled).
constexpr int kGlyphWidth = 5;
constexpr int kGlyphHeight = 7;
constexpr int kGlyphAdvance = 6;
int text_width(const std::string& text, int scale = 1);  // pixels, without the last gap
bool font_has(char c);

}  // namespace atropos
