// ReceiptExecutor: runs a transaction's actions as its first receipt, then the receipts its
// promises create, one round ("block") at a time, until none is pending:
//  - a receipt runs in the round after it was created, once every input it waits for has arrived
//    (a callback sees its inputs' results through promise_result);
//  - its actions apply atomically: a failing action rolls back the whole receipt, and the
//    deposits it carried go back to its predecessor in a refund receipt;
//  - every action but CreateAccount needs the receiver to exist (AccountDoesNotExist, checked
//    before the actor, as nearcore's check_account_existence);
//  - DeployContract, Stake, AddKey, DeleteKey, DeleteAccount, DeploySubmodule and
//    DeleteSubmodule change only the predecessor's own account, or one it created earlier in the
//    same receipt (nearcore's check_actor_permissions; ActorNoPermission otherwise);
//  - a call that returns a promise (promise_return) hands its result to that receipt: the
//    transaction's result is the end of that chain.
// Gas is not converted to tokens (no gas price yet): outcomes report gas, balances move only by
// deposits. Thread safety: none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "syncwasm/runtime/executor.h"
#include "syncwasm/runtime/receipt.h"

namespace syncwasm::runtime {

struct ReceiptOutcome {
  uint64_t receipt_id = 0;
  uint64_t block_height = 0;  // the round it ran in
  std::string predecessor_id;
  std::string receiver_id;
  CallOutcome outcome;  // of its function call (the last one), or of the failing action
};

struct TransactionResult {
  std::vector<ReceiptOutcome> receipts;  // in execution order
  // The transaction's final result: success with the value of the last receipt in the
  // promise_return chain, or that receipt's failure.
  CallStatus status = CallStatus::Success;
  std::optional<std::string> value;
  std::optional<CallError> error;
  uint64_t blocks = 0;  // rounds used
};

struct Transaction {
  std::string signer_id;
  std::string receiver_id;
  std::string signer_public_key;  // Borsh PublicKey, may be empty
  std::vector<ReceiptAction> actions;
};

// nearcore validate_actions (ActionsValidationError), the part modelled here, action by action:
// a DeleteAccount must be the last action (DeleteActionMustBeFinal), so nothing runs on a deleted
// account, and its beneficiary must be a valid account id (InvalidAccountId, as nearcore's
// validate_delete_action), so a balance is never sent to an account that cannot exist; a
// function-call access key's receiver must be a valid account id (InvalidAccountId). nullopt
// when the actions are valid. A transaction's actions and the receipts a call creates
// (NewReceiptValidationError, detail: this error's kind) are checked with it.
std::optional<CallError> validate_actions(const std::vector<ReceiptAction>& actions);

class ReceiptExecutor {
 public:
  explicit ReceiptExecutor(Executor& executor) : executor_(executor) {}

  // Applies the transaction and every receipt it spawns. Rounds start at first_block.height and
  // go up by one; at most max_blocks rounds (receipts still pending then are reported as a failure
  // of the transaction, not run). The actions are validated first (validate_actions; nothing
  // applied). The signer pays the deposits of the transaction's actions (AccountDoesNotExist or
  // NotEnoughBalance, nothing applied).
  state::Result<TransactionResult> apply(state::StateOverlay& overlay, const Transaction& tx, BlockContext first_block,
                                         uint64_t max_blocks = 100);

 private:
  Executor& executor_;
};

}  // namespace syncwasm::runtime
