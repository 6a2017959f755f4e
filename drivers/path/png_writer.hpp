#pragma once
// A minimal PNG encoder (PNG specification, ISO/IEC 15948 / W3C 2003): 8-bit RGB, no interlace.
// Chunks IHDR, IDAT, IEND, each with its CRC-32 (computed here, polynomial 0xEDB88320). Every
// scanline gets the filter (None, Sub, Up, Average, Paeth) with the smallest sum of absolute
// filtered bytes (the heuristic the specification recommends); the filtered lines are compressed
// into one zlib stream (zlib's compress2).

#include <cstdint>
#include <string>

#include "drivers/path/raster.hpp"

namespace atropos {

// The PNG file as bytes.
std::string encode_png(const RgbImage& image);

// Writes encode_png(image) to `path`; InputError when the file cannot be written.
void write_png(const std::string& path, const RgbImage& image);

// CRC-32 of PNG chunks (ISO 3309 / ITU-T V.42), continuing from `crc` (0 to start).
std::uint32_t png_crc32(const std::uint8_t* data, std::size_t length, std::uint32_t crc = 0);

}  // namespace atropos
