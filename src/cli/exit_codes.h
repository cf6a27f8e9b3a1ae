// Exit statuses of the syncwasm command (documented in --help and README.md).
#pragma once

namespace syncwasm::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitTrap = 1,            // the function (or the start function) trapped
  kExitUsage = 2,           // bad command line: unknown export, wrong argument count, bad literal
  kExitUnreadable = 3,      // the file cannot be read
  kExitModuleRejected = 4,  // malformed, invalid, over a limit, or imports that cannot be met
};

}  // namespace syncwasm::cli
