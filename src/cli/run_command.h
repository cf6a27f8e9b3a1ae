// `syncwasm run FILE.wasm EXPORT [ARGS...]`: compile a module, instantiate it without imports,
// call one exported function with literal arguments and print its results, one per line.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace syncwasm::cli {

struct RunOptions {
  std::string file;
  std::string export_name;
  std::vector<std::string> args;
};

// Returns an ExitCode. Results go to `out`; every error goes to `err` as one line that names
// the offending input (file, export, argument) and the reason.
int run_export(const RunOptions& options, std::ostream& out, std::ostream& err);

}  // namespace syncwasm::cli
