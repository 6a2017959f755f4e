"""Input files for atropos (TOML), Psi4 1.3.2 and NWChem 7.0.2 from one Case.

Matched on every side: geometry (peers get bohr, see geometry.py), def2-SVP (spherical), charge and
multiplicity, restricted Kohn-Sham, SAD guess, the same number of radial and Lebedev angular points
per atom without pruning, e_convergence and d_convergence, integral screening 1e-12 (atropos's and
Psi4's default ints_tolerance; NWChem "tolerances tight").

The grid: with the case's grid_style "psi4" (the default) atropos builds Psi4 1.3.2's grid itself
(the same points and weights), so atropos and Psi4 integrate identically; NWChem uses its own
Mura-Knowles + SSF grid. With "atropos", atropos uses Mura-Knowles + SSF as NWChem does and Psi4
its Treutler grid. Not matched (each program's own choice): the meaning of d_convergence (atropos and Psi4: orbital gradient;
NWChem: density change and orbital gradient), and the SCF accelerators.
"""

from .cases import AUTOAUX_SETS, BASIS
from .geometry import bohr_lines

MAXITER = 200

# NWChem selects Lebedev rules by an index; these pairs were read back from NWChem 7.0.2's
# "Ang. Pts." column (grid lebedev 50 <index>) on this machine.
NWCHEM_LEBEDEV_INDEX = {194: 8, 302: 11, 434: 13, 590: 14, 770: 15, 974: 16, 1202: 17, 1454: 18}

NWCHEM_XC = {"pbe": "xpbe96 cpbe96", "pbe0": "pbe0"}


def atropos_toml(case, xyz_path, name, memory_gb):
    scf = ['scf_type = "%s"' % case.scf_type]
    if case.scf_type == "df":
        scf.append('df_basis_scf = "%s"' % case.fit)
        # The RI-J integral cache gets the memory Psi4 is given, shared among the ranks.
        scf.append("df_cache_memory = %d" % round(memory_gb * 1024))
    scf += ["grid = [%d, %d]" % case.grid,
            'dft_grid_style = "%s"' % case.grid_style,
            "e_convergence = %g" % case.e_convergence,
            "d_convergence = %g" % case.d_convergence,
            'guess = "sad"',
            "maxiter = %d" % MAXITER]
    return "\n".join([
        "# %s: %s (written by bench/compare.py)" % (case.name, case.description),
        'task = "%s"' % case.task,
        'method = "%s"' % case.method,
        'basis = "%s"' % BASIS,
        "charge = %d" % case.charge,
        "multiplicity = %d" % case.multiplicity,
        'name = "%s"' % name,
        "",
        "[molecule]",
        'file = "%s"   # Angstrom' % xyz_path,
        "",
        "[scf]",
    ] + scf) + "\n"


def psi4_fitting_basis(case):
    """Psi4 1.3.2's names: def2-qzvpp-jfit is def2-universal-JFIT (docs/density_fitting.md);
    a hybrid needs a JK fit in Psi4, so K is fitted there too."""
    return "def2-qzvpp-jkfit" if case.is_hybrid() else "def2-qzvpp-jfit"


def psi4_input(case, atoms, name, memory_gb, autoaux_gbs=None):
    """autoaux_gbs: the text of `atropos autoaux` for the molecule's elements, needed when
    case.fit is one of AUTOAUX_SETS (Psi4 1.3.2 has no AutoAux; it reads the file in a basis block)."""
    settings = ["basis %s" % BASIS,
                "scf_type %s" % case.scf_type,
                "reference rks",
                "guess sad",
                "e_convergence %g" % case.e_convergence,
                "d_convergence %g" % case.d_convergence,
                "maxiter %d" % MAXITER,
                "ints_tolerance 1e-12",
                "dft_radial_points %d" % case.grid[0],
                "dft_spherical_points %d" % case.grid[1]]
    fit_block = ""
    if case.scf_type == "df" and case.fit in AUTOAUX_SETS:
        if autoaux_gbs is None:
            raise ValueError("%s: the AutoAux basis text is needed for Psi4" % case.name)
        fit_block = "df_basis_scf atropos_autoaux {\n  assign atropos-autoaux\n[ atropos-autoaux ]\n%s}\n" % autoaux_gbs
        # The generated sets are nearly linearly dependent on larger molecules (dnbpa, extended:
        # metric eigenvalues down to 6e-12 of the largest). atropos fits with the Cholesky factor
        # of the whole metric; Psi4's default DF_FITTING_CONDITION 1e-10 would drop 14
        # eigenvectors there and move its energy by 1.8e-6 Eh. 1e-14 keeps them all: the same fit.
        settings.append("df_fitting_condition 1e-14")
    elif case.scf_type == "df":
        settings.append("df_basis_scf %s" % psi4_fitting_basis(case))
    driver = "gradient" if case.task == "gradient" else "energy"
    gradient_line = ('res["gradient"] = [[G.get(i, j) for j in range(3)] for i in range(G.rows())]\n'
                     if driver == "gradient" else "")
    return """# %(case)s: %(desc)s (written by bench/compare.py)
# Geometry in bohr (converted with 0.529177210903 A/bohr).
import json
import time

memory %(mem)g gb

molecule m {
  %(charge)d %(mult)d
%(geom)s
  units bohr
  no_reorient
  no_com
  symmetry c1
}

set {
%(settings)s
}

%(fit_block)s
t0 = time.time()
G, wfn = %(driver)s('%(method)s', return_wfn=True)
t1 = time.time()
res = {"job": "%(name)s", "program": "psi4", "version": psi4.__version__,
       "energy": wfn.energy(), "nbf": wfn.basisset().nbf(),
       "scf_iterations": int(psi4.variable("SCF ITERATIONS")),
       "threads": core.get_num_threads(), "wall_s_driver": t1 - t0}
%(gradient_line)sprint_out("\\nRESULT_JSON " + json.dumps(res) + "\\n")
""" % dict(case=case.name, desc=case.description, mem=memory_gb, charge=case.charge,
           mult=case.multiplicity, geom=bohr_lines(atoms), settings="\n".join("  " + s for s in settings),
           driver=driver, method=case.method, name=name, gradient_line=gradient_line, fit_block=fit_block)


def nwchem_unsupported(case):
    """Why NWChem cannot run this case with matched settings, or None."""
    if case.method not in NWCHEM_XC:
        return "no NWChem functional name for %s" % case.method
    if case.grid[1] not in NWCHEM_LEBEDEV_INDEX:
        return "no known NWChem Lebedev index for %d points" % case.grid[1]
    return None


def nwchem_input(case, atoms, name, memory_mb):
    radial, angular = case.grid
    fitting = ""
    if case.scf_type == "df":
        # NWChem's "Weigend Coulomb Fitting" library set = def2-universal-JFIT (same exponents,
        # F. Weigend, PCCP 8, 1057 (2006)); NWChem fits J only, K stays exact like atropos.
        fitting = 'basis "cd basis" spherical\n  * library "Weigend Coulomb Fitting"\nend\n\n'
    if case.task == "gradient":
        task = ("python\n"
                "  (e, g) = task_gradient('dft')\n"
                "  if ga_nodeid() == 0:\n"
                "    print('NWRESULT_ENERGY %.12f' % e)\n"
                "    for i in range(0, len(g), 3):\n"
                "      print('NWRESULT_GRADIENT %22.14e %22.14e %22.14e' % (g[i], g[i+1], g[i+2]))\n"
                "end\n\ntask python\n")
    else:
        task = "task dft energy\n"
    return """# %(case)s: %(desc)s (written by bench/compare.py)
# Geometry in bohr (converted with 0.529177210903 A/bohr); grid Mura-Knowles + SSF, unpruned.
echo
start %(name)s
title "%(name)s"
memory total %(mem)d mb
charge %(charge)d

geometry units bohr noautoz nocenter noautosym
  symmetry c1
%(geom)s
end

basis spherical
  * library %(basis)s
end

%(fitting)sdft
  xc %(xc)s
  grid lebedev %(radial)d %(index)d ssf mura
  convergence energy %(econv)g density %(dconv)g gradient %(dconv)g
  tolerances tight
  direct
  iterations %(maxiter)d
  mult %(mult)d
  noprint "final vectors analysis"
end

set dft:no_prune logical .true.

%(task)s""" % dict(case=case.name, desc=case.description, name=name, mem=memory_mb, charge=case.charge,
                   geom=bohr_lines(atoms), basis=BASIS, fitting=fitting, xc=NWCHEM_XC[case.method],
                   radial=radial, index=NWCHEM_LEBEDEV_INDEX[angular], econv=case.e_convergence,
                   dconv=case.d_convergence, maxiter=MAXITER, mult=case.multiplicity, task=task)
