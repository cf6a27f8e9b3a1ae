// Executor: applies actions to accounts on a StateOverlay: CreateAccount, DeployContract and
// FunctionCall on an account's deployed contract (a fresh instance per call).
//
// Errors: a CallError in the outcome is the contract's or the caller's fault (deterministic, the
// overlay is left as before the action); a state::Error return is the node's (I/O, corruption),
// and the caller must discard the overlay.
// Gas: an outcome's gas_burnt is what the VM burnt (nearcore VMOutcome::burnt_gas: contract
// loading, Wasm instructions, host functions, send fees of the receipts it created); the fees of
// the call's own receipt and action are not included.
// Receipts: promises become OutgoingReceipts in the outcome; nothing executes them yet.
// Thread safety: none; one executor per thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/call_error.h"
#include "syncwasm/runtime/contract_cache.h"
#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/receipt.h"
#include "syncwasm/runtime/submodule_cache.h"
#include "syncwasm/runtime/submodule_policy.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/status.h"

namespace syncwasm::runtime {

struct BlockContext {
  uint64_t height = 1;
  uint64_t timestamp_ns = 0;
  uint64_t epoch_height = 1;
  std::array<uint8_t, 32> random_seed{};
};

inline constexpr Gas kTeraGas = 1'000'000'000'000;

struct FunctionCallAction {
  std::string receiver_id;
  std::string method_name;
  std::string args;
  std::string signer_id;
  std::string predecessor_id;      // empty: the signer
  std::string signer_public_key;   // Borsh PublicKey; empty: 33 zero bytes (ed25519, all zero)
  Balance deposit = 0;
  Gas prepaid_gas = 300 * kTeraGas;
  bool view = false;  // run read-only: state-changing host functions fail with ProhibitedInView
  std::vector<PromiseResult> promise_results;       // a callback's input
  std::vector<std::string> output_data_receivers;   // accounts waiting for the result
};

enum class CallStatus : uint8_t { Success, Failure };

struct CallOutcome {
  CallStatus status = CallStatus::Success;
  std::optional<std::string> return_data;  // set by value_return
  std::vector<std::string> logs;           // kept on failure, as nearcore does
  Gas gas_burnt = 0;
  Gas gas_used = 0;  // burnt + gas reserved for the receipts (success only)
  // Success only: the receipts the call created (promises), not yet executed, and the receipt
  // whose result is this call's result (promise_return).
  std::vector<OutgoingReceipt> receipts;
  std::optional<uint64_t> returned_receipt;
  std::optional<CallError> error;  // set exactly when status == Failure
  bool ok() const { return status == CallStatus::Success; }
};

class Executor {
 public:
  explicit Executor(const RuntimeConfig& config);

  // CreateAccount with an initial balance. Errors in the outcome: InvalidAccountId,
  // AccountAlreadyExists.
  state::Result<CallOutcome> create_account(state::StateOverlay& overlay, std::string_view account_id,
                                            Balance balance);
  // DeployContract: stores the code by hash and points the account at it. The code is prepared
  // (and the result cached) but invalid code still deploys, as in nearcore: calls then fail with
  // CompilationError. Errors in the outcome: AccountDoesNotExist, LackBalanceForState.
  state::Result<CallOutcome> deploy_contract(state::StateOverlay& overlay, std::string_view account_id,
                                             std::span<const uint8_t> code);
  // FunctionCall: runs the method; a failed call leaves the overlay as it was.
  state::Result<CallOutcome> function_call(state::StateOverlay& overlay, const FunctionCallAction& action,
                                           const BlockContext& block);

  // A view call (nearcore's RPC call_function): the method runs on a private overlay over `state`
  // with max_gas_burnt_view gas, no deposit and no signer; nothing is written anywhere.
  // State-changing host functions (and signer/predecessor getters) fail with ProhibitedInView.
  state::Result<CallOutcome> view(const state::StateReader& state, std::string_view receiver_id,
                                  std::string_view method_name, std::string_view args, const BlockContext& block);

  // DeploySubmodule (DESIGN.md §5): compiles the code, checks its imports against the policy (and
  // the account's main contract, when deployed), stores the entry and the code, charges storage.
  // Errors in the outcome: InvalidAccountId, AccountDoesNotExist, SubmoduleRejected (the message
  // names the key, import or limit), LackBalanceForState.
  // Gas: the outcome burns the action's fee, succeeded or not (deploy_submodule_fee: send for
  // sender_is_receiver + execution; the action's own, unlike function_call's outcome).
  state::Result<CallOutcome> deploy_submodule(state::StateOverlay& overlay,
                                              std::string_view account_id, std::string_view key,
                                              std::span<const uint8_t> code,
                                              const SubmodulePolicy& policy,
                                              bool sender_is_receiver = true);
  // DeleteSubmodule. Errors in the outcome: InvalidAccountId, AccountDoesNotExist,
  // SubmoduleDoesNotExist. Gas: the action's fee, as for deploy_submodule (delete_submodule_fee).
  state::Result<CallOutcome> delete_submodule(state::StateOverlay& overlay,
                                              std::string_view account_id, std::string_view key,
                                              bool sender_is_receiver = true);

  // AddKey (nearcore action_add_key): stores the key with the nonce
  // initial_access_key_nonce(block_height) (the action's nonce is ignored, as nearcore does since
  // AccessKeyNonceRange) and charges access_key_storage_usage. Errors in the outcome:
  // InvalidAccountId, AccountDoesNotExist, AddKeyAlreadyExists, LackBalanceForState (the overlay
  // is then as before). REQUIRES: action.public_key is a Borsh public key (InvalidArgument
  // otherwise: the action was built without the host function's or the CLI's check).
  state::Result<CallOutcome> add_key(state::StateOverlay& overlay, std::string_view account_id,
                                     const AddKeyAction& action, uint64_t block_height);
  // DeleteKey (nearcore action_delete_key): removes the key and releases its storage usage. Errors
  // in the outcome: InvalidAccountId, AccountDoesNotExist, DeleteKeyDoesNotExist.
  state::Result<CallOutcome> delete_key(state::StateOverlay& overlay, std::string_view account_id,
                                        std::string_view public_key);

  const RuntimeConfig& config() const { return config_; }
  // Compiled submodules (in memory; serialized in a store's module cache once attached).
  SubmoduleCache& submodule_cache() { return submodule_cache_; }

 private:
  // The account, or the outcome of its absence (InvalidAccountId, AccountDoesNotExist).
  state::Result<std::variant<Account, CallOutcome>> existing_account(const state::StateReader& state,
                                                                     std::string_view account_id);
  // Runs action(account) on account_id's record, or returns the outcome that ends an action on an
  // account that is not there (an invalid id, no such account).
  template <typename Action>
  state::Result<CallOutcome> on_existing_account(const state::StateReader& state,
                                                 std::string_view account_id, Action&& action);
  // deploy_submodule / delete_submodule without their fees.
  state::Result<CallOutcome> apply_deploy_submodule(state::StateOverlay& overlay,
                                                    std::string_view account_id,
                                                    std::string_view key,
                                                    std::span<const uint8_t> code,
                                                    const SubmodulePolicy& policy);
  state::Result<CallOutcome> apply_delete_submodule(state::StateOverlay& overlay,
                                                    std::string_view account_id,
                                                    std::string_view key);
  // Stores the account after its storage usage changed, unless its balance cannot cover it.
  state::Result<CallOutcome> store_with_storage_check(state::StateOverlay& overlay, std::string_view account_id,
                                                      const Account& account);

  const RuntimeConfig& config_;
  ContractCache cache_;
  SubmoduleCache submodule_cache_;
};

}  // namespace syncwasm::runtime
