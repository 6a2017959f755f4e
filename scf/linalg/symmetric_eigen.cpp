#include "scf/linalg/symmetric_eigen.hpp"

#include <string>
#include <vector>

#include "common/error.hpp"

extern "C" void dsyevd_(const char* jobz, const char* uplo, const int* n, double* a, const int* lda, double* w,
                        double* work, const int* lwork, int* iwork, const int* liwork, int* info);

namespace atropos {

SymmetricEigen symmetric_eigen(const Eigen::MatrixXd& matrix) {
  if (matrix.rows() != matrix.cols()) throw ComputationError("symmetric_eigen: the matrix is not square");
  SymmetricEigen result;
  const int n = static_cast<int>(matrix.rows());
  result.vectors = matrix;
  result.values.resize(n);
  if (n == 0) return result;
  const char jobz = 'V', uplo = 'L';
  int info = 0, lwork = -1, liwork = -1, iwork_query = 0;
  double work_query = 0.0;
  dsyevd_(&jobz, &uplo, &n, result.vectors.data(), &n, result.values.data(), &work_query, &lwork, &iwork_query,
          &liwork, &info);
  lwork = static_cast<int>(work_query);
  liwork = iwork_query;
  std::vector<double> work(static_cast<std::size_t>(lwork));
  std::vector<int> iwork(static_cast<std::size_t>(liwork));
  dsyevd_(&jobz, &uplo, &n, result.vectors.data(), &n, result.values.data(), work.data(), &lwork, iwork.data(),
          &liwork, &info);
  if (info != 0)
    throw ComputationError("LAPACK dsyevd failed (info " + std::to_string(info) + ") on a " + std::to_string(n) + " x " +
                           std::to_string(n) + " symmetric matrix");
  return result;
}

}  // namespace atropos
