// `syncwasm block [HEIGHT] [--json]`: a block record (the head block by default).
#include <ctime>

#include "command.h"
#include "data_dir.h"
#include "json_output.h"
#include "syncwasm/node/encoding.h"
#include "units.h"

namespace syncwasm::cli {
namespace {

struct BlockOptions {
  std::string height;
  bool json = false;
};

std::string utc_time(uint64_t timestamp_ns) {
  const std::time_t seconds = static_cast<std::time_t>(timestamp_ns / node::kSecondNs);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string result_text(const std::string& bytes) {
  if (bytes.empty()) return "(empty)";
  if (node::is_valid_utf8(bytes)) return bytes;
  return "(base64) " + node::base64_encode(bytes);
}

int run_block(const BlockOptions& options, CommandContext& ctx) {
  std::optional<uint64_t> height;
  if (!options.height.empty()) {
    uint64_t value = 0;
    for (char c : options.height) {
      if (c < '0' || c > '9' || value > (UINT64_MAX - 9) / 10) {
        fail(kExitUsage, "HEIGHT '" + options.height + "' is not a block height");
      }
      value = value * 10 + static_cast<uint64_t>(c - '0');
    }
    height = value;
  }
  auto chain = open_chain(ctx);
  node::BlockRecord record = chain->head();
  if (height) {
    auto found = chain->block(*height);
    if (!found.ok()) fail_data_dir(ctx, found.error());
    if (!*found) {
      fail(kExitNotFound,
           "no block at height " + options.height + ": the head is block " +
               std::to_string(chain->head().height) +
               (chain->head().last_height > chain->head().height
                    ? " (heights up to " + std::to_string(chain->head().last_height) + ")"
                    : ""));
    }
    record = std::move(**found);
  }
  if (options.json) {
    *ctx.out << json_line(nlohmann::json::parse(node::encode_block_record(record)));
    return kExitOk;
  }
  std::ostream& out = *ctx.out;
  out << "block " << record.height << "\n";
  if (record.last_height > record.height) {
    out << "heights: " << record.height << ".." << record.last_height << " (receipt rounds)\n";
  }
  out << "timestamp: " << record.timestamp_ns << " (" << utc_time(record.timestamp_ns) << ")\n"
      << "prev state root: " << state::to_hex(record.prev_root) << "\n"
      << "state root: " << state::to_hex(record.root) << "\n";
  if (record.transactions.empty()) out << "transactions: none\n";
  for (size_t i = 0; i < record.transactions.size(); ++i) {
    const node::TransactionSummary& tx = record.transactions[i];
    out << "transaction " << i << ": " << tx.kind << " ";
    if (!tx.signer_id.empty()) out << tx.signer_id << " -> ";
    out << tx.receiver_id << "\n";
    for (const std::string& action : tx.actions) out << "  action: " << action << "\n";
    out << "  status: " << (tx.success ? "success" : "failure") << ", " << tx.receipts << " receipt"
        << (tx.receipts == 1 ? "" : "s") << ", gas burnt " << format_gas(tx.gas_burnt) << " ("
        << tx.gas_burnt << ")\n";
    if (!tx.success) out << "  error: " << tx.error_kind << ": " << tx.error_message << "\n";
    if (tx.result) {
      out << "  result: " << result_text(*tx.result) << "\n";
    } else if (tx.result_size > 0) {
      out << "  result: " << tx.result_size << " bytes (not recorded)\n";
    }
  }
  return kExitOk;
}

}  // namespace

void register_block_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<BlockOptions>();
  CLI::App* block =
      app.add_subcommand("block", "Show a block: height, timestamp, state roots, outcomes");
  block->add_option("HEIGHT", options->height,
                    "The height (default: the head block); a height used by a block's receipt "
                    "rounds shows that block");
  block->add_flag("--json", options->json,
                  "Print the block record as one JSON object (height, last_height, timestamp_ns, "
                  "prev_root, root, transactions)");
  block->footer(
      "Every command that changes state (account create, deploy, call) makes one block. Block h\n"
      "has timestamp genesis + h seconds; a call's receipts run at the following heights, so the\n"
      "next block starts after them. Records survive restarts and never change the state root.\n" +
      chain_exit_statuses());
  on_parsed(block, ctx, [options](CommandContext& c) { return run_block(*options, c); });
}

}  // namespace syncwasm::cli
