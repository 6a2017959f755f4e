#pragma once
// MolSSI QCSchema front end: AtomicInput (schema_name "qcschema_input") in, AtomicResult
// ("qcschema_output") out. Failures become success = false with an `error` object, never a crash.

#include <nlohmann/json.hpp>

#include "common/log.hpp"
#include "drivers/job.hpp"
#include "parallel/communicator.hpp"

namespace atropos {

// The Job an AtomicInput describes (geometry in bohr). Throws InputError naming the field.
Job job_from_qcschema(const nlohmann::json& input);

// Runs the input and returns the AtomicResult; every exception is turned into an error object.
nlohmann::json run_qcschema(const nlohmann::json& input, const Communicator& comm, const Log& log);

}  // namespace atropos
