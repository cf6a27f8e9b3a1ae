// The syncwasm command. For now one subcommand: run an exported function of a module.
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "exit_codes.h"
#include "run_command.h"

namespace {

const char* kRunDescription =
    "Compile FILE.wasm, instantiate it and call its exported function EXPORT with ARGS;\n"
    "print each result on its own line.\n"
    "\n"
    "ARGS are literals of the function's parameter types, in the text format's spelling:\n"
    "  i32, i64  decimal or hex, signed or not: 42  -7  0xff  4294967295  1_000\n"
    "  f32, f64  1.5  -0  6.02e23  0x1.8p3  inf  -inf  nan  -nan  nan:0x200000\n"
    "  externref null or a host id; funcref null\n"
    "Put -- before the arguments when one starts with '-' and is not a number (-inf, -nan).\n"
    "Results: integers as signed decimal; floats with the fewest digits that read back\n"
    "to the same bits (nan payloads as nan:0x...).\n"
    "The module may not have imports (no host functions are provided yet).\n"
    "\n"
    "Exit status: 0 success; 1 trap (\"trap: <message>\" on stderr); 2 bad command line,\n"
    "unknown export, wrong argument count or bad literal; 3 unreadable file; 4 module\n"
    "rejected (malformed or invalid: the message names section, offset and reason; or\n"
    "imports that cannot be satisfied).";

// CLI11 reads "-inf" or "-nan" as an unknown option. Everything after `run FILE EXPORT` is an
// argument literal, so insert "--" there (unless it is a request for help).
std::vector<std::string> protect_literals(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  size_t run_at = 1;
  while (run_at < args.size() && args[run_at] != "run") ++run_at;
  size_t positionals = 0;
  for (size_t i = run_at + 1; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (!args[i].empty() && args[i][0] == '-' && positionals < 2) continue;  // an option
    if (++positionals == 2) {
      bool needs_guard = false;
      if (i + 1 < args.size() && args[i + 1] == "--") break;
      for (size_t j = i + 1; j < args.size(); ++j)
        needs_guard |= args[j].size() > 1 && args[j][0] == '-' && args[j] != "-h" &&
                       args[j] != "--help";
      if (needs_guard) args.insert(args.begin() + static_cast<long>(i) + 1, "--");
      break;
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"syncwasm: a NEAR-compatible smart-contract runtime with its own WebAssembly engine"};
  app.name("syncwasm");
  app.require_subcommand(1);

  syncwasm::cli::RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Call an exported function of a .wasm module");
  run_cmd->footer(kRunDescription);
  run_cmd->add_option("FILE", run.file, "The module (.wasm binary)")->required();
  run_cmd->add_option("EXPORT", run.export_name, "The exported function to call")->required();
  run_cmd->add_option("ARGS", run.args, "Arguments, one literal per parameter");
  app.footer("Run 'syncwasm run --help' for the argument syntax and exit statuses.");

  try {
    std::vector<std::string> args = protect_literals(argc, argv);
    std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);  // CLI11 wants them so
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message and a hint
    return syncwasm::cli::kExitUsage;
  }
  if (run_cmd->parsed()) return syncwasm::cli::run_export(run, std::cout, std::cerr);
  return syncwasm::cli::kExitUsage;
}
