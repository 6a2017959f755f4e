#include "parallel/communicator.hpp"

#include <algorithm>
#include <stdexcept>

namespace atropos {

namespace {
// MPI counts are int; big matrices are reduced in pieces.
constexpr std::size_t kMaxChunk = 1u << 27;
}  // namespace

Communicator::Communicator(MPI_Comm comm) : comm_(comm) {
  MPI_Comm_rank(comm_, &rank_);
  MPI_Comm_size(comm_, &size_);
}

void Communicator::sum(double* data, std::size_t count) const {
  if (size_ == 1) return;
  for (std::size_t offset = 0; offset < count; offset += kMaxChunk) {
    const int n = static_cast<int>(std::min(kMaxChunk, count - offset));
    double* chunk = data + offset;
    if (rank_ == 0)
      MPI_Reduce(MPI_IN_PLACE, chunk, n, MPI_DOUBLE, MPI_SUM, 0, comm_);
    else
      MPI_Reduce(chunk, nullptr, n, MPI_DOUBLE, MPI_SUM, 0, comm_);
    MPI_Bcast(chunk, n, MPI_DOUBLE, 0, comm_);
  }
}

double Communicator::sum(double value) const {
  sum(&value, 1);
  return value;
}

void Communicator::broadcast(double* data, std::size_t count, int root) const {
  if (size_ == 1) return;
  for (std::size_t offset = 0; offset < count; offset += kMaxChunk) {
    const int n = static_cast<int>(std::min(kMaxChunk, count - offset));
    MPI_Bcast(data + offset, n, MPI_DOUBLE, root, comm_);
  }
}

void Communicator::broadcast(Eigen::MatrixXd& matrix, int root) const {
  if (size_ == 1) return;
  long dims[2] = {static_cast<long>(matrix.rows()), static_cast<long>(matrix.cols())};
  MPI_Bcast(dims, 2, MPI_LONG, root, comm_);
  if (rank_ != root) matrix.resize(dims[0], dims[1]);
  broadcast(matrix.data(), static_cast<std::size_t>(matrix.size()), root);
}

void Communicator::broadcast(std::string& text, int root) const {
  if (size_ == 1) return;
  long length = static_cast<long>(text.size());
  MPI_Bcast(&length, 1, MPI_LONG, root, comm_);
  if (rank_ != root) text.resize(static_cast<std::size_t>(length));
  if (length > 0) MPI_Bcast(text.data(), static_cast<int>(length), MPI_CHAR, root, comm_);
}

bool Communicator::any(bool flag) const {
  int local = flag ? 1 : 0, global = 0;
  MPI_Allreduce(&local, &global, 1, MPI_INT, MPI_LOR, comm_);
  return global != 0;
}

void Communicator::barrier() const { MPI_Barrier(comm_); }

Communicator Communicator::split(int colour) const {
  MPI_Comm sub;
  MPI_Comm_split(comm_, colour, rank_, &sub);
  return Communicator(sub);
}

MpiSession::MpiSession(int* argc, char*** argv) {
  int initialised = 0;
  MPI_Initialized(&initialised);
  if (!initialised) {
    int provided = 0;
    // Funneled: only the main thread calls MPI; OpenMP threads compute between calls.
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
  }
}

MpiSession::~MpiSession() {
  int finalised = 0;
  MPI_Finalized(&finalised);
  if (!finalised) MPI_Finalize();
}

}  // namespace atropos
