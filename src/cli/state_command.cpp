// `syncwasm state root`: the state root of the head block.
#include "command.h"
#include "data_dir.h"
#include "syncwasm/state/hash.h"

namespace syncwasm::cli {

void register_state_command(CLI::App& app, CommandContext& ctx) {
  CLI::App* state_cmd = app.add_subcommand("state", "Inspect the state");
  state_cmd->require_subcommand(1);
  state_cmd->footer("Run 'syncwasm state root --help'.");
  CLI::App* root =
      state_cmd->add_subcommand("root", "Print the state root (64 hex digits) of the head block");
  root->footer(
      "The root of the Merkle trie over all accounts, contracts and their storage (block\n"
      "records are outside it). Equal roots mean equal state.\n" +
      chain_exit_statuses());
  on_parsed(root, ctx, [](CommandContext& c) {
    auto chain = open_chain(c);
    *c.out << state::to_hex(chain->state_root()) << "\n";
    return int{kExitOk};
  });
}

}  // namespace syncwasm::cli
