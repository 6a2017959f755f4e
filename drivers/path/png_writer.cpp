#include "drivers/path/png_writer.hpp"

#include <zlib.h>

#include <array>
#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <vector>

#include "common/error.hpp"

namespace atropos {

namespace {

const std::array<std::uint32_t, 256>& crc_table() {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  return table;
}

void put_u32(std::string& out, std::uint32_t value) {
  out.push_back(static_cast<char>((value >> 24) & 0xFF));
  out.push_back(static_cast<char>((value >> 16) & 0xFF));
  out.push_back(static_cast<char>((value >> 8) & 0xFF));
  out.push_back(static_cast<char>(value & 0xFF));
}

void put_chunk(std::string& out, const char type[4], const std::string& data) {
  put_u32(out, static_cast<std::uint32_t>(data.size()));
  std::string body(type, 4);
  body += data;
  out += body;
  put_u32(out, png_crc32(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
}

std::uint8_t paeth(int a, int b, int c) {
  const int p = a + b - c;
  const int pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return static_cast<std::uint8_t>(a);
  if (pb <= pc) return static_cast<std::uint8_t>(b);
  return static_cast<std::uint8_t>(c);
}

// Filtered scanlines, each led by its filter-type byte.
std::vector<std::uint8_t> filter_scanlines(const RgbImage& image) {
  const std::size_t stride = static_cast<std::size_t>(image.width()) * 3;
  const std::uint8_t* pixels = image.bytes().data();
  std::vector<std::uint8_t> out;
  out.reserve((stride + 1) * static_cast<std::size_t>(image.height()));
  std::vector<std::uint8_t> zero(stride, 0), candidate(stride), best(stride);
  for (int y = 0; y < image.height(); ++y) {
    const std::uint8_t* line = pixels + static_cast<std::size_t>(y) * stride;
    const std::uint8_t* up = y > 0 ? line - stride : zero.data();
    long best_cost = -1;
    std::uint8_t best_type = 0;
    for (std::uint8_t type = 0; type < 5; ++type) {
      long cost = 0;
      for (std::size_t i = 0; i < stride; ++i) {
        const int a = i >= 3 ? line[i - 3] : 0, b = up[i], c = i >= 3 ? up[i - 3] : 0;
        int predictor = 0;
        switch (type) {
          case 1: predictor = a; break;
          case 2: predictor = b; break;
          case 3: predictor = (a + b) / 2; break;
          case 4: predictor = paeth(a, b, c); break;
          default: break;
        }
        const auto value = static_cast<std::uint8_t>(line[i] - predictor);
        candidate[i] = value;
        cost += value < 128 ? value : 256 - value;  // |signed byte|
      }
      if (best_cost < 0 || cost < best_cost) {
        best_cost = cost;
        best_type = type;
        best.swap(candidate);
      }
    }
    out.push_back(best_type);
    out.insert(out.end(), best.begin(), best.end());
  }
  return out;
}

}  // namespace

std::uint32_t png_crc32(const std::uint8_t* data, std::size_t length, std::uint32_t crc) {
  const auto& table = crc_table();
  std::uint32_t c = crc ^ 0xFFFFFFFFu;
  for (std::size_t i = 0; i < length; ++i) c = table[(c ^ data[i]) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::string encode_png(const RgbImage& image) {
  std::string out("\x89PNG\r\n\x1a\n", 8);
  std::string header;
  put_u32(header, static_cast<std::uint32_t>(image.width()));
  put_u32(header, static_cast<std::uint32_t>(image.height()));
  header.push_back(8);  // bit depth
  header.push_back(2);  // colour type: RGB
  header.push_back(0);  // compression: deflate
  header.push_back(0);  // filter method 0 (adaptive, five types)
  header.push_back(0);  // no interlace
  put_chunk(out, "IHDR", header);

  const std::vector<std::uint8_t> raw = filter_scanlines(image);
  uLongf size = compressBound(static_cast<uLong>(raw.size()));
  std::string compressed(size, '\0');
  if (compress2(reinterpret_cast<Bytef*>(compressed.data()), &size, raw.data(), static_cast<uLong>(raw.size()),
                Z_BEST_COMPRESSION) != Z_OK)
    throw std::runtime_error("PNG: zlib compression failed");
  compressed.resize(size);
  put_chunk(out, "IDAT", compressed);
  put_chunk(out, "IEND", "");
  return out;
}

void write_png(const std::string& path, const RgbImage& image) {
  const std::string bytes = encode_png(image);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) throw InputError("cannot open for writing", path);
  file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!file) throw InputError("writing failed", path);
}

}  // namespace atropos
