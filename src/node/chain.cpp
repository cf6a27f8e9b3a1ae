#include "syncwasm/node/chain.h"

#include <algorithm>
#include <type_traits>

#include "syncwasm/hex.h"
#include "syncwasm/node/block_log.h"
#include "syncwasm/runtime/account.h"

namespace syncwasm::node {
namespace {

// False for every type: a static_assert in the last `else` of an `if constexpr` chain over a
// variant's alternatives that only fails when instantiated for one the chain does not list.
template <typename>
inline constexpr bool kAlwaysFalse = false;

std::string error_kind_text(const runtime::CallError& error) {
  std::string kind = runtime::call_error_kind_name(error.kind);
  if (!error.detail.empty()) kind += "/" + error.detail;
  return kind;
}

std::string describe_action(const runtime::ReceiptAction& action) {
  return std::visit(
      [](const auto& a) -> std::string {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, runtime::CreateAccountAction>) {
          return "CreateAccount";
        } else if constexpr (std::is_same_v<A, runtime::DeployContractAction>) {
          return "DeployContract " + std::to_string(a.code.size()) + " bytes, sha256 " +
                 state::to_hex(state::sha256(a.code));
        } else if constexpr (std::is_same_v<A, runtime::FunctionCallReceiptAction>) {
          return "FunctionCall " + a.method_name + " (" + std::to_string(a.args.size()) + " bytes of args, deposit " +
                 runtime::balance_to_string(a.deposit) + ", gas " + std::to_string(a.gas) + ")";
        } else if constexpr (std::is_same_v<A, runtime::TransferAction>) {
          return "Transfer " + runtime::balance_to_string(a.deposit);
        } else if constexpr (std::is_same_v<A, runtime::StakeAction>) {
          return "Stake " + runtime::balance_to_string(a.stake);
        } else if constexpr (std::is_same_v<A, runtime::AddKeyAction>) {
          return "AddKey";
        } else if constexpr (std::is_same_v<A, runtime::DeleteKeyAction>) {
          return "DeleteKey";
        } else if constexpr (std::is_same_v<A, runtime::DeploySubmoduleAction>) {
          return "DeploySubmodule " + hex_encode(a.key) + " (" + std::to_string(a.code.size()) + " bytes, sha256 " +
                 state::to_hex(state::sha256(a.code)) + ")";
        } else if constexpr (std::is_same_v<A, runtime::DeleteSubmoduleAction>) {
          return "DeleteSubmodule " + hex_encode(a.key);
        } else if constexpr (std::is_same_v<A, runtime::DeleteAccountAction>) {
          return "DeleteAccount (beneficiary " + a.beneficiary_id + ")";
        } else {
          static_assert(kAlwaysFalse<A>,
                        "describe_action: an action of ReceiptAction not described");
        }
      },
      action);
}

TransactionSummary summarize(const BlockOp& op, const runtime::TransactionResult& result) {
  TransactionSummary summary;
  if (const auto* create = std::get_if<CreateAccountOp>(&op)) {
    summary.kind = "create_account";
    summary.receiver_id = create->account_id;
    summary.actions = {"CreateAccount (balance " + runtime::balance_to_string(create->balance) + ")"};
  } else {
    const auto& tx = std::get<runtime::Transaction>(op);
    summary.kind = "transaction";
    summary.signer_id = tx.signer_id;
    summary.receiver_id = tx.receiver_id;
    for (const runtime::ReceiptAction& action : tx.actions) summary.actions.push_back(describe_action(action));
  }
  summary.success = result.status == runtime::CallStatus::Success;
  if (result.error) {
    summary.error_kind = error_kind_text(*result.error);
    summary.error_message = result.error->message;
  }
  for (const runtime::ReceiptOutcome& receipt : result.receipts) summary.gas_burnt += receipt.outcome.gas_burnt;
  summary.receipts = result.receipts.size();
  if (result.value) {
    summary.result_size = result.value->size();
    if (result.value->size() <= kMaxRecordedResult) summary.result = *result.value;
  }
  return summary;
}

runtime::TransactionResult as_transaction_result(const runtime::CallOutcome& outcome, uint64_t height,
                                                 const std::string& account_id) {
  runtime::TransactionResult result;
  result.receipts.push_back(runtime::ReceiptOutcome{0, height, "", account_id, outcome});
  result.status = outcome.status;
  result.error = outcome.error;
  result.blocks = 1;
  return result;
}

state::StoreOptions store_options(const ChainOptions& options, bool create) {
  state::StoreOptions store;
  store.create_if_missing = create;
  store.sync_commits = options.sync_commits;
  // A command-line node touches little state per run: a small cache opens and closes faster.
  store.block_cache_bytes = size_t{32} << 20;
  return store;
}

}  // namespace

Chain::Chain(std::unique_ptr<state::StateStore> store, BlockRecord head, uint64_t genesis_time_ns)
    : store_(std::move(store)),
      head_(std::move(head)),
      genesis_time_ns_(genesis_time_ns),
      module_cache_(*store_),
      executor_(runtime::near_mainnet_config()),
      receipts_(executor_) {
  executor_.submodule_cache().attach_disk(&module_cache_);
}

state::Result<std::unique_ptr<Chain>> Chain::init(const std::string& directory, const ChainOptions& options) {
  SW_STATE_TRY_ASSIGN(std::unique_ptr<state::StateStore> store,
                      state::StateStore::open(directory, store_options(options, true)));
  SW_STATE_TRY_ASSIGN(std::optional<BlockRecord> head, BlockLog(*store).head());
  if (head || store->commit_count() != 0) {
    return state::make_error(state::ErrorCode::InvalidArgument,
                             "'" + directory + "' already holds a chain (head block " +
                                 std::to_string(head ? head->height : 0) + ")");
  }
  BlockRecord genesis;
  genesis.timestamp_ns = options.genesis_time_ns;
  genesis.prev_root = store->root();
  SW_STATE_TRY_ASSIGN(genesis.root, store->commit({}, nullptr, [&](const state::Hash32& root) {
    genesis.root = root;
    return BlockLog::append(genesis);
  }));
  return std::unique_ptr<Chain>(new Chain(std::move(store), genesis, options.genesis_time_ns));
}

state::Result<std::unique_ptr<Chain>> Chain::open(const std::string& directory, const ChainOptions& options) {
  SW_STATE_TRY_ASSIGN(std::unique_ptr<state::StateStore> store,
                      state::StateStore::open(directory, store_options(options, false)));
  BlockLog log(*store);
  SW_STATE_TRY_ASSIGN(std::optional<BlockRecord> head, log.head());
  if (!head) {
    return state::make_error(state::ErrorCode::NotOurs,
                             "'" + directory + "' holds a state database but no chain (not made by 'syncwasm init')");
  }
  if (head->root != store->root()) {
    return state::make_error(state::ErrorCode::Corruption, "the head block " + std::to_string(head->height) +
                                                               " records root " + state::to_hex(head->root) +
                                                               " but the state root is " +
                                                               state::to_hex(store->root()));
  }
  SW_STATE_TRY_ASSIGN(std::optional<BlockRecord> genesis, log.covering(0));
  if (!genesis) return state::make_error(state::ErrorCode::Corruption, "the chain has no genesis block");
  const uint64_t genesis_time = genesis->timestamp_ns;
  return std::unique_ptr<Chain>(new Chain(std::move(store), std::move(*head), genesis_time));
}

state::Result<std::optional<BlockRecord>> Chain::block(uint64_t height) const {
  if (height > head_.last_height) return std::optional<BlockRecord>{};
  return BlockLog(*store_).covering(height);
}

runtime::BlockContext Chain::context(uint64_t height, const state::Hash32& prev_root) const {
  runtime::BlockContext block;
  block.height = height;
  block.timestamp_ns = genesis_time_ns_ + height * kSecondNs;
  std::string seed_input(state::as_bytes(prev_root));
  for (int shift = 56; shift >= 0; shift -= 8) seed_input.push_back(static_cast<char>((height >> shift) & 0xff));
  block.random_seed = state::sha256(seed_input);
  return block;
}

state::Result<PendingBlock> Chain::execute(const std::vector<BlockOp>& ops) {
  PendingBlock block;
  block.record_.height = head_.last_height + 1;
  block.record_.last_height = block.record_.height;
  block.record_.prev_root = store_->root();
  const runtime::BlockContext first = context(block.record_.height, block.record_.prev_root);
  block.record_.timestamp_ns = first.timestamp_ns;
  block.overlay_ = std::make_unique<state::StateOverlay>(static_cast<const state::StateReader&>(*store_));
  for (const BlockOp& op : ops) {
    runtime::TransactionResult result;
    if (const auto* create = std::get_if<CreateAccountOp>(&op)) {
      SW_STATE_TRY_ASSIGN(runtime::CallOutcome outcome,
                          executor_.create_account(*block.overlay_, create->account_id, create->balance));
      result = as_transaction_result(outcome, first.height, create->account_id);
    } else {
      SW_STATE_TRY_ASSIGN(result, receipts_.apply(*block.overlay_, std::get<runtime::Transaction>(op), first,
                                                  kMaxReceiptRounds));
    }
    const uint64_t rounds = std::max<uint64_t>(result.blocks, 1);
    block.record_.last_height = std::max(block.record_.last_height, first.height + rounds - 1);
    block.record_.transactions.push_back(summarize(op, result));
    block.results_.push_back(std::move(result));
  }
  return block;
}

state::Result<BlockRecord> Chain::commit(PendingBlock block) {
  if (block.record_.height != head_.last_height + 1 || block.record_.prev_root != store_->root() ||
      !block.overlay_) {
    return state::make_error(state::ErrorCode::InvalidArgument,
                             "block " + std::to_string(block.record_.height) +
                                 " was executed on another head than the current one (" +
                                 std::to_string(head_.height) + ")");
  }
  SW_STATE_TRY_ASSIGN(state::ChangeSet changes, block.overlay_->take_changes());
  BlockRecord record = std::move(block.record_);
  SW_STATE_TRY_ASSIGN(record.root, store_->commit(changes, nullptr, [&](const state::Hash32& root) {
    record.root = root;
    return BlockLog::append(record);
  }));
  head_ = record;
  return record;
}

state::Result<BlockRecord> Chain::apply(const std::vector<BlockOp>& ops,
                                        std::vector<runtime::TransactionResult>* results) {
  SW_STATE_TRY_ASSIGN(PendingBlock block, execute(ops));
  if (results != nullptr) *results = block.results();
  return commit(std::move(block));
}

state::Result<runtime::CallOutcome> Chain::view(std::string_view receiver_id, std::string_view method_name,
                                                std::string_view args) {
  runtime::BlockContext block = context(head_.last_height, head_.prev_root);
  return executor_.view(*store_, receiver_id, method_name, args, block);
}

}  // namespace syncwasm::node
