#pragma once
// The SCF surfaces the tasks evaluate: an ScfSurface (drivers/scf_surface.hpp) per optimisation,
// band image or Hessian rank group, each with its own orbital work file under the task's
// <stem>_orbitals/ directory. The SCF of each surface prints nothing (the task prints a line per
// step); errors still come through as exceptions.

#include <memory>
#include <string>

#include "drivers/job.hpp"
#include "drivers/scf_surface.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// `comm`: the ranks that evaluate together (all of them, or a group). `continue_orbitals`: when
// the work file exists (a resumed run), the first SCF starts from its orbitals, those of the last
// point this surface evaluated before the kill, exactly as the uninterrupted run would have; else
// from the job's guess. Collective over `comm`.
std::unique_ptr<ScfSurface> make_scf_surface(const Job& job, const Communicator& comm, const std::string& work_file,
                                             bool continue_orbitals);

}  // namespace atropos
