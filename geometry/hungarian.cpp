#include "geometry/hungarian.hpp"

#include <limits>
#include <stdexcept>

namespace atropos {

std::vector<int> solve_assignment(const Eigen::MatrixXd& cost) {
  const int n = static_cast<int>(cost.rows());
  if (cost.cols() != n) throw std::invalid_argument("solve_assignment: cost matrix must be square");
  constexpr double inf = std::numeric_limits<double>::infinity();
  // 1-based arrays; row_of[j] is the row assigned to column j, 0 meaning none.
  std::vector<double> u(n + 1, 0.0), v(n + 1, 0.0);
  std::vector<int> row_of(n + 1, 0), way(n + 1, 0);
  for (int i = 1; i <= n; ++i) {
    row_of[0] = i;
    int j0 = 0;
    std::vector<double> min_slack(n + 1, inf);
    std::vector<char> used(n + 1, 0);
    do {  // grow a shortest augmenting path from row i
      used[j0] = 1;
      const int i0 = row_of[j0];
      double delta = inf;
      int j1 = 0;
      for (int j = 1; j <= n; ++j) {
        if (used[j]) continue;
        const double slack = cost(i0 - 1, j - 1) - u[i0] - v[j];
        if (slack < min_slack[j]) {
          min_slack[j] = slack;
          way[j] = j0;
        }
        if (min_slack[j] < delta) {
          delta = min_slack[j];
          j1 = j;
        }
      }
      for (int j = 0; j <= n; ++j) {
        if (used[j]) {
          u[row_of[j]] += delta;
          v[j] -= delta;
        } else {
          min_slack[j] -= delta;
        }
      }
      j0 = j1;
    } while (row_of[j0] != 0);
    do {  // flip the path
      const int j1 = way[j0];
      row_of[j0] = row_of[j1];
      j0 = j1;
    } while (j0 != 0);
  }
  std::vector<int> column(n, -1);
  for (int j = 1; j <= n; ++j) column[row_of[j] - 1] = j - 1;
  return column;
}

std::vector<int> match_points_within_classes(const Eigen::MatrixX3d& from,
                                             const std::vector<std::vector<int>>& from_classes,
                                             const Eigen::MatrixX3d& to,
                                             const std::vector<std::vector<int>>& to_classes) {
  if (from_classes.size() != to_classes.size())
    throw std::invalid_argument("match_points_within_classes: class lists differ");
  std::vector<int> map(from.rows(), -1);
  for (std::size_t k = 0; k < from_classes.size(); ++k) {
    const auto& rows = from_classes[k];
    const auto& cols = to_classes[k];
    const int m = static_cast<int>(rows.size());
    if (static_cast<int>(cols.size()) != m)
      throw std::invalid_argument("match_points_within_classes: classes differ in size");
    Eigen::MatrixXd cost(m, m);
    for (int r = 0; r < m; ++r)
      for (int c = 0; c < m; ++c) cost(r, c) = (from.row(rows[r]) - to.row(cols[c])).squaredNorm();
    std::vector<int> nearest(m);
    std::vector<char> taken(m, 0);
    bool bijective = true;
    for (int r = 0; r < m && bijective; ++r) {
      Eigen::Index c;
      cost.row(r).minCoeff(&c);
      nearest[r] = static_cast<int>(c);
      bijective = !taken[c];
      taken[c] = 1;
    }
    const std::vector<int> column = bijective ? nearest : solve_assignment(cost);
    for (int r = 0; r < m; ++r) map[rows[r]] = cols[column[r]];
  }
  return map;
}

}  // namespace atropos
