// The syncwasm command: the command groups of commands.def on one CLI11 app.
#include <CLI/CLI.hpp>
#include <iostream>
#include <string>
#include <vector>

#include "command.h"
#include "data_dir.h"
#include "exit_codes.h"
#include "run_command.h"

int main(int argc, char** argv) {
  using namespace syncwasm::cli;
  CLI::App app{
      "syncwasm: a NEAR-compatible smart-contract runtime with its own WebAssembly engine"};
  app.name("syncwasm");
  app.require_subcommand(1);
  app.fallthrough();  // --data is accepted after the command too
  CommandContext ctx;
  ctx.out = &std::cout;
  ctx.err = &std::cerr;
  add_data_option(app, ctx);
#define SW_COMMAND_GROUP(register_function) register_function(app, ctx);
#include "commands.def"
#undef SW_COMMAND_GROUP
  app.footer(
      "Run 'syncwasm COMMAND --help' for a command's arguments and exit statuses.\n"
      "A state directory is made by 'syncwasm init'; every command that changes state makes a\n"
      "block in it.");

  try {
    std::vector<std::string> args =
        protect_run_literals(std::vector<std::string>(argv, argv + argc));
    std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);  // CLI11 wants them so
    app.parse(reversed);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, as every other error.
    std::cerr << "error: " << e.what() << " (run with --help for more information)\n";
    return kExitUsage;
  }
  if (!ctx.action) return kExitUsage;
  try {
    return ctx.action(ctx);
  } catch (const CommandError& e) {
    std::cout.flush();
    std::cerr << "error: " << e.what() << "\n";
    return e.code();
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "error: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
}
