// The data directory of the chain commands: --data DIR, else $SYNCWASM_DATA, else ./syncwasm-data
// (resolved by CLI11 into CommandContext::data_dir), opened as a node::Chain.
#pragma once

#include <memory>
#include <string>

#include "command.h"
#include "syncwasm/node/chain.h"
#include "syncwasm/state/status.h"

namespace syncwasm::cli {

// Adds --data to the app (with $SYNCWASM_DATA and the default).
void add_data_option(CLI::App& app, CommandContext& ctx);

// Opens the initialised chain; throws CommandError(kExitDataDir) naming the directory and why.
std::unique_ptr<node::Chain> open_chain(const CommandContext& ctx);
// Creates the chain; throws CommandError(kExitDataDir) (e.g. when it already exists).
std::unique_ptr<node::Chain> init_chain(const CommandContext& ctx,
                                        const node::ChainOptions& options);

// A node error (I/O, corruption) while working on the data directory.
[[noreturn]] void fail_data_dir(const CommandContext& ctx, const state::Error& error);

}  // namespace syncwasm::cli
