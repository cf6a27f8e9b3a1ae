// The inputs of the `submodule` commands: keys, policies, files, and the modules deploy-gen makes.
//
//   KEY     hex digits (either case, an even number, optionally after `0x` or `hex:`), or
//           `utf8:TEXT` for the bytes of TEXT; 1 to 1024 bytes.
//   POLICY  `--policy JSON` or `--policy-file F` (runtime/submodule_policy.h's JSON form; every
//           field optional); neither means the default policy.
//
// Every parse failure throws CommandError (command.h) with one line naming what is wrong.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "command.h"
#include "syncwasm/runtime/submodule_policy.h"

namespace syncwasm::cli {

// The key bytes of `text`; `what` names the argument in messages (e.g. "KEY"). Throws
// CommandError(kExitUsage) for text that is neither hex nor utf8:TEXT, or a key that is empty or
// over 1024 bytes.
std::string parse_submodule_key(const std::string& text, const std::string& what = "KEY");
// Bytes of --prefix HEX (may be empty). Throws CommandError(kExitUsage).
std::string parse_key_prefix(const std::string& text);

// The key for people: its hex, followed by ` (utf8:TEXT)` when every byte is printable ASCII.
std::string describe_key(std::string_view key);
// The key as text when every byte is printable ASCII (then `utf8:` + it is a valid KEY), else "".
std::string printable_key(std::string_view key);

struct PolicyOptions {
  std::string json;
  std::string file;
  CLI::Option* json_option = nullptr;
  CLI::Option* file_option = nullptr;
};
// Adds --policy JSON and --policy-file F to the command.
void add_policy_options(CLI::App* command, PolicyOptions& options);
// The policy given (the default when none). Throws CommandError: kExitUsage for both options or
// JSON that is not a valid policy (the message names the field), kExitUnreadable for a file that
// cannot be read.
runtime::SubmodulePolicy read_policy(const PolicyOptions& options);

// The bytes of a file. Throws CommandError(kExitUnreadable) naming the file and the reason.
std::string read_file_bytes(const std::string& path);

// deploy-gen: the key of generated submodule n, 20 bytes big-endian (like an EVM address).
std::string counter_key(uint64_t n);
// deploy-gen without --template: a tiny module (about 90 bytes: one page of memory, one import,
// env.value_return) whose method `get` returns n as decimal text; distinct code for each n.
std::string generated_submodule(uint64_t n);
// deploy-gen with --template: the template with a custom section "syncwasm.gen" holding u64 n
// (little endian) appended, so each copy has its own code hash and the template's behaviour.
std::string templated_submodule(std::string_view template_wasm, uint64_t n);

}  // namespace syncwasm::cli
