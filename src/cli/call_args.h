// The input bytes of call and view: positional ARGS (must be JSON, passed byte for byte as given),
// --args-file F (the file's bytes) or --args-base64 B (decoded); none means empty input.
#pragma once

#include <string>

#include "command.h"
#include "syncwasm/runtime/gas_config.h"

namespace syncwasm::cli {

struct ArgsOptions {
  std::string text;
  std::string file;
  std::string base64;
  CLI::Option* text_option = nullptr;
  CLI::Option* file_option = nullptr;
  CLI::Option* base64_option = nullptr;
};

// Adds ARGS (after the command's other positionals), --args-file and --args-base64.
void add_args_options(CLI::App* command, ArgsOptions& options);

// The input bytes. Throws CommandError: kExitUsage for ARGS that are not JSON, bad base64, more
// than one source, or input over config.limits.max_arguments_length; kExitUnreadable for a file
// that cannot be read.
std::string read_args(const ArgsOptions& options, const runtime::RuntimeConfig& config);

}  // namespace syncwasm::cli
