#pragma once
// A thin, value-semantic view of an MPI communicator.
//
// Library code never touches MPI_COMM_WORLD: objects that distribute work take a Communicator.
// Reductions go to rank 0 and are then broadcast, so every rank holds bit-identical results
// (MPI_Allreduce does not promise that), which keeps replicated SCF iterations in lock-step.

#include <mpi.h>

#include <Eigen/Core>
#include <string>
#include <vector>

namespace atropos {

class Communicator {
 public:
  explicit Communicator(MPI_Comm comm = MPI_COMM_WORLD);

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool is_root() const { return rank_ == 0; }
  MPI_Comm handle() const { return comm_; }

  // Element-wise sum over ranks; every rank receives the same bits.
  void sum(double* data, std::size_t count) const;
  void sum(Eigen::MatrixXd& matrix) const { sum(matrix.data(), static_cast<std::size_t>(matrix.size())); }
  void sum(std::vector<double>& values) const { sum(values.data(), values.size()); }
  double sum(double value) const;

  // Copies root's data to every rank.
  void broadcast(double* data, std::size_t count, int root = 0) const;
  void broadcast(Eigen::MatrixXd& matrix, int root = 0) const;
  void broadcast(std::string& text, int root = 0) const;

  // Logical OR over ranks (e.g. "did any rank fail?").
  bool any(bool flag) const;

  void barrier() const;

  // A sub-communicator of the ranks passing the same colour (MPI_Comm_split); the caller owns it.
  Communicator split(int colour) const;

 private:
  MPI_Comm comm_;
  int rank_ = 0;
  int size_ = 1;
};

// RAII guard for MPI_Init/MPI_Finalize, used once by each executable's main().
class MpiSession {
 public:
  MpiSession(int* argc, char*** argv);
  ~MpiSession();
  MpiSession(const MpiSession&) = delete;
  MpiSession& operator=(const MpiSession&) = delete;
};

}  // namespace atropos
