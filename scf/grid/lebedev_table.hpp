#pragma once
// Lebedev-Laikov angular quadratures in generator form (internal to scf/grid).
//
// Each rule is a list of octahedral orbits. One orbit is the set of points generated from a
// representative point by the 48 operations of the octahedral group with inversion (Oh); all
// points of an orbit share one weight. Codes follow Laikov's gen_oh():
//   1: (1,0,0)                         6 points
//   2: (0,a,a), a = 1/sqrt(2)         12 points
//   3: (a,a,a), a = 1/sqrt(3)          8 points
//   4: (a,a,b), b = sqrt(1 - 2a^2)    24 points
//   5: (a,b,0), b = sqrt(1 - a^2)     24 points
//   6: (a,b,c), c = sqrt(1-a^2-b^2)   48 points
// Weights v are normalised so that they sum to 1 over the sphere.

namespace atropos::lebedev_detail {

struct Orbit {
  int code;
  double a;
  double b;
  double v;
};

struct Rule {
  int npoints;
  int degree;  // integrates every polynomial of x, y, z up to this total degree exactly
  const Orbit* orbits;
  int norbits;
};

// All tabulated rules, ordered by increasing point count.
const Rule* rules();
int rule_count();

}  // namespace atropos::lebedev_detail
