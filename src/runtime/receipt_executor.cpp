#include "syncwasm/runtime/receipt_executor.h"

#include <map>
#include <type_traits>
#include <variant>

#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/account_id.h"
#include "syncwasm/runtime/submodule_deployer.h"
#include "syncwasm/runtime/submodule_registry.h"
#include "syncwasm/state/code_store.h"
#include "syncwasm/state/key_space.h"

namespace syncwasm::runtime {
namespace {

// The account that sends refunds (nearcore's "system").
constexpr const char* kSystemAccount = "system";

struct DataReceiver {
  uint64_t data_id;
  std::string receiver_id;
};

struct PendingReceipt {
  uint64_t id = 0;
  uint64_t created_round = 0;
  std::string predecessor_id;
  std::string receiver_id;
  std::string signer_id;
  std::string signer_public_key;
  std::vector<ReceiptAction> actions;
  std::vector<uint64_t> input_data;         // data ids, in promise_result order
  std::vector<DataReceiver> output_data;    // who waits for this receipt's result
};

// A finished receipt's result: a value, a failure, or forwarded to another receipt.
struct ReceiptResult {
  bool failed = false;
  std::string value;
  std::optional<uint64_t> forwarded_to;
  std::optional<CallError> error;
};

Balance attached_deposits(const std::vector<ReceiptAction>& actions) {
  Balance total = 0;
  for (const ReceiptAction& a : actions) {
    if (auto* t = std::get_if<TransferAction>(&a)) total += t->deposit;
    if (auto* f = std::get_if<FunctionCallReceiptAction>(&a)) total += f->deposit;
  }
  return total;
}

CallOutcome action_failure(CallErrorKind kind, std::string message) {
  CallOutcome out;
  out.status = CallStatus::Failure;
  out.error = CallError{kind, {}, std::move(message)};
  return out;
}

template <typename>
inline constexpr bool kAlwaysFalse = false;

// nearcore check_actor_permissions: the actions only the account itself may run (the actor must be
// the receiver), as the words of their ActorNoPermission message ("'actor' may not ... 'account'");
// nullptr for the actions anyone may run. Every action is listed: a new one does not compile
// until it is placed on one side.
const char* actor_only_action(const ReceiptAction& action) {
  return std::visit(
      [](const auto& a) -> const char* {
        using A = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<A, CreateAccountAction> || std::is_same_v<A, TransferAction> ||
                      std::is_same_v<A, FunctionCallReceiptAction>) {
          return nullptr;
        } else if constexpr (std::is_same_v<A, DeployContractAction>) {
          return "deploy a contract to";
        } else if constexpr (std::is_same_v<A, StakeAction>) {
          return "stake for";
        } else if constexpr (std::is_same_v<A, AddKeyAction> ||
                             std::is_same_v<A, DeleteKeyAction>) {
          return "change the access keys of";
        } else if constexpr (std::is_same_v<A, DeleteAccountAction>) {
          return "delete";
        } else if constexpr (std::is_same_v<A, DeploySubmoduleAction> ||
                             std::is_same_v<A, DeleteSubmoduleAction>) {
          return "change the submodules of";
        } else {
          static_assert(kAlwaysFalse<A>,
                        "actor_only_action: an action of ReceiptAction not placed");
        }
      },
      action);
}

// The fee an action burns even when it is refused, as nearcore burns an action's fees before it
// checks the receiver's existence and the actor. The executor charges fees for the submodule
// actions only (none yet for DeployContract, Stake, keys or DeleteAccount), so a refused action
// burns what it would have.
Gas refused_action_fee(const ReceiptAction& action, const SubmoduleConfig& config,
                       bool sender_is_receiver) {
  if (auto* sub = std::get_if<DeploySubmoduleAction>(&action))
    return deploy_submodule_fee(
        config, sender_is_receiver,
        deploy_submodule_fee_bytes(sub->key, sub->code.size(), sub->policy));
  if (auto* sub = std::get_if<DeleteSubmoduleAction>(&action))
    return delete_submodule_fee(config, sender_is_receiver, sub->key.size());
  return 0;
}

// nearcore apply_action_receipt: the receipts a successful call created are validated as a
// transaction's actions are; an invalid one fails the call (NewReceiptValidationError, detail: the
// ActionsValidationError), which keeps its logs and the gas it burnt (gas_used = gas_burnt, as
// for any failed call) and sends none of its receipts.
void refuse_invalid_new_receipts(CallOutcome& call) {
  for (const OutgoingReceipt& receipt : call.receipts) {
    std::optional<CallError> invalid = validate_actions(receipt.actions);
    if (!invalid) continue;
    call.status = CallStatus::Failure;
    call.error =
        CallError{CallErrorKind::NewReceiptValidationError, call_error_kind_name(invalid->kind),
                  "a receipt to '" + receipt.receiver_id +
                      "' created by the call is not valid: " + invalid->message};
    call.gas_used = call.gas_burnt;
    call.return_data.reset();
    call.receipts.clear();
    call.returned_receipt.reset();
    return;
  }
}

}  // namespace

namespace {

// An id as an error message shows it: of any length, up to twice the longest valid one.
std::string shown_id(const std::string& id) {
  constexpr size_t kShown = 2 * kMaxAccountIdLength;
  return id.size() <= kShown ? id : id.substr(0, kShown) + "...";
}

}  // namespace

std::optional<CallError> validate_actions(const std::vector<ReceiptAction>& actions) {
  for (size_t i = 0; i < actions.size(); ++i) {
    auto position = [&] {
      return "action " + std::to_string(i + 1) + " of " + std::to_string(actions.size());
    };
    if (const auto* key = std::get_if<AddKeyAction>(&actions[i]); key && !key->full_access) {
      if (auto why = account_id_error(key->receiver_id))
        return CallError{CallErrorKind::InvalidAccountId,
                         {},
                         "the receiver '" + shown_id(key->receiver_id) +
                             "' of AddKey's function-call permission (" + position() +
                             ") is invalid: " + *why};
    }
    const auto* del = std::get_if<DeleteAccountAction>(&actions[i]);
    if (del == nullptr) continue;
    if (i + 1 < actions.size())
      return CallError{CallErrorKind::DeleteActionMustBeFinal,
                       {},
                       "DeleteAccount must be the last action: it is " + position()};
    if (auto why = account_id_error(del->beneficiary_id))
      return CallError{CallErrorKind::InvalidAccountId,
                       {},
                       "the beneficiary '" + shown_id(del->beneficiary_id) +
                           "' of DeleteAccount (" + position() + ") is invalid: " + *why};
  }
  return std::nullopt;
}

state::Result<TransactionResult> ReceiptExecutor::apply(state::StateOverlay& overlay, const Transaction& tx,
                                                        BlockContext first_block, uint64_t max_blocks) {
  TransactionResult result;
  auto fail_tx = [&](CallErrorKind kind, std::string message) {
    result.status = CallStatus::Failure;
    result.error = CallError{kind, {}, std::move(message)};
    return result;
  };
  if (auto why = account_id_error(tx.signer_id)) return fail_tx(CallErrorKind::InvalidAccountId, *why);
  if (auto why = account_id_error(tx.receiver_id)) return fail_tx(CallErrorKind::InvalidAccountId, *why);
  // The actions are validated before the signer is looked at (nearcore validate_transaction, then
  // verify_and_charge): a refused transaction applies nothing.
  if (std::optional<CallError> invalid = validate_actions(tx.actions))
    return fail_tx(invalid->kind, std::move(invalid->message));
  SW_STATE_TRY_ASSIGN(std::optional<Account> signer, load_account(overlay, tx.signer_id));
  if (!signer) return fail_tx(CallErrorKind::AccountDoesNotExist, "signer '" + tx.signer_id + "' does not exist");
  Balance deposits = attached_deposits(tx.actions);
  if (deposits > signer->amount)
    return fail_tx(CallErrorKind::NotEnoughBalance, "signer '" + tx.signer_id + "' cannot pay " +
                                                        balance_to_string(deposits) + " yoctoNEAR of deposits");
  signer->amount -= deposits;
  SW_STATE_TRY(store_account(overlay, tx.signer_id, *signer));

  uint64_t next_receipt_id = 0, next_data_id = 0;
  std::map<uint64_t, PendingReceipt> pending;            // by id: deterministic order
  std::map<uint64_t, std::optional<PromiseResult>> data;  // data id -> result once it arrived
  std::map<uint64_t, ReceiptResult> finished;

  PendingReceipt first;
  first.id = next_receipt_id++;
  first.predecessor_id = tx.signer_id;
  first.receiver_id = tx.receiver_id;
  first.signer_id = tx.signer_id;
  first.signer_public_key = tx.signer_public_key;
  first.actions = tx.actions;
  pending.emplace(first.id, std::move(first));

  uint64_t round = 0;
  for (; round < max_blocks && !pending.empty(); ++round) {
    BlockContext block = first_block;
    block.height = first_block.height + round;
    block.timestamp_ns = first_block.timestamp_ns + round * 1'000'000'000ull;
    std::vector<uint64_t> ready;
    for (const auto& [id, r] : pending) {
      if (r.created_round > round) continue;
      bool inputs_ready = true;
      for (uint64_t d : r.input_data) inputs_ready = inputs_ready && data[d].has_value();
      if (inputs_ready) ready.push_back(id);
    }
    for (uint64_t id : ready) {
      PendingReceipt r = std::move(pending.at(id));
      pending.erase(id);
      ReceiptOutcome record{r.id, block.height, r.predecessor_id, r.receiver_id, {}};
      std::vector<PromiseResult> inputs;
      for (uint64_t d : r.input_data) inputs.push_back(*data[d]);
      std::vector<std::string> waiting;
      for (const DataReceiver& o : r.output_data) waiting.push_back(o.receiver_id);

      state::StateOverlay::Checkpoint cp = overlay.checkpoint();
      std::vector<PendingReceipt> spawned;  // queued only if the receipt succeeds
      CallOutcome outcome;
      const CallOutcome* last_call = nullptr;
      CallOutcome call_outcome;
      // The fees the receipt's other actions burnt (today the submodule actions': the executor
      // charges no fee for the others), added to the outcome recorded for the receipt.
      Gas action_fees = 0;
      bool outcome_is_call = false;
      std::string actor = r.predecessor_id;
      const bool sender_is_receiver = r.predecessor_id == r.receiver_id;
      // Whether the receiver exists before the next action (nearcore's `account: Option<Account>`):
      // CreateAccount makes it exist, DeleteAccount makes it not.
      SW_STATE_TRY_ASSIGN(std::optional<Account> receiver_at_start,
                          load_account(overlay, r.receiver_id));
      bool receiver_exists = receiver_at_start.has_value();
      for (const ReceiptAction& action : r.actions) {
        // nearcore apply_action: check_account_existence, then check_actor_permissions. Every
        // action but CreateAccount needs the receiver (no implicit accounts here: a Transfer to a
        // missing account fails too); CreateAccount of an existing one fails in create_account.
        if (!receiver_exists && !std::holds_alternative<CreateAccountAction>(action)) {
          outcome = action_failure(CallErrorKind::AccountDoesNotExist,
                                   "account '" + r.receiver_id + "' does not exist");
          outcome.gas_burnt = outcome.gas_used =
              refused_action_fee(action, executor_.config().submodules, sender_is_receiver);
        } else if (const char* what = actor_only_action(action); what && actor != r.receiver_id) {
          // Only the account itself, or its creator earlier in this receipt (the factory
          // pattern), runs these; the receipt rolls back as for any failing action.
          outcome = action_failure(CallErrorKind::ActorNoPermission,
                                   "'" + actor + "' may not " + what + " '" + r.receiver_id + "'");
          outcome.gas_burnt = outcome.gas_used =
              refused_action_fee(action, executor_.config().submodules, sender_is_receiver);
        } else if (std::holds_alternative<CreateAccountAction>(action)) {
          SW_STATE_TRY_ASSIGN(outcome, executor_.create_account(overlay, r.receiver_id, 0));
          receiver_exists = receiver_exists || outcome.ok();
          actor = r.receiver_id;  // the rest of the receipt acts as the new account
        } else if (auto* deploy = std::get_if<DeployContractAction>(&action)) {
          SW_STATE_TRY_ASSIGN(outcome, executor_.deploy_contract(
                                           overlay, r.receiver_id,
                                           std::span(reinterpret_cast<const uint8_t*>(deploy->code.data()), deploy->code.size())));
        } else if (auto* sub = std::get_if<DeploySubmoduleAction>(&action)) {
          SW_STATE_TRY_ASSIGN(
              outcome,
              executor_.deploy_submodule(
                  overlay, r.receiver_id, sub->key,
                  std::span(reinterpret_cast<const uint8_t*>(sub->code.data()), sub->code.size()),
                  sub->policy, sender_is_receiver));
        } else if (auto* sub_delete = std::get_if<DeleteSubmoduleAction>(&action)) {
          SW_STATE_TRY_ASSIGN(outcome,
                              executor_.delete_submodule(overlay, r.receiver_id, sub_delete->key,
                                                         sender_is_receiver));
        } else if (auto* transfer = std::get_if<TransferAction>(&action)) {
          SW_STATE_TRY_ASSIGN(std::optional<Account> account, load_account(overlay, r.receiver_id));
          if (!account) {
            outcome = action_failure(CallErrorKind::AccountDoesNotExist, "account '" + r.receiver_id + "' does not exist");
          } else {
            account->amount += transfer->deposit;  // total supply is far below 2^128
            SW_STATE_TRY(store_account(overlay, r.receiver_id, *account));
            outcome = CallOutcome{};
          }
        } else if (auto* stake = std::get_if<StakeAction>(&action)) {
          // The stake is locked at once; a lower stake would unlock at an epoch change, which
          // syncwasm does not have yet, so it keeps the current lock.
          SW_STATE_TRY_ASSIGN(std::optional<Account> account, load_account(overlay, r.receiver_id));
          if (!account) {
            outcome = action_failure(CallErrorKind::AccountDoesNotExist, "account '" + r.receiver_id + "' does not exist");
          } else if (stake->stake > account->locked && stake->stake - account->locked > account->amount) {
            outcome = action_failure(CallErrorKind::TriesToStake, "account '" + r.receiver_id + "' tries to stake " +
                                                                      balance_to_string(stake->stake) + " yoctoNEAR");
          } else {
            if (stake->stake > account->locked) {
              account->amount -= stake->stake - account->locked;
              account->locked = stake->stake;
            }
            SW_STATE_TRY(store_account(overlay, r.receiver_id, *account));
            outcome = CallOutcome{};
          }
        } else if (auto* add = std::get_if<AddKeyAction>(&action)) {
          SW_STATE_TRY_ASSIGN(outcome,
                              executor_.add_key(overlay, r.receiver_id, *add, block.height));
        } else if (auto* delete_key = std::get_if<DeleteKeyAction>(&action)) {
          SW_STATE_TRY_ASSIGN(outcome,
                              executor_.delete_key(overlay, r.receiver_id, delete_key->public_key));
        } else if (auto* del = std::get_if<DeleteAccountAction>(&action)) {
          SW_STATE_TRY_ASSIGN(std::optional<Account> account, load_account(overlay, r.receiver_id));
          if (!account) {
            outcome = action_failure(CallErrorKind::AccountDoesNotExist, "account '" + r.receiver_id + "' does not exist");
          } else if (account->locked > 0) {
            outcome = action_failure(CallErrorKind::DeleteAccountStaking, "account '" + r.receiver_id + "' is staking");
          } else {
            // Its storage, its code reference and its record go; the balance goes to the beneficiary.
            std::vector<std::string> keys;
            SW_STATE_TRY(overlay.scan_prefix(state::contract_data_prefix(r.receiver_id), [&](std::string_view k, std::string_view) {
              keys.emplace_back(k);
              return true;
            }));
            for (const std::string& k : keys) SW_STATE_TRY(overlay.remove(k));
            // Its access keys.
            keys.clear();
            SW_STATE_TRY(overlay.scan_prefix(state::access_key_prefix(r.receiver_id),
                                             [&](std::string_view k, std::string_view) {
                                               keys.emplace_back(k);
                                               return true;
                                             }));
            for (const std::string& k : keys) SW_STATE_TRY(overlay.remove(k));
            // Its submodules release their code as a DeleteSubmodule each would.
            std::vector<std::string> submodules;
            SW_STATE_TRY(SubmoduleRegistry::list(overlay, r.receiver_id, "", [&](std::string_view key, const SubmoduleEntry&) {
              submodules.emplace_back(key);
              return true;
            }));
            for (const std::string& key : submodules)
              SW_STATE_TRY(SubmoduleRegistry::remove(overlay, r.receiver_id, key, executor_.config().storage));
            if (account->code_hash) SW_STATE_TRY(state::CodeStore::release_reference(overlay, *account->code_hash));
            SW_STATE_TRY(overlay.remove(state::account_key(r.receiver_id)));
            if (account->amount > 0) {
              PendingReceipt payout;
              payout.id = next_receipt_id++;
              payout.created_round = round + 1;
              payout.predecessor_id = kSystemAccount;
              payout.receiver_id = del->beneficiary_id;
              payout.signer_id = r.signer_id;
              payout.actions = {TransferAction{account->amount}};
              spawned.push_back(std::move(payout));
            }
            // As nearcore's action_delete_account: the account is gone and the actor is the
            // predecessor again, so an action after this one would fail (AccountDoesNotExist).
            // None can come: a DeleteAccount is the last action of a transaction
            // (actions_validation_error) and of a receipt a call created
            // (refuse_invalid_new_receipts).
            receiver_exists = false;
            actor = r.predecessor_id;
            outcome = CallOutcome{};
          }
        } else if (auto* call = std::get_if<FunctionCallReceiptAction>(&action)) {
          FunctionCallAction a;
          a.receiver_id = r.receiver_id;
          a.method_name = call->method_name;
          a.args = call->args;
          a.signer_id = r.signer_id;
          a.predecessor_id = r.predecessor_id;
          a.signer_public_key = r.signer_public_key;
          a.deposit = call->deposit;
          a.prepaid_gas = call->gas;
          a.promise_results = inputs;
          a.output_data_receivers = waiting;
          SW_STATE_TRY_ASSIGN(call_outcome, executor_.function_call(overlay, a, block));
          if (call_outcome.ok()) refuse_invalid_new_receipts(call_outcome);
          outcome = call_outcome;
          last_call = &call_outcome;
        }
        outcome_is_call = std::holds_alternative<FunctionCallReceiptAction>(action);
        if (!outcome_is_call) action_fees += outcome.gas_burnt;
        if (!outcome.ok()) break;
      }

      ReceiptResult rr;
      if (!outcome.ok()) {
        SW_STATE_TRY(overlay.rollback_to(cp));
        rr.failed = true;
        rr.error = outcome.error;
        Balance refund = attached_deposits(r.actions);
        if (refund > 0 && r.predecessor_id != kSystemAccount) {
          PendingReceipt back;
          back.id = next_receipt_id++;
          back.created_round = round + 1;
          back.predecessor_id = kSystemAccount;
          back.receiver_id = r.predecessor_id;
          back.signer_id = r.signer_id;
          back.actions = {TransferAction{refund}};
          pending.emplace(back.id, std::move(back));
        }
      } else {
        SW_STATE_TRY(overlay.release(cp));
        for (PendingReceipt& s : spawned) pending.emplace(s.id, std::move(s));
        if (last_call) {
          // The call's receipts, with global ids; dependencies become data receipts.
          std::vector<uint64_t> global(last_call->receipts.size());
          for (size_t i = 0; i < last_call->receipts.size(); ++i) global[i] = next_receipt_id++;
          for (size_t i = 0; i < last_call->receipts.size(); ++i) {
            const OutgoingReceipt& o = last_call->receipts[i];
            PendingReceipt p;
            p.id = global[i];
            p.created_round = round + 1;
            p.predecessor_id = r.receiver_id;
            p.receiver_id = o.receiver_id;
            p.signer_id = r.signer_id;
            p.signer_public_key = r.signer_public_key;
            p.actions = o.actions;
            for (uint64_t dep : o.input_receipts) {
              uint64_t data_id = next_data_id++;
              data[data_id] = std::nullopt;
              p.input_data.push_back(data_id);
              pending.at(global[dep]).output_data.push_back({data_id, o.receiver_id});
            }
            pending.emplace(p.id, std::move(p));
          }
          if (last_call->returned_receipt) {
            uint64_t target = global[*last_call->returned_receipt];
            rr.forwarded_to = target;
            // Whoever waited for this receipt now waits for the returned one.
            auto& outputs = pending.at(target).output_data;
            outputs.insert(outputs.end(), r.output_data.begin(), r.output_data.end());
          } else {
            rr.value = last_call->return_data.value_or("");
          }
        }
      }
      if (!rr.forwarded_to) {
        for (const DataReceiver& o : r.output_data) {
          PromiseResult pr;
          pr.status = rr.failed ? PromiseResult::Status::Failed : PromiseResult::Status::Successful;
          if (!rr.failed) pr.data = rr.value;
          data[o.data_id] = pr;
        }
      }
      record.outcome = last_call && outcome.ok() ? call_outcome : outcome;
      if (!(outcome_is_call || (last_call && outcome.ok())))
        record.outcome.gas_burnt = record.outcome.gas_used = 0;
      record.outcome.gas_burnt += action_fees;
      record.outcome.gas_used += action_fees;
      result.receipts.push_back(std::move(record));
      finished.emplace(r.id, std::move(rr));
    }
  }
  result.blocks = round;

  // The transaction's result: follow promise_return forwards from the first receipt.
  uint64_t at = 0;
  for (;;) {
    auto it = finished.find(at);
    if (it == finished.end())
      return fail_tx(CallErrorKind::ReceiptsPending, "receipt " + std::to_string(at) + " did not run within " +
                                                         std::to_string(max_blocks) + " blocks");
    if (it->second.forwarded_to) {
      at = *it->second.forwarded_to;
      continue;
    }
    if (it->second.failed) {
      result.status = CallStatus::Failure;
      result.error = it->second.error;
    } else {
      result.value = it->second.value;
    }
    return result;
  }
}

}  // namespace syncwasm::runtime
