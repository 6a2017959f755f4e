#include "geometry/atomic_mass.hpp"

#include <array>
#include <stdexcept>
#include <string>

#include "geometry/element.hpp"

namespace atropos {

namespace {

struct Isotope {
  int mass_number;
  double mass;  // u
};

// Relative atomic masses of the most abundant isotope of each element, from NIST Standard
// Reference Database 144, "Atomic Weights and Isotopic Compositions with Relative Atomic Masses"
// (J. S. Coursey et al., https://www.nist.gov/pml/atomic-weights-and-isotopic-compositions-
// relative-atomic-masses; isotope masses from the Atomic Mass Evaluation, AME), in the version
// QCElemental carries (nist_2011_atomic_weights, accessed 2018) and Psi4 1.3 uses for
// frequencies. For Tc, Pm, Po, At, Rn (no natural abundance) the isotope QCElemental takes.
constexpr std::array<Isotope, kMaxAtomicNumber> kIsotopes = {{
    {  1, 1.00782503223},    // H
    {  4, 4.00260325413},    // He
    {  7, 7.0160034366},     // Li
    {  9, 9.012183065},      // Be
    { 11, 11.00930536},      // B
    { 12, 12.0},             // C
    { 14, 14.00307400443},   // N
    { 16, 15.99491461957},   // O
    { 19, 18.99840316273},   // F
    { 20, 19.9924401762},    // Ne
    { 23, 22.989769282},     // Na
    { 24, 23.985041697},     // Mg
    { 27, 26.98153853},      // Al
    { 28, 27.97692653465},   // Si
    { 31, 30.97376199842},   // P
    { 32, 31.9720711744},    // S
    { 35, 34.968852682},     // Cl
    { 40, 39.9623831237},    // Ar
    { 39, 38.9637064864},    // K
    { 40, 39.962590863},     // Ca
    { 45, 44.95590828},      // Sc
    { 48, 47.94794198},      // Ti
    { 51, 50.94395704},      // V
    { 52, 51.94050623},      // Cr
    { 55, 54.93804391},      // Mn
    { 56, 55.93493633},      // Fe
    { 59, 58.93319429},      // Co
    { 58, 57.93534241},      // Ni
    { 63, 62.92959772},      // Cu
    { 64, 63.92914201},      // Zn
    { 69, 68.9255735},       // Ga
    { 74, 73.921177761},     // Ge
    { 75, 74.92159457},      // As
    { 80, 79.9165218},       // Se
    { 79, 78.9183376},       // Br
    { 84, 83.9114977282},    // Kr
    { 85, 84.9117897379},    // Rb
    { 88, 87.9056125},       // Sr
    { 89, 88.9058403},       // Y
    { 90, 89.9046977},       // Zr
    { 93, 92.906373},        // Nb
    { 98, 97.90540482},      // Mo
    { 98, 97.9072124},       // Tc
    {102, 101.9043441},      // Ru
    {103, 102.905498},       // Rh
    {106, 105.9034804},      // Pd
    {107, 106.9050916},      // Ag
    {114, 113.90336509},     // Cd
    {115, 114.903878776},    // In
    {120, 119.90220163},     // Sn
    {121, 120.903812},       // Sb
    {130, 129.906222748},    // Te
    {127, 126.9044719},      // I
    {132, 131.9041550856},   // Xe
    {133, 132.905451961},    // Cs
    {138, 137.905247},       // Ba
    {139, 138.9063563},      // La
    {140, 139.9054431},      // Ce
    {141, 140.9076576},      // Pr
    {142, 141.907729},       // Nd
    {145, 144.9127559},      // Pm
    {152, 151.9197397},      // Sm
    {153, 152.921238},       // Eu
    {158, 157.9241123},      // Gd
    {159, 158.9253547},      // Tb
    {164, 163.9291819},      // Dy
    {165, 164.9303288},      // Ho
    {166, 165.9302995},      // Er
    {169, 168.9342179},      // Tm
    {174, 173.9388664},      // Yb
    {175, 174.9407752},      // Lu
    {180, 179.946557},       // Hf
    {181, 180.9479958},      // Ta
    {184, 183.95093092},     // W
    {187, 186.9557501},      // Re
    {192, 191.961477},       // Os
    {193, 192.9629216},      // Ir
    {195, 194.9647917},      // Pt
    {197, 196.96656879},     // Au
    {202, 201.9706434},      // Hg
    {205, 204.9744278},      // Tl
    {208, 207.9766525},      // Pb
    {209, 208.9803991},      // Bi
    {209, 208.9824308},      // Po
    {210, 209.9871479},      // At
    {222, 222.0175782},      // Rn
}};

const Isotope& isotope(int Z) {
  if (Z < 1 || Z > kMaxAtomicNumber)
    throw std::out_of_range("no isotope mass for atomic number " + std::to_string(Z) + " (known: 1.." +
                            std::to_string(kMaxAtomicNumber) + ")");
  return kIsotopes[static_cast<std::size_t>(Z - 1)];
}

}  // namespace

double most_abundant_isotope_mass(int Z) { return isotope(Z).mass; }

int most_abundant_isotope_mass_number(int Z) { return isotope(Z).mass_number; }

Eigen::VectorXd most_abundant_isotope_masses(const Molecule& molecule) {
  Eigen::VectorXd masses(static_cast<Eigen::Index>(molecule.size()));
  for (std::size_t i = 0; i < molecule.size(); ++i)
    masses(static_cast<Eigen::Index>(i)) = most_abundant_isotope_mass(molecule[i].Z);
  return masses;
}

}  // namespace atropos
