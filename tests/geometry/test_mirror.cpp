#include <gtest/gtest.h>

#include <Eigen/Geometry>

#include "geometry/mirror.hpp"

using namespace atropos;

TEST(Mirror, ReflectionIsAnInvolutionAndKeepsDistances) {
  const Molecule m({{8, {0.1, 0.2, 0.3}}, {8, {1.2, 2.0, -0.4}}, {1, {2.0, -1.0, 0.5}}, {1, {-1.0, 0.4, 1.7}}});
  const Eigen::Vector3d normal(0.3, -1.0, 0.2);
  const Molecule image = mirror_image(m, normal);
  const Molecule back = mirror_image(image, normal);
  for (std::size_t i = 0; i < m.size(); ++i) {
    EXPECT_NEAR((back[i].position - m[i].position).norm(), 0.0, 1e-14);
    for (std::size_t j = 0; j < i; ++j)
      EXPECT_NEAR((image[i].position - image[j].position).norm(), (m[i].position - m[j].position).norm(), 1e-13);
  }
  EXPECT_NEAR(image.nuclear_repulsion_energy(), m.nuclear_repulsion_energy(), 1e-13);
  // The reflection is not a proper rotation: the signed volume of three bond vectors flips.
  auto triple = [](const Molecule& x) {
    return (x[1].position - x[0].position).cross(x[2].position - x[0].position).dot(x[3].position - x[0].position);
  };
  EXPECT_NEAR(triple(image), -triple(m), 1e-12);
}
