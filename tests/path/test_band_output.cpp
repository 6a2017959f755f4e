// Outputs of a band: the HDF5 state round trip, the profile table and XYZ frames, and the PNG
// plot decoded independently (zlib's crc32 and uncompress, our own unfiltering).
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "common/error.hpp"
#include "drivers/path/band_state_io.hpp"
#include "drivers/path/energy_profile.hpp"
#include "drivers/path/png_writer.hpp"
#include "drivers/path/profile_plot.hpp"
#include "geometry/units.hpp"
#include "geometry/xyz.hpp"
#include "reference_data.hpp"

using namespace atropos;

namespace {

std::string temp_file(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("atropos_path_" + std::to_string(::getpid()) + "_" + name)).string();
}

// A small evaluated band: 5 images of H2O2 along a made-up path with a symmetric bump.
BandState sample_band() {
  const Molecule p = atropos::testing::reference_molecule("h2o2_P");
  std::vector<Molecule> images;
  for (int k = 0; k < 5; ++k) {
    Eigen::MatrixX3d r = p.positions();
    r(2, 0) += 0.3 * k;
    r(3, 0) -= 0.3 * k;
    images.push_back(p.with_positions(r));
  }
  BandState s = new_band(images, BandOptimizer::lbfgs);
  s.iteration = 12;
  s.energies = {-150.0, -149.998, -149.996, -149.9985, -150.0005};
  for (int k = 0; k < 5; ++k) {
    Eigen::MatrixX3d g(4, 3);
    for (int a = 0; a < 4; ++a)
      for (int c = 0; c < 3; ++c) g(a, c) = 1e-3 * std::sin(1.0 + k + 3.0 * a + 7.0 * c);
    s.gradients.push_back(g);
  }
  s.climbing = true;
  s.climbing_image = 2;
  s.image_evaluations = 41;
  s.max_perpendicular_force = 1.5e-3;
  s.climbing_image_force = 2.5e-3;
  const long movable = 3 * 4 * 3;
  s.fire.velocity = Eigen::VectorXd::LinSpaced(movable, -1.0, 1.0 / 3.0);
  s.fire.time_step = 0.731;
  s.fire.mixing = 0.0912;
  s.fire.steps_downhill = 4;
  for (int m = 0; m < 3; ++m) {
    s.lbfgs.steps.push_back(Eigen::VectorXd::Constant(movable, 0.1 * (m + 1)) + Eigen::VectorXd::LinSpaced(movable, 0, 1e-3));
    s.lbfgs.gradient_changes.push_back(Eigen::VectorXd::Constant(movable, -0.01 * (m + 1)));
  }
  s.lbfgs.previous_positions = Eigen::VectorXd::LinSpaced(movable, 2.0, 3.0);
  s.lbfgs.previous_forces = Eigen::VectorXd::LinSpaced(movable, -1e-3, 1e-3);
  return s;
}

// --- A PNG reader for the test, independent of the writer ---------------------------------------
std::uint32_t read_u32(const std::string& bytes, std::size_t at) {
  return (std::uint32_t(std::uint8_t(bytes[at])) << 24) | (std::uint32_t(std::uint8_t(bytes[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(bytes[at + 2])) << 8) | std::uint32_t(std::uint8_t(bytes[at + 3]));
}

struct DecodedPng {
  int width = 0, height = 0;
  std::vector<std::string> chunk_types;
  std::vector<std::uint8_t> rgb;
  Rgb at(int x, int y) const {
    const std::size_t i = (static_cast<std::size_t>(y) * width + x) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return (pa <= pb && pa <= pc) ? a : (pb <= pc ? b : c);
}

DecodedPng decode_png(const std::string& bytes) {
  DecodedPng out;
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
  std::string idat;
  std::size_t at = 8;
  while (at + 12 <= bytes.size()) {
    const std::uint32_t length = read_u32(bytes, at);
    const std::string type = bytes.substr(at + 4, 4);
    const std::string data = bytes.substr(at + 8, length);
    const std::uint32_t stored_crc = read_u32(bytes, at + 8 + length);
    const auto* typed = reinterpret_cast<const Bytef*>(bytes.data() + at + 4);
    EXPECT_EQ(stored_crc, static_cast<std::uint32_t>(crc32(0L, typed, length + 4))) << "chunk " << type;
    out.chunk_types.push_back(type);
    if (type == "IHDR") {
      out.width = static_cast<int>(read_u32(data, 0));
      out.height = static_cast<int>(read_u32(data, 4));
      EXPECT_EQ(data[8], 8);  // bit depth
      EXPECT_EQ(data[9], 2);  // RGB
      EXPECT_EQ(data[12], 0);  // no interlace
    } else if (type == "IDAT") {
      idat += data;
    }
    at += 12 + length;
  }
  EXPECT_EQ(at, bytes.size());
  const std::size_t stride = static_cast<std::size_t>(out.width) * 3;
  std::vector<std::uint8_t> raw((stride + 1) * static_cast<std::size_t>(out.height) + 16);
  uLongf raw_size = raw.size();
  EXPECT_EQ(uncompress(raw.data(), &raw_size, reinterpret_cast<const Bytef*>(idat.data()), idat.size()), Z_OK);
  EXPECT_EQ(raw_size, (stride + 1) * static_cast<std::size_t>(out.height));  // exactly the right size
  out.rgb.assign(stride * static_cast<std::size_t>(out.height), 0);
  for (int y = 0; y < out.height; ++y) {
    const std::uint8_t type = raw[y * (stride + 1)];
    EXPECT_LE(type, 4);
    const std::uint8_t* line = &raw[y * (stride + 1) + 1];
    std::uint8_t* dst = &out.rgb[y * stride];
    const std::uint8_t* up = y > 0 ? dst - stride : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= 3 ? dst[i - 3] : 0, b = up ? up[i] : 0, c = (up && i >= 3) ? up[i - 3] : 0;
      int predictor = 0;
      if (type == 1) predictor = a;
      if (type == 2) predictor = b;
      if (type == 3) predictor = (a + b) / 2;
      if (type == 4) predictor = paeth(a, b, c);
      dst[i] = static_cast<std::uint8_t>(line[i] + predictor);
    }
  }
  return out;
}

}  // namespace

TEST(BandStateIo, RoundTripKeepsEveryBit) {
  const BandState s = sample_band();
  const std::string path = temp_file("state.h5");
  {
    Hdf5File file = Hdf5File::create(path);
    {
      Hdf5Group group = file.create_group("neb");
      write_band_state(group, s);
    }
    file.close();
  }
  const Hdf5File file = Hdf5File::open_read(path);
  const BandState r = read_band_state(file.group("neb"));
  EXPECT_EQ(r.atoms.formula(), "H2O2");
  EXPECT_EQ(r.image_count(), 5);
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(r.positions[k], s.positions[k]);
    EXPECT_EQ(r.gradients[k], s.gradients[k]);
    EXPECT_EQ(r.energies[k], s.energies[k]);
  }
  EXPECT_EQ(r.iteration, 12);
  EXPECT_TRUE(r.climbing);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.climbing_image, 2);
  EXPECT_EQ(r.image_evaluations, 41);
  EXPECT_EQ(r.max_perpendicular_force, 1.5e-3);
  EXPECT_EQ(r.climbing_image_force, 2.5e-3);
  EXPECT_EQ(r.optimizer, BandOptimizer::lbfgs);
  EXPECT_EQ(r.fire.velocity, s.fire.velocity);
  EXPECT_EQ(r.fire.time_step, s.fire.time_step);
  EXPECT_EQ(r.fire.mixing, s.fire.mixing);
  EXPECT_EQ(r.fire.steps_downhill, 4);
  ASSERT_EQ(r.lbfgs.steps.size(), 3u);
  for (int m = 0; m < 3; ++m) {
    EXPECT_EQ(r.lbfgs.steps[m], s.lbfgs.steps[m]);
    EXPECT_EQ(r.lbfgs.gradient_changes[m], s.lbfgs.gradient_changes[m]);
  }
  EXPECT_EQ(r.lbfgs.previous_positions, s.lbfgs.previous_positions);
  EXPECT_EQ(r.lbfgs.previous_forces, s.lbfgs.previous_forces);
  std::filesystem::remove(path);
}

TEST(BandStateIo, UnevaluatedBandAndWrongGroups) {
  const BandState fresh = new_band(std::vector<Molecule>(3, atropos::testing::reference_molecule("water")));
  const std::string path = temp_file("fresh.h5");
  {
    Hdf5File file = Hdf5File::create(path);
    {
      Hdf5Group group = file.create_group("neb");
      write_band_state(group, fresh);
      file.create_group("other").write_int("x", 1);
    }
    file.close();
  }
  const Hdf5File file = Hdf5File::open_read(path);
  const BandState r = read_band_state(file.group("neb"));
  EXPECT_EQ(r.iteration, -1);
  EXPECT_TRUE(r.energies.empty());
  EXPECT_EQ(r.fire.velocity.size(), 0);
  EXPECT_EQ(r.lbfgs.previous_positions.size(), 0);
  try {
    read_band_state(file.group("other"));
    FAIL() << "expected InputError";
  } catch (const InputError& error) {
    EXPECT_NE(std::string(error.what()).find("/other"), std::string::npos) << error.what();
  }
  EXPECT_THROW(read_band_state(file.group("missing")), InputError);
  std::filesystem::remove(path);
}

TEST(BandStateIo, SaveReplacesTheBandAndKeepsTheRestOfTheFile) {
  const std::string path = temp_file("checkpoint.h5");
  {
    Hdf5File file = Hdf5File::create(path);
    file.create_group("scf").write_double("total_energy", -150.25);
    file.close();
  }
  BandState s = sample_band();
  save_band_state(path, s);
  s.iteration = 13;
  s.energies[2] = -149.9;
  save_band_state(path, s);
  const BandState r = load_band_state(path);
  EXPECT_EQ(r.iteration, 13);
  EXPECT_EQ(r.energies[2], -149.9);
  {
    const Hdf5File file = Hdf5File::open_read(path);
    EXPECT_EQ(file.group("scf").read_double("total_energy"), -150.25);
  }
  EXPECT_FALSE(std::filesystem::exists(path + ".tmp"));
  EXPECT_THROW(load_band_state(path, "missing"), InputError);
  EXPECT_THROW(save_band_state(path, s, "a/b"), std::invalid_argument);
  std::filesystem::remove(path);
}

TEST(EnergyProfile, TableBarriersAndFrames) {
  const BandState s = sample_band();
  const EnergyProfile p = energy_profile(s);
  EXPECT_EQ(p.highest_image, 2);
  EXPECT_NEAR(p.barrier_forward, 0.004 * units::hartree_in_kcal_mol, 1e-9);
  EXPECT_NEAR(p.barrier_reverse, 0.0045 * units::hartree_in_kcal_mol, 1e-9);
  EXPECT_GE(p.top_energy, s.energies[2]);
  // Reaction coordinate: cumulative distances between consecutive images.
  double s_total = 0.0;
  for (int k = 1; k < 5; ++k) s_total += (s.positions[k] - s.positions[k - 1]).norm();
  EXPECT_NEAR(p.path_length.back(), s_total, 1e-12);
  // Slopes: the gradient along the central-difference direction.
  const Eigen::MatrixX3d d = s.positions[3] - s.positions[1];
  EXPECT_NEAR(p.slopes[2], s.gradients[2].cwiseProduct(d).sum() / d.norm(), 1e-15);
  const std::string table = format_energy_profile(p);
  EXPECT_NE(table.find("climbing"), std::string::npos);
  EXPECT_NE(table.find("Barrier forward"), std::string::npos);
  EXPECT_NE(table.find("2.5100"), std::string::npos) << table;  // 0.004 Eh = 2.5100 kcal/mol
  const std::vector<XyzFrame> frames = band_frames(s);
  ASSERT_EQ(frames.size(), 5u);
  EXPECT_NE(frames[2].comment.find("climbing image"), std::string::npos);
  EXPECT_NE(frames[4].comment.find("-150.0005000000"), std::string::npos) << frames[4].comment;
  const std::string xyz = temp_file("band.xyz");
  write_xyz_file(xyz, frames);
  const auto back = read_xyz_file(xyz);
  ASSERT_EQ(back.size(), 5u);
  EXPECT_LT((back[3].molecule.positions() - s.positions[3]).cwiseAbs().maxCoeff(), 1e-9);
  std::filesystem::remove(xyz);
}

TEST(Png, CrcMatchesZlibAndSmallImageDecodes) {
  const char* text = "IEND";
  EXPECT_EQ(png_crc32(reinterpret_cast<const std::uint8_t*>(text), 4), 0xAE426082u);  // every PNG's IEND CRC
  std::vector<std::uint8_t> noise(1000);
  for (std::size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<std::uint8_t>((i * 7919u) ^ (i >> 3));
  EXPECT_EQ(png_crc32(noise.data(), noise.size()), static_cast<std::uint32_t>(crc32(0L, noise.data(), 1000)));

  // A gradient image exercises every filter type.
  RgbImage image(37, 23, {10, 20, 30});
  for (int y = 0; y < 23; ++y)
    for (int x = 0; x < 37; ++x)
      if ((x + y) % 3) image.set(x, y, {static_cast<std::uint8_t>(7 * x), static_cast<std::uint8_t>(11 * y),
                                       static_cast<std::uint8_t>((x * y) % 256)});
  const DecodedPng d = decode_png(encode_png(image));
  EXPECT_EQ(d.width, 37);
  EXPECT_EQ(d.height, 23);
  EXPECT_EQ(d.chunk_types, (std::vector<std::string>{"IHDR", "IDAT", "IEND"}));
  EXPECT_EQ(d.rgb, image.bytes());
}

TEST(ProfilePlot, PixelsWhereTheyShouldBe) {
  const BandState s = sample_band();
  const EnergyProfile p = energy_profile(s);
  PlotFrame f;
  const ProfilePlotStyle style;
  const RgbImage image = plot_energy_profile(p, style, &f);
  const std::string path = temp_file("profile.png");
  write_png(path, image);
  std::ifstream in(path, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), {});
  const DecodedPng d = decode_png(bytes);
  ASSERT_EQ(d.width, style.width);
  ASSERT_EQ(d.height, style.height);
  EXPECT_EQ(d.rgb, image.bytes());

  auto data_pixel = [&](int i) {
    return std::make_pair(f.pixel_x(p.path_length[i] * units::bohr_in_angstrom), f.pixel_y(p.relative_kcal(i)));
  };
  // The climbing image is red, the other images black, the corners white, the frame black.
  const auto [cx, cy] = data_pixel(2);
  EXPECT_EQ(d.at(cx, cy), style.climbing_marker);
  EXPECT_EQ(d.at(cx + style.climbing_marker_radius - 1, cy), style.climbing_marker);
  for (int i : {0, 1, 3, 4}) {
    const auto [x, y] = data_pixel(i);
    EXPECT_EQ(d.at(x, y), style.image_marker) << "image " << i;
  }
  EXPECT_EQ(d.at(0, 0), style.background);
  EXPECT_EQ(d.at(style.width - 1, style.height - 1), style.background);
  EXPECT_EQ(d.at(f.left, (f.top + f.bottom) / 2), style.axes);
  EXPECT_EQ(d.at((f.left + f.right) / 2, f.bottom), style.axes);
  // The curve: half way between images 0 and 1 the interpolated energy is drawn in the curve colour.
  const double s_mid = 0.5 * (p.path_length[0] + p.path_length[1]);
  const int mx = f.pixel_x(s_mid * units::bohr_in_angstrom);
  const int my = f.pixel_y((p.interpolated_energy(s_mid) - p.energies[0]) * units::hartree_in_kcal_mol);
  bool curve_found = false;
  for (int dy = -1; dy <= 1; ++dy) curve_found |= d.at(mx, my + dy) == style.curve;
  EXPECT_TRUE(curve_found);
  // Data lie inside the frame; the axis ranges cover them.
  EXPECT_LE(f.y_min, p.relative_kcal(4));
  EXPECT_GE(f.y_max, p.top_barrier_forward);
  // Text was drawn: the x title's band below the tick labels holds axis-coloured pixels, and the
  // y title sits left of the tick labels.
  int title_pixels = 0, y_title_pixels = 0;
  for (int y = style.height - 30; y < style.height; ++y)
    for (int x = 0; x < style.width; ++x) title_pixels += d.at(x, y) == style.axes;
  for (int y = f.top; y < f.bottom; ++y)
    for (int x = 0; x < 30; ++x) y_title_pixels += d.at(x, y) == style.axes;
  EXPECT_GT(title_pixels, 200);
  EXPECT_GT(y_title_pixels, 100);
  std::filesystem::remove(path);
}

TEST(ProfilePlot, TicksAndFont) {
  const AxisTicks t = nice_ticks(-0.13, 2.71, 5);
  EXPECT_DOUBLE_EQ(t.step, 1.0);
  EXPECT_DOUBLE_EQ(t.first, -1.0);
  EXPECT_DOUBLE_EQ(t.last, 3.0);
  const AxisTicks fine = nice_ticks(0.0, 0.37, 6);
  EXPECT_DOUBLE_EQ(fine.step, 0.1);
  EXPECT_EQ(fine.decimals, 1);
  EXPECT_DOUBLE_EQ(fine.last, 0.4);
  const AxisTicks two = nice_ticks(0.0, 9.0, 5);
  EXPECT_DOUBLE_EQ(two.step, 2.0);
  for (char c : std::string("reaction coordinate (Angstrom)E (kcal/mol)0123456789-.")) EXPECT_TRUE(font_has(c)) << c;
  EXPECT_FALSE(font_has('#'));
  RgbImage image(20, 10);
  EXPECT_THROW(image.draw_text(0, 0, "#", {0, 0, 0}), std::invalid_argument);
  // A '1' at scale 1: its stem is column 2 of the glyph, rows 0..6.
  image.draw_text(3, 1, "1", {0, 0, 0});
  for (int row = 0; row < 7; ++row) EXPECT_EQ(image.at(3 + 2, 1 + row), (Rgb{0, 0, 0}));
  EXPECT_EQ(image.at(3 + 4, 1 + 3), (Rgb{255, 255, 255}));
}
