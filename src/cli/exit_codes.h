// Exit statuses of the syncwasm command (documented in --help, README.md and docs/cli.md).
#pragma once

namespace syncwasm::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitTrap = 1,            // run: the function (or the start function) trapped
  kExitCallFailed = 1,      // call/view/deploy: it ran and failed (call: recorded, state unchanged)
  kExitUsage = 2,           // bad command line or input: unknown export, bad literal, invalid
                            // account id, bad GAS/YOCTO, ARGS not JSON or too long, account exists
  kExitUnreadable = 3,      // the file cannot be read
  kExitModuleRejected = 4,  // malformed, invalid, over a limit, or imports that cannot be met
  kExitNotFound = 5,        // no such account, contract, method or block
  kExitDataDir = 6,         // data directory: not initialised, locked, not ours, corrupt, I/O error
  kExitInternal = 7,        // a bug: an unexpected exception
};

}  // namespace syncwasm::cli
