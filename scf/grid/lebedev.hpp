#pragma once
// Lebedev-Laikov angular quadratures on the unit sphere: sum_i w_i f(u_i) ~ integral of f dOmega.
// Weights sum to 4*pi. A rule of degree L integrates every polynomial in x, y, z of total
// degree <= L exactly (equivalently every spherical harmonic with l <= L).

#include <Eigen/Core>
#include <string>
#include <vector>

namespace atropos {

struct AngularGrid {
  Eigen::Matrix3Xd points;  // unit vectors, one per column
  Eigen::VectorXd weights;  // sum to 4*pi; a few rules (74, 230, 266) have negative weights
  int degree = 0;
};

// The supported point counts, increasing (6, 14, 26, ..., 1454).
const std::vector<int>& lebedev_point_counts();
bool is_lebedev_point_count(int npoints);

// Degree of the rule with this many points; throws InputError listing the allowed counts.
int lebedev_degree(int npoints, const std::string& where = "");

// The smallest rule of degree >= `degree` whose weights are all positive (the largest one when
// none is big enough). Used by angular pruning.
int lebedev_points_for_degree(int degree);

// The rule with `npoints` points (built once, cached; thread-safe). Throws InputError listing
// the allowed counts when there is no such rule; `where` names the input field.
const AngularGrid& lebedev_grid(int npoints, const std::string& where = "");

// "6, 14, 26, ..." for error messages and documentation.
std::string lebedev_point_counts_text();

}  // namespace atropos
