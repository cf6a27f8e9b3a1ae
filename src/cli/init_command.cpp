// `syncwasm init`: create the data directory and its genesis block.
#include "command.h"
#include "data_dir.h"
#include "syncwasm/state/hash.h"

namespace syncwasm::cli {
namespace {

struct InitOptions {
  uint64_t genesis_time_s = node::kDefaultGenesisTimeNs / node::kSecondNs;
};

int run_init(const InitOptions& options, CommandContext& ctx) {
  if (options.genesis_time_s > UINT64_MAX / node::kSecondNs / 2)
    fail(kExitUsage, "--genesis-time is too large");
  node::ChainOptions chain_options;
  chain_options.genesis_time_ns = options.genesis_time_s * node::kSecondNs;
  auto chain = init_chain(ctx, chain_options);
  *ctx.out << "initialised " << ctx.data_dir << ": genesis block 0, state root "
           << state::to_hex(chain->state_root()) << "\n";
  return kExitOk;
}

}  // namespace

void register_init_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<InitOptions>();
  CLI::App* init = app.add_subcommand("init", "Create the state directory and its genesis block");
  init->add_option("--genesis-time", options->genesis_time_s,
                   "Unix time of block 0 in seconds; block h is at genesis + h s (default "
                   "1704067200, 2024-01-01T00:00:00Z, so fresh chains replay identically)")
      ->type_name("SECONDS");
  init->footer(
      "Creates the directory named by --data (or $SYNCWASM_DATA, else ./syncwasm-data) when it is\n"
      "missing or empty. Refuses a directory that already holds a chain or anything else.\n" +
      chain_exit_statuses());
  on_parsed(init, ctx, [options](CommandContext& c) { return run_init(*options, c); });
}

}  // namespace syncwasm::cli
