#include "data_dir.h"

#include "syncwasm/state/store.h"

namespace syncwasm::cli {

void add_data_option(CLI::App& app, CommandContext& ctx) {
  ctx.data_dir = std::string(state::kDefaultDataDirectory);
  app.add_option("--data", ctx.data_dir,
                 "The state directory (default: $SYNCWASM_DATA, else ./syncwasm-data)")
      ->envname("SYNCWASM_DATA")
      ->type_name("DIR");
}

void fail_data_dir(const CommandContext& ctx, const state::Error& error) {
  if (error.code == state::ErrorCode::NotFound) {
    fail(kExitDataDir, "no syncwasm chain in '" + ctx.data_dir +
                           "': run 'syncwasm init' first (or pass --data DIR)");
  }
  if (error.code == state::ErrorCode::InvalidArgument) fail(kExitDataDir, error.message);
  std::string message = error.message;
  for (char& c : message)
    if (c == '\n') c = ' ';
  fail(kExitDataDir, "data directory '" + ctx.data_dir +
                         "': " + state::error_code_name(error.code) + ": " + message);
}

std::unique_ptr<node::Chain> open_chain(const CommandContext& ctx) {
  auto chain = node::Chain::open(ctx.data_dir);
  if (!chain.ok()) fail_data_dir(ctx, chain.error());
  return std::move(chain.value());
}

std::unique_ptr<node::Chain> init_chain(const CommandContext& ctx,
                                        const node::ChainOptions& options) {
  auto chain = node::Chain::init(ctx.data_dir, options);
  if (!chain.ok()) fail_data_dir(ctx, chain.error());
  return std::move(chain.value());
}

}  // namespace syncwasm::cli
