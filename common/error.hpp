#pragma once
// Exceptions that carry what went wrong and where (file, line, key), so the user can fix input.

#include <stdexcept>
#include <string>

namespace atropos {

// Bad user input: unknown element, malformed file, inconsistent charge/multiplicity, ...
// `where` names the place ("water.xyz line 3", "input.toml [scf] maxiter").
class InputError : public std::runtime_error {
 public:
  InputError(const std::string& message, const std::string& where = "")
      : std::runtime_error(where.empty() ? message : where + ": " + message), where_(where) {}
  const std::string& where() const { return where_; }

 private:
  std::string where_;
};

// A computation that ran but did not produce a trustworthy result (unconverged SCF, NaN).
class ComputationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace atropos
