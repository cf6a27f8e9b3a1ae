// How a command group plugs into the syncwasm command, and the failure every command reports.
//
// A command group is one file: it adds its subcommands to the app and, through on_parsed, says
// what to run when one of them is the parsed command; main.cpp lists the groups in commands.def.
// The work runs after parsing, with the global options known; it returns an ExitCode, or throws
// CommandError, which main prints as one line "error: <message>" and turns into the exit status.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

#include "exit_codes.h"

namespace syncwasm::cli {

// A failure that ends the command: one line on stderr, the exit status `code`, nothing committed.
class CommandError : public std::runtime_error {
 public:
  CommandError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

[[noreturn]] inline void fail(int code, const std::string& message) {
  throw CommandError(code, message);
}

struct CommandContext {
  std::string data_dir;  // --data DIR, else $SYNCWASM_DATA, else ./syncwasm-data
  std::ostream* out = nullptr;
  std::ostream* err = nullptr;
  // Set by the parsed command; returns an ExitCode.
  std::function<int(CommandContext&)> action;
};

// Runs `action` when `command` is the parsed command. Options are usually bound to members of a
// shared_ptr'd struct that the action captures too.
inline void on_parsed(CLI::App* command, CommandContext& ctx,
                      std::function<int(CommandContext&)> action) {
  command->callback([&ctx, action = std::move(action)] { ctx.action = action; });
}

// The exit statuses shared by the commands on a data directory, for their --help footers.
inline std::string chain_exit_statuses(const std::string& extra = "") {
  return "Exit status: 0 success; 1 the call ran and failed; 2 bad command line or input\n"
         "(invalid account id, bad number, ARGS not JSON or too long" +
         extra +
         "); 3 unreadable file; 4 module rejected;\n"
         "5 no such account, contract, method or block; 6 data directory not initialised,\n"
         "locked by another process, not a syncwasm directory, or damaged.";
}

#define SW_COMMAND_GROUP(register_function) \
  void register_function(CLI::App& app, CommandContext& ctx);
#include "commands.def"
#undef SW_COMMAND_GROUP

}  // namespace syncwasm::cli
