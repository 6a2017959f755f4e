#include "drivers/optimize/optimizer.hpp"

#include <Eigen/Geometry>
#include <Eigen/Eigenvalues>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "common/error.hpp"
#include "drivers/optimize/model_hessian.hpp"
#include "drivers/optimize/step_model.hpp"

namespace atropos {

namespace {

// Curvature given to redundant and constrained directions of the projected Hessian, so that the
// step has no component along them (Peng et al. 1996 use the same device).
constexpr double kExcludedCurvature = 1000.0;
// A constraint counts as satisfied within this (bohr or radians) for convergence.
constexpr double kConstraintTolerance = 1e-8;

Eigen::VectorXd flatten(const Eigen::MatrixX3d& m) {
  Eigen::VectorXd v(3 * m.rows());
  for (Eigen::Index i = 0; i < m.rows(); ++i) v.segment<3>(3 * i) = m.row(i).transpose();
  return v;
}

Eigen::MatrixX3d unflatten(const Eigen::VectorXd& v) {
  Eigen::MatrixX3d m(v.size() / 3, 3);
  for (Eigen::Index i = 0; i < m.rows(); ++i) m.row(i) = v.segment<3>(3 * i).transpose();
  return m;
}

double rms(const Eigen::VectorXd& v) { return v.size() == 0 ? 0.0 : std::sqrt(v.squaredNorm() / v.size()); }
double max_abs(const Eigen::VectorXd& v) { return v.size() == 0 ? 0.0 : v.cwiseAbs().maxCoeff(); }

// Pseudo-inverse of a symmetric positive semi-definite matrix.
Eigen::MatrixXd symmetric_pseudo_inverse(const Eigen::MatrixXd& m) {
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(m);
  const Eigen::VectorXd& w = eig.eigenvalues();
  const double cut = 1e-10 * std::max(1.0, w.cwiseAbs().maxCoeff());
  Eigen::VectorXd inverse = Eigen::VectorXd::Zero(w.size());
  for (Eigen::Index i = 0; i < w.size(); ++i)
    if (w(i) > cut) inverse(i) = 1.0 / w(i);
  return eig.eigenvectors() * inverse.asDiagonal() * eig.eigenvectors().transpose();
}

// Orthonormal basis (3N x k) of the rigid translations and rotations at `x`.
Eigen::MatrixXd rigid_motions(const Eigen::MatrixX3d& x) {
  const Eigen::Index n = x.rows();
  const Eigen::RowVector3d centre = x.colwise().mean();
  Eigen::MatrixXd candidates = Eigen::MatrixXd::Zero(3 * n, 6);
  for (Eigen::Index i = 0; i < n; ++i) {
    const Eigen::Vector3d r = (x.row(i) - centre).transpose();
    for (int k = 0; k < 3; ++k) {
      candidates(3 * i + k, k) = 1.0;
      const Eigen::Vector3d rotated = Eigen::Vector3d::Unit(k).cross(r);
      candidates.block<3, 1>(3 * i, 3 + k) = rotated;
    }
  }
  Eigen::MatrixXd basis(3 * n, 0);
  for (int c = 0; c < 6; ++c) {
    Eigen::VectorXd v = candidates.col(c);
    for (Eigen::Index b = 0; b < basis.cols(); ++b) v -= basis.col(b).dot(v) * basis.col(b);
    if (v.norm() < 1e-6) continue;  // linear molecule: one rotation vanishes
    basis.conservativeResize(Eigen::NoChange, basis.cols() + 1);
    basis.col(basis.cols() - 1) = v.normalized();
  }
  return basis;
}

// P - P J^T (J P J^T)^+ J P: the part of range(P) in which the rows of J do not change.
Eigen::MatrixXd constrained_projector(const Eigen::MatrixXd& p, const Eigen::MatrixXd& j) {
  if (j.rows() == 0) return p;
  const Eigen::MatrixXd jp = j * p;
  return p - jp.transpose() * symmetric_pseudo_inverse(jp * j.transpose()) * jp;
}

Eigen::VectorXd primitive_values(const std::vector<Primitive>& prims, const Eigen::MatrixX3d& x) {
  Eigen::VectorXd v(prims.size());
  for (std::size_t i = 0; i < prims.size(); ++i) v(i) = primitive_value(prims[i], x);
  return v;
}

Eigen::MatrixXd primitive_rows(const std::vector<Primitive>& prims, const Eigen::MatrixX3d& x) {
  Eigen::MatrixXd b = Eigen::MatrixXd::Zero(prims.size(), 3 * x.rows());
  for (std::size_t i = 0; i < prims.size(); ++i) primitive_derivative(prims[i], x, b.row(i));
  return b;
}

Eigen::VectorXd primitive_residual(const std::vector<Primitive>& prims, const Eigen::VectorXd& targets,
                                   const Eigen::VectorXd& values) {
  Eigen::VectorXd r(prims.size());
  for (std::size_t i = 0; i < prims.size(); ++i) r(i) = primitive_difference(prims[i], targets(i), values(i));
  return r;
}

// Newton iterations on the Cartesians (smallest displacement each time) until the constrained
// primitives equal `targets`; false when that does not reach 1e-8.
bool enforce_constraints(const std::vector<Primitive>& prims, const Eigen::VectorXd& targets, Eigen::MatrixX3d& x) {
  if (prims.empty()) return true;
  for (int it = 0; it < 50; ++it) {
    const Eigen::VectorXd r = primitive_residual(prims, targets, primitive_values(prims, x));
    if (max_abs(r) < 1e-12) return true;
    const Eigen::MatrixXd b = primitive_rows(prims, x);
    x += unflatten(b.transpose() * (symmetric_pseudo_inverse(b * b.transpose()) * r));
  }
  return max_abs(primitive_residual(prims, targets, primitive_values(prims, x))) < kConstraintTolerance;
}

bool has_frozen_atoms(const std::vector<Primitive>& prims) {
  return std::any_of(prims.begin(), prims.end(), [](const Primitive& p) { return p.kind == Primitive::Kind::cartesian; });
}

}  // namespace

// A step planned from the accepted point.
struct Optimizer::Plan {
  Eigen::MatrixX3d x0;
  Eigen::VectorXd q0, g_q;        // working coordinates and gradient at x0
  Eigen::MatrixXd b, b_inverse;   // B (m x 3N) and B+ (3N x m) at x0
  Eigen::MatrixXd range;          // P: non-redundant (and, Cartesian, non-rigid) directions
  Eigen::MatrixXd projector;      // P with the constrained directions removed
  Eigen::VectorXd constraint_step_targets;  // where the constraints go with this step
  Eigen::VectorXd constraint_displacement;  // smallest Cartesian displacement that takes them there
  double max_constraint_error = 0.0;        // |final target - value| at x0
  Eigen::VectorXd step;           // total step in working coordinates
  Eigen::VectorXd forces;         // -projector g_q
  Eigen::VectorXd mode;           // TS: followed eigenvector
  double mode_eigenvalue = std::numeric_limits<double>::quiet_NaN();
};

Optimizer::Optimizer(const Molecule& molecule, OptimizerOptions options)
    : molecule_(molecule), options_(std::move(options)), criteria_(convergence_criteria(options_.convergence)) {
  const int n = static_cast<int>(molecule.size());
  if (n < 2) throw InputError("a geometry optimisation needs at least two atoms");
  if (options_.max_iterations < 1) throw InputError("max_iterations must be at least 1");
  for (const Constraint& c : options_.constraints) {
    for (std::size_t i = 0; i < c.atoms.size(); ++i) {
      if (c.atoms[i] < 0 || c.atoms[i] >= n)
        throw InputError(fmt::format("constraint '{}' names an atom outside the molecule ({} atoms)", c.label(), n));
      for (std::size_t j = i + 1; j < c.atoms.size(); ++j)
        if (c.atoms[i] == c.atoms[j]) throw InputError("constraint '" + c.label() + "' repeats an atom");
    }
    const auto prims = c.primitives();
    constraint_primitives_.insert(constraint_primitives_.end(), prims.begin(), prims.end());
  }
  if (options_.ts_follow)
    for (int i = 0; i < options_.ts_follow->atom_count(); ++i)
      if (options_.ts_follow->atoms[i] < 0 || options_.ts_follow->atoms[i] >= n)
        throw InputError("the coordinate to follow, " + options_.ts_follow->label() + ", names an atom outside the molecule");
  if (options_.initial_cartesian_hessian.size() > 0 &&
      (options_.initial_cartesian_hessian.rows() != 3 * n || options_.initial_cartesian_hessian.cols() != 3 * n))
    throw InputError(fmt::format("the initial Hessian is {}x{}, the molecule needs {}x{}", options_.initial_cartesian_hessian.rows(),
                                 options_.initial_cartesian_hessian.cols(), 3 * n, 3 * n));
  if (!options_.trust_radius) options_.trust_radius = options_.target == OptimizationTarget::minimum ? 0.5 : 0.3;

  const Eigen::MatrixX3d x = molecule.positions();
  state_.atomic_numbers.clear();
  for (const Atom& a : molecule.atoms()) state_.atomic_numbers.push_back(a.Z);
  initialise_coordinates(molecule);
  // Targets: given ones, else the starting values (frozen atoms always stay where they are).
  state_.constraint_targets = primitive_values(constraint_primitives_, x);
  Eigen::Index k = 0;
  for (const Constraint& c : options_.constraints) {
    const auto prims = c.primitives();
    if (c.kind != Constraint::Kind::frozen_atom && c.target) {
      double target = *c.target;
      if (c.kind == Constraint::Kind::dihedral) target = wrap_angle(target);
      if (c.kind == Constraint::Kind::angle && (target <= 0.0 || target >= 3.14159265358979323846))
        throw InputError("constraint '" + c.label() + "': target angle must lie strictly between 0 and pi");
      if (c.kind == Constraint::Kind::distance && target <= 0.0)
        throw InputError("constraint '" + c.label() + "': target distance must be positive");
      state_.constraint_targets(k) = target;
    }
    k += static_cast<Eigen::Index>(prims.size());
  }
  state_.next_positions = x;
  state_.trust_radius = *options_.trust_radius;
}

Optimizer::Optimizer(const Molecule& molecule, OptimizerOptions options, OptimizerState state)
    : molecule_(molecule), options_(std::move(options)), criteria_(convergence_criteria(options_.convergence)) {
  if (state.atomic_numbers.size() != molecule.size())
    throw InputError("optimizer state: its atoms differ from the molecule's");
  for (std::size_t i = 0; i < molecule.size(); ++i)
    if (state.atomic_numbers[i] != molecule[i].Z) throw InputError("optimizer state: its atoms differ from the molecule's");
  for (const Constraint& c : options_.constraints) {
    const auto prims = c.primitives();
    constraint_primitives_.insert(constraint_primitives_.end(), prims.begin(), prims.end());
  }
  if (static_cast<Eigen::Index>(constraint_primitives_.size()) != state.constraint_targets.size())
    throw InputError("optimizer state: it was written with other constraints than the options have");
  if (!options_.trust_radius) options_.trust_radius = options_.target == OptimizationTarget::minimum ? 0.5 : 0.3;
  state_ = std::move(state);
}

void Optimizer::initialise_coordinates(const Molecule& molecule) {
  if (options_.cartesian) {
    state_.coordinates = CoordinateSet::cartesian(molecule.size());
    return;
  }
  std::vector<Primitive> required = constraint_primitives_;
  if (options_.ts_follow) required.push_back(*options_.ts_follow);
  state_.coordinates = CoordinateSet::redundant_internals(molecule, options_.internals, required);
}

Molecule Optimizer::next_geometry() const { return molecule_.with_positions(state_.next_positions); }
Molecule Optimizer::accepted_geometry() const {
  return molecule_.with_positions(state_.has_accepted ? state_.accepted_positions : state_.next_positions);
}

void Optimizer::accept(const Eigen::MatrixX3d& x, const SurfacePoint& point) {
  state_.has_accepted = true;
  state_.accepted_positions = x;
  state_.accepted_energy = point.energy;
  state_.accepted_gradient = point.gradient;
  if (state_.hessian.size() == 0) initial_hessian();
}

void Optimizer::initial_hessian() {
  const CoordinateSet& cs = state_.coordinates;
  const Eigen::MatrixX3d& x = state_.accepted_positions;
  if (options_.initial_cartesian_hessian.size() == 0) {
    state_.hessian = model_hessian(cs, molecule_.with_positions(x));
    return;
  }
  const Eigen::MatrixXd hx = 0.5 * (options_.initial_cartesian_hessian + options_.initial_cartesian_hessian.transpose());
  if (cs.is_cartesian()) {
    state_.hessian = hx;
    return;
  }
  const Eigen::MatrixXd b_inverse = b_pseudo_inverse(cs.b_matrix(x));
  const Eigen::VectorXd g_q = b_inverse.transpose() * flatten(state_.accepted_gradient);
  const Eigen::MatrixXd k = cs.second_derivative_term(x, g_q);
  Eigen::MatrixXd h = b_inverse.transpose() * (hx - k) * b_inverse;
  state_.hessian = 0.5 * (h + h.transpose());
}

void Optimizer::rebuild_coordinates(const Eigen::MatrixX3d& x, StepReport& report) {
  const CoordinateSet& old_set = state_.coordinates;
  if (old_set.is_cartesian()) return;
  const std::string why = old_set.breakdown(x, options_.internals.linear_threshold_degrees);
  if (why.empty()) return;
  std::vector<Primitive> required = constraint_primitives_;
  if (options_.ts_follow) required.push_back(*options_.ts_follow);
  CoordinateSet new_set = CoordinateSet::redundant_internals(molecule_.with_positions(x), options_.internals, required);
  // Carry the Hessian over through Cartesians at the accepted point.
  const Eigen::MatrixX3d& x_old = state_.accepted_positions;
  const Eigen::MatrixXd b_old = old_set.b_matrix(x_old);
  const Eigen::MatrixXd hx = b_old.transpose() * state_.hessian * b_old;
  Eigen::MatrixXd h_new;
  Eigen::VectorXd mode_new;
  try {
    const Eigen::MatrixXd b_new = new_set.b_matrix(x_old);
    const Eigen::MatrixXd b_new_inverse = b_pseudo_inverse(b_new);
    h_new = b_new_inverse.transpose() * hx * b_new_inverse;
    // Directions the old set did not span get the model's curvature.
    const Eigen::MatrixXd model = model_hessian(new_set, molecule_.with_positions(x));
    const Eigen::MatrixXd p = b_new * b_new_inverse;
    const Eigen::MatrixXd uncovered = p - p * (b_new * (b_pseudo_inverse(b_old) * b_old) * b_new_inverse);
    h_new += uncovered.transpose() * model * uncovered;
    if (state_.ts_mode.size() == old_set.size()) {
      mode_new = b_new * (b_pseudo_inverse(b_old) * state_.ts_mode);
      if (mode_new.norm() > 1e-8) mode_new.normalize();
    }
  } catch (const std::runtime_error&) {
    h_new = model_hessian(new_set, molecule_.with_positions(x));
    report.notes.push_back("Hessian reset to the model after the coordinate rebuild");
  }
  report.notes.push_back(fmt::format("internal coordinates rebuilt ({}): {} -> {} primitives", why, old_set.size(), new_set.size()));
  state_.coordinates = std::move(new_set);
  state_.hessian = 0.5 * (h_new + h_new.transpose());
  state_.ts_mode = mode_new;
}

void Optimizer::update_hessian(const Eigen::MatrixX3d& x, const Eigen::MatrixX3d& gradient, StepReport& report) {
  const CoordinateSet& cs = state_.coordinates;
  const Eigen::MatrixX3d& x_old = state_.accepted_positions;
  Eigen::VectorXd s, y;
  if (cs.is_cartesian()) {
    s = flatten(x - x_old);
    y = flatten(gradient - state_.accepted_gradient);
  } else {
    s = cs.difference(cs.values(x), cs.values(x_old));
    y = b_pseudo_inverse(cs.b_matrix(x)).transpose() * flatten(gradient) -
        b_pseudo_inverse(cs.b_matrix(x_old)).transpose() * flatten(state_.accepted_gradient);
  }
  if (options_.target == OptimizationTarget::minimum) {
    if (!bfgs_update(state_.hessian, s, y))
      report.notes.push_back(fmt::format("BFGS update skipped: curvature condition fails (s.y = {:.2e})", s.dot(y)));
  } else if (!bofill_update(state_.hessian, s, y)) {
    report.notes.push_back("Bofill update skipped: step or gradient change too small");
  }
}

void Optimizer::update_trust(double ratio, double step_length) {
  double& trust = state_.trust_radius;
  if (options_.target == OptimizationTarget::minimum) {
    // A poor step shrinks the radius below the step that was taken, not below the old radius,
    // which may be far longer than the step (Nocedal & Wright, Algorithm 4.1).
    if (ratio < 0.25)
      trust = std::min(trust, step_length) / 4.0;
    else if (ratio > 0.75 && step_length > 0.8 * trust)
      trust *= 2.0;
  } else {
    if (ratio < 0.0 || ratio > 3.0)
      trust /= 2.0;
    else if (ratio > 0.75 && ratio < 1.5 && step_length > 0.8 * trust)
      trust *= 1.5;
  }
  trust = std::clamp(trust, options_.min_trust_radius, options_.max_trust_radius);
}

Optimizer::Plan Optimizer::plan_step() const {
  const CoordinateSet& cs = state_.coordinates;
  Plan plan;
  plan.x0 = state_.accepted_positions;
  const Eigen::Index m = cs.size(), n3 = 3 * static_cast<Eigen::Index>(molecule_.size());
  const Eigen::VectorXd g_x = flatten(state_.accepted_gradient);
  plan.q0 = cs.values(plan.x0);
  if (cs.is_cartesian()) {
    plan.b = Eigen::MatrixXd::Identity(m, n3);
    plan.b_inverse = Eigen::MatrixXd::Identity(n3, m);
    plan.range = Eigen::MatrixXd::Identity(m, m);
    if (!has_frozen_atoms(constraint_primitives_)) {
      const Eigen::MatrixXd r = rigid_motions(plan.x0);
      plan.range -= r * r.transpose();
    }
  } else {
    plan.b = cs.b_matrix(plan.x0);
    plan.b_inverse = b_pseudo_inverse(plan.b);
    plan.range = plan.b * plan.b_inverse;
  }
  plan.g_q = plan.b_inverse.transpose() * g_x;

  Eigen::VectorXd dq_constraint = Eigen::VectorXd::Zero(m);
  plan.constraint_displacement = Eigen::VectorXd::Zero(n3);
  plan.projector = plan.range;
  if (!constraint_primitives_.empty()) {
    const Eigen::MatrixXd bc = primitive_rows(constraint_primitives_, plan.x0);
    const Eigen::VectorXd c0 = primitive_values(constraint_primitives_, plan.x0);
    plan.projector = constrained_projector(plan.range, bc * plan.b_inverse);
    Eigen::VectorXd residual = primitive_residual(constraint_primitives_, state_.constraint_targets, c0);
    plan.max_constraint_error = max_abs(residual);
    for (Eigen::Index i = 0; i < residual.size(); ++i)
      residual(i) = std::clamp(residual(i), -options_.max_constraint_change, options_.max_constraint_change);
    plan.constraint_step_targets = c0 + residual;
    plan.constraint_displacement = bc.transpose() * (symmetric_pseudo_inverse(bc * bc.transpose()) * residual);
    dq_constraint = plan.b * plan.constraint_displacement;
  }
  const Eigen::MatrixXd& p = plan.projector;
  const Eigen::MatrixXd& h = state_.hessian;
  const Eigen::VectorXd g_projected = p * (plan.g_q + h * dq_constraint);
  const Eigen::MatrixXd h_projected = p * h * p + kExcludedCurvature * (Eigen::MatrixXd::Identity(m, m) - p);
  Eigen::VectorXd free_step;
  if (options_.target == OptimizationTarget::minimum) {
    free_step = rfo_step(h_projected, g_projected, state_.trust_radius).step;
  } else {
    Eigen::VectorXd follow = state_.ts_mode;
    if (follow.size() != m) {
      follow.resize(0);
      if (options_.ts_follow) {
        const int index = cs.find(*options_.ts_follow);
        if (cs.is_cartesian()) {
          Eigen::RowVectorXd row = Eigen::RowVectorXd::Zero(n3);
          primitive_derivative(*options_.ts_follow, plan.x0, row);
          follow = row.transpose();
        } else if (index >= 0) {
          follow = Eigen::VectorXd::Unit(m, index);
        }
        follow = p * follow;
      }
    }
    const PrfoStep prfo = prfo_step(h_projected, g_projected, state_.trust_radius, follow, p);
    free_step = prfo.step;
    plan.mode = prfo.mode;
    plan.mode_eigenvalue = prfo.mode_eigenvalue;
  }
  plan.step = p * free_step + dq_constraint;
  plan.forces = -(p * plan.g_q);
  return plan;
}

namespace {

// x += B+ (q_target - q(x)) until the Cartesian change is below `tolerance`; false (with why) when
// the iteration does not settle.
bool back_transform(const CoordinateSet& cs, const Eigen::MatrixX3d& x0, const Eigen::VectorXd& q_target, int max_iterations,
                    double tolerance, Eigen::MatrixX3d& x, std::string& why) {
  x = x0;
  double previous = std::numeric_limits<double>::infinity();
  int growing = 0;
  double last = 0.0;
  try {
    for (int it = 0; it < max_iterations; ++it) {
      const Eigen::VectorXd r = cs.difference(q_target, cs.values(x));
      const Eigen::VectorXd dx = b_pseudo_inverse(cs.b_matrix(x)) * r;
      x += unflatten(dx);
      last = rms(dx);
      if (!std::isfinite(last)) {
        why = "back-transformation produced non-finite coordinates";
        return false;
      }
      if (last < tolerance) return true;
      growing = last > previous ? growing + 1 : 0;
      if (growing >= 2) {
        why = fmt::format("back-transformation diverging (rms Cartesian change {:.2e} bohr after {} iterations)", last, it + 1);
        return false;
      }
      previous = last;
    }
  } catch (const std::runtime_error& e) {
    why = std::string("back-transformation failed: ") + e.what();
    return false;
  }
  if (last < 1e-6) return true;  // slow but harmless: the step is realised to 1e-6 bohr
  why = fmt::format("back-transformation did not converge in {} iterations (rms change {:.2e} bohr)", max_iterations, last);
  return false;
}

}  // namespace

void Optimizer::take_step(const Plan& plan, StepReport& report) {
  const CoordinateSet& cs = state_.coordinates;
  Eigen::MatrixX3d x_new;
  bool fallback = false;
  if (cs.is_cartesian()) {
    x_new = plan.x0 + unflatten(plan.step);
  } else {
    std::string why;
    if (!back_transform(cs, plan.x0, plan.q0 + plan.step, options_.back_transformation_max_iterations,
                        options_.back_transformation_tolerance, x_new, why)) {
      fallback = true;
      report.notes.push_back(why + ": this step taken in Cartesian coordinates");
    } else if (const std::string broken = cs.breakdown(x_new, options_.internals.linear_threshold_degrees); !broken.empty()) {
      fallback = true;
      report.notes.push_back("internal coordinates break down along the step (" + broken + "): this step taken in Cartesian coordinates");
    }
  }
  if (fallback) {
    // RFO in Cartesians with the internal model carried over: H_x = B^T H B + K.
    const Eigen::Index n3 = plan.b.cols();
    Eigen::MatrixXd hx = plan.b.transpose() * state_.hessian * plan.b + cs.second_derivative_term(plan.x0, plan.g_q);
    hx = 0.5 * (hx + hx.transpose()).eval();
    Eigen::MatrixXd range = Eigen::MatrixXd::Identity(n3, n3);
    if (!has_frozen_atoms(constraint_primitives_)) {
      const Eigen::MatrixXd r = rigid_motions(plan.x0);
      range -= r * r.transpose();
    }
    const Eigen::MatrixXd p = constrained_projector(range, primitive_rows(constraint_primitives_, plan.x0));
    const Eigen::VectorXd g = p * (flatten(state_.accepted_gradient) + hx * plan.constraint_displacement);
    const Eigen::MatrixXd h = p * hx * p + kExcludedCurvature * (Eigen::MatrixXd::Identity(n3, n3) - p);
    Eigen::VectorXd dx;
    if (options_.target == OptimizationTarget::minimum) {
      dx = rfo_step(h, g, state_.trust_radius).step;
    } else {
      Eigen::VectorXd follow;
      if (plan.mode.size() > 0) follow = p * (plan.b_inverse * plan.mode);
      dx = prfo_step(h, g, state_.trust_radius, follow, p).step;
    }
    x_new = plan.x0 + unflatten(p * dx + plan.constraint_displacement);
    report.coordinates = "cartesian fallback";
  }
  if (!constraint_primitives_.empty() && !enforce_constraints(constraint_primitives_, plan.constraint_step_targets, x_new))
    report.notes.push_back("constraints could not be set exactly after this step");

  // The model's energy change for the displacement actually made.
  const Eigen::VectorXd dq = cs.is_cartesian() ? flatten(x_new - plan.x0) : cs.difference(cs.values(x_new), plan.q0);
  state_.predicted_change = quadratic_change(plan.g_q, plan.range * state_.hessian * plan.range, dq);
  state_.last_step_length = plan.step.norm();
  state_.last_step_cartesian_fallback = fallback;
  state_.next_positions = x_new;
  if (plan.mode.size() > 0) state_.ts_mode = plan.mode;
}

StepReport Optimizer::step(const SurfacePoint& point) {
  if (state_.finished) throw std::logic_error("Optimizer::step: the optimisation has finished");
  const Eigen::Index n = static_cast<Eigen::Index>(molecule_.size());
  if (point.gradient.rows() != n) throw std::invalid_argument("Optimizer::step: gradient has the wrong number of atoms");
  if (!std::isfinite(point.energy) || !point.gradient.allFinite())
    throw ComputationError("Optimizer::step: the surface returned a non-finite energy or gradient");

  const Eigen::MatrixX3d x = state_.next_positions;
  StepReport report;
  report.iteration = ++state_.iteration;
  report.molecule = molecule_.with_positions(x);
  report.energy = point.energy;
  state_.energies.push_back(point.energy);
  if (!constraint_primitives_.empty())
    report.max_constraint_error = max_abs(
        primitive_residual(constraint_primitives_, state_.constraint_targets, primitive_values(constraint_primitives_, x)));
  if (state_.last_step_cartesian_fallback) report.notes.push_back("this point came from a Cartesian fallback step");

  if (!state_.has_accepted) {
    report.energy_change = point.energy;
    accept(x, point);
  } else {
    const double de = point.energy - state_.accepted_energy;
    const double predicted = state_.predicted_change;
    report.energy_change = de;
    double ratio = std::abs(predicted) > 1e-14 ? de / predicted : 1.0;
    report.ratio = ratio;
    const bool reject = options_.target == OptimizationTarget::minimum && de > 1e-6 && ratio < -1.0 &&
                        state_.consecutive_rejections < options_.max_consecutive_rejections &&
                        state_.trust_radius > options_.min_trust_radius;
    if (reject) {
      ++state_.consecutive_rejections;
      state_.trust_radius = std::max(state_.trust_radius / 4.0, options_.min_trust_radius);
      report.rejected = true;
      report.notes.push_back(fmt::format("step rejected: energy rose by {:.3e} Eh (predicted {:.3e}); back to the accepted point", de, predicted));
    } else {
      state_.consecutive_rejections = 0;
      rebuild_coordinates(x, report);
      try {
        update_hessian(x, point.gradient, report);
      } catch (const std::runtime_error& e) {
        report.notes.push_back(std::string("Hessian update skipped: ") + e.what());
      }
      // A tiny predicted change carries no information about the model: leave the radius.
      if (std::abs(predicted) > 1e-10 || std::abs(de) > 1e-9) update_trust(ratio, state_.last_step_length);
      accept(x, point);
    }
  }
  report.coordinates = state_.coordinates.is_cartesian() ? "cartesian" : "internal";

  const Plan plan = plan_step();
  report.metrics.energy_change = report.energy_change;
  report.metrics.max_force = max_abs(plan.forces);
  report.metrics.rms_force = rms(plan.forces);
  report.metrics.max_step = max_abs(plan.step);
  report.metrics.rms_step = rms(plan.step);
  report.trust_radius = state_.trust_radius;
  report.mode_eigenvalue = plan.mode_eigenvalue;
  report.check = check_convergence(criteria_, report.metrics);
  if (!report.rejected && report.check.converged && plan.max_constraint_error < kConstraintTolerance) {
    state_.converged = state_.finished = true;
    report.converged = report.finished = true;
    return report;
  }
  report.check.converged = false;
  if (state_.iteration >= options_.max_iterations) {
    state_.finished = true;
    report.finished = true;
    report.notes.push_back(fmt::format("not converged in {} evaluations", options_.max_iterations));
    return report;
  }
  take_step(plan, report);
  return report;
}

OptimizationResult run_optimizer(EnergySurface& surface, Optimizer& optimizer, const StepCallback& callback) {
  OptimizationResult result;
  while (!optimizer.finished()) {
    const SurfacePoint point = surface.evaluate(optimizer.next_geometry());
    result.steps.push_back(optimizer.step(point));
    if (callback) callback(result.steps.back(), optimizer);
  }
  result.molecule = optimizer.accepted_geometry();
  result.energy = optimizer.accepted_energy();
  result.gradient = optimizer.accepted_gradient();
  result.converged = optimizer.converged();
  result.evaluations = optimizer.state().iteration;
  return result;
}

OptimizationResult optimize_geometry(EnergySurface& surface, const Molecule& molecule, const OptimizerOptions& options,
                                     const StepCallback& callback) {
  Optimizer optimizer(molecule, options);
  return run_optimizer(surface, optimizer, callback);
}

}  // namespace atropos
