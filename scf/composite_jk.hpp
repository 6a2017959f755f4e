#pragma once
// Coulomb from one builder, exchange from another: density-fitted J (DfCoulomb) with exact K
// (DirectJk) for hybrid functionals and Hartree-Fock under scf_type "df".

#include "scf/jk_builder.hpp"

namespace atropos {

class CompositeJk : public JkBuilder {
 public:
  CompositeJk(JkBuilder& coulomb, JkBuilder& exchange) : coulomb_(coulomb), exchange_(exchange) {}

  void compute(const std::vector<Eigen::MatrixXd>& densities, std::vector<Eigen::MatrixXd>* coulomb,
               std::vector<Eigen::MatrixXd>* exchange) override {
    if (coulomb) coulomb_.compute(densities, coulomb, nullptr);
    if (exchange) exchange_.compute(densities, nullptr, exchange);
  }

 private:
  JkBuilder& coulomb_;
  JkBuilder& exchange_;
};

}  // namespace atropos
