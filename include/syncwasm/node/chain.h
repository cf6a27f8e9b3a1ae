// Chain: a local chain of blocks on one state directory (DESIGN.md §4). It opens the directory's
// StateStore, keeps the head block (height, timestamp, state root) and applies blocks: each block
// runs its operations (block_op.h) on an overlay above the committed state, then commits the
// overlay's changes and the block's record (block_record.h) in one atomic write. A failed
// transaction still makes a block; the receipt executor has rolled back what it did, so the state
// root is unchanged (a transaction whose first receipt succeeded keeps that receipt's changes, as
// on NEAR).
//
// Determinism: block h has timestamp genesis_time + h seconds and a random seed derived from the
// previous root and h, so the same operations on a fresh directory give the same roots. The
// receipts of a transaction run in rounds h, h+1, ... (one height each); the next block starts
// after the last round.
//
// Two steps, so a caller can refuse an operation that could not even start (a missing account, an
// unknown method) without recording it: execute() runs a block on a private overlay and writes
// nothing; commit() writes it. apply() does both.
//
// Errors are state::Error: Locked, NotOurs, NotFound (no database), Corruption, Io from the store;
// NotOurs also for a state database without a chain; InvalidArgument for init on an existing chain
// or a stale PendingBlock. Thread safety: none.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "syncwasm/node/block_op.h"
#include "syncwasm/node/block_record.h"
#include "syncwasm/runtime/executor.h"
#include "syncwasm/runtime/receipt_executor.h"
#include "syncwasm/state/module_cache.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/store.h"

namespace syncwasm::node {

// 2024-01-01T00:00:00Z: the default genesis time, so that fresh chains are identical.
inline constexpr uint64_t kDefaultGenesisTimeNs = 1'704'067'200'000'000'000ull;
inline constexpr uint64_t kSecondNs = 1'000'000'000ull;
// The most rounds one block's receipts may take (ReceiptExecutor's max_blocks).
inline constexpr uint64_t kMaxReceiptRounds = 100;

struct ChainOptions {
  uint64_t genesis_time_ns = kDefaultGenesisTimeNs;
  // false: fsync only when the process exits (tests); true: every block survives power loss.
  bool sync_commits = true;
};

// A block that ran but is not committed yet.
class PendingBlock {
 public:
  uint64_t height() const { return record_.height; }
  const BlockRecord& record() const { return record_; }  // root not yet known (prev_root is)
  // One result per operation, in order.
  const std::vector<runtime::TransactionResult>& results() const { return results_; }

 private:
  friend class Chain;
  BlockRecord record_;
  std::vector<runtime::TransactionResult> results_;
  std::unique_ptr<state::StateOverlay> overlay_;
};

class Chain {
 public:
  // Creates the directory's state database (or uses an empty existing one) and its genesis block
  // (height 0, empty state).
  static state::Result<std::unique_ptr<Chain>> init(const std::string& directory,
                                                    const ChainOptions& options = {});
  // Opens an initialised directory (create nothing).
  static state::Result<std::unique_ptr<Chain>> open(const std::string& directory,
                                                    const ChainOptions& options = {});

  const BlockRecord& head() const { return head_; }
  uint64_t genesis_time_ns() const { return genesis_time_ns_; }
  state::Hash32 state_root() const { return store_->root(); }
  // The committed state (for reads and view calls).
  const state::StateReader& state() const { return *store_; }
  const runtime::RuntimeConfig& config() const { return executor_.config(); }

  // The block whose rounds cover `height`, or nullopt (above the head).
  state::Result<std::optional<BlockRecord>> block(uint64_t height) const;

  // Runs the operations as the next block on a private overlay; writes nothing.
  state::Result<PendingBlock> execute(const std::vector<BlockOp>& ops);
  // Commits the block's state changes and its record atomically; returns the record with its root.
  // InvalidArgument when another block was committed since `block` was executed.
  state::Result<BlockRecord> commit(PendingBlock block);
  // execute + commit.
  state::Result<BlockRecord> apply(const std::vector<BlockOp>& ops,
                                   std::vector<runtime::TransactionResult>* results = nullptr);

  // A view call on the committed state, in the context of the head block.
  state::Result<runtime::CallOutcome> view(std::string_view receiver_id,
                                           std::string_view method_name, std::string_view args);

 private:
  Chain(std::unique_ptr<state::StateStore> store, BlockRecord head, uint64_t genesis_time_ns);
  runtime::BlockContext context(uint64_t height, const state::Hash32& prev_root) const;

  std::unique_ptr<state::StateStore> store_;
  BlockRecord head_;
  uint64_t genesis_time_ns_;
  state::ModuleCache module_cache_;  // compiled submodules survive restarts (outside the root)
  runtime::Executor executor_;
  runtime::ReceiptExecutor receipts_;
};

}  // namespace syncwasm::node
