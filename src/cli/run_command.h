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

// CLI11 reads "-inf" or "-nan" as an unknown option. When the command is `run`, everything after
// `run FILE EXPORT` is an argument literal, so this inserts "--" there (unless it is a request for
// help). `args` is argv; other commands' arguments are returned unchanged.
std::vector<std::string> protect_run_literals(std::vector<std::string> args);

}  // namespace syncwasm::cli
