#include "syncwasm/runtime/executor.h"

#include <cstring>

#include "syncwasm/runtime/access_key.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/account_id.h"
#include "syncwasm/runtime/env_imports.h"
#include "syncwasm/runtime/public_key.h"
#include "syncwasm/runtime/submodule_deployer.h"
#include "syncwasm/runtime/submodule_registry.h"
#include "syncwasm/runtime/submodule_runner.h"
#include "syncwasm/runtime/vm_logic.h"
#include "syncwasm/state/code_store.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::runtime {
namespace {

CallOutcome failure(CallErrorKind kind, std::string detail, std::string message, Gas burnt = 0) {
  CallOutcome out;
  out.status = CallStatus::Failure;
  out.gas_burnt = burnt;
  out.error = CallError{kind, std::move(detail), std::move(message)};
  return out;
}

// The outcome of a call stopped by a trap (from the start function or the method).
CallOutcome trapped(VmLogic& logic, wasm::TrapKind trap, const std::string& message) {
  if (logic.error()) {
    const HostError& e = *logic.error();
    return failure(CallErrorKind::HostError, host_error_name(e.kind), e.message, logic.burnt_gas());
  }
  if (trap == wasm::TrapKind::OutOfGas) {
    HostErrorKind kind = logic.wasm_gas_exhausted();
    return failure(CallErrorKind::HostError, host_error_name(kind), {}, logic.burnt_gas());
  }
  if (trap == wasm::TrapKind::CallStackExhausted) {
    // PROTOCOL: nearcore reports finite-wasm stack exhaustion as a host error, not a trap.
    return failure(CallErrorKind::HostError, host_error_name(HostErrorKind::MemoryAccessViolation),
                   "stack exhausted", logic.burnt_gas());
  }
  return failure(CallErrorKind::WasmTrap, near_trap_name(trap), message, logic.burnt_gas());
}

}  // namespace

Executor::Executor(const RuntimeConfig& config) : config_(config), cache_(config), submodule_cache_(config) {}

state::Result<CallOutcome> Executor::create_account(state::StateOverlay& overlay, std::string_view account_id,
                                                    Balance balance) {
  if (auto why = account_id_error(account_id)) return failure(CallErrorKind::InvalidAccountId, {}, *why);
  SW_STATE_TRY_ASSIGN(std::optional<Account> existing, load_account(overlay, account_id));
  if (existing)
    return failure(CallErrorKind::AccountAlreadyExists, {}, "account '" + std::string(account_id) + "' already exists");
  Account account;
  account.amount = balance;
  account.storage_usage = config_.storage.storage_num_bytes_account;
  SW_STATE_TRY(store_account(overlay, account_id, account));
  return CallOutcome{};
}

state::Result<std::variant<Account, CallOutcome>> Executor::existing_account(const state::StateReader& state,
                                                                             std::string_view account_id) {
  using Out = std::variant<Account, CallOutcome>;
  if (auto why = account_id_error(account_id)) return Out(failure(CallErrorKind::InvalidAccountId, {}, *why));
  SW_STATE_TRY_ASSIGN(std::optional<Account> loaded, load_account(state, account_id));
  if (!loaded)
    return Out(failure(CallErrorKind::AccountDoesNotExist, {}, "account '" + std::string(account_id) + "' does not exist"));
  return Out(std::move(*loaded));
}

namespace {

// The writes since cp kept when the action succeeded, undone when it failed.
state::Result<CallOutcome> kept_if_ok(state::StateOverlay& overlay,
                                      state::StateOverlay::Checkpoint cp, CallOutcome outcome) {
  SW_STATE_TRY(outcome.ok() ? overlay.release(cp) : overlay.rollback_to(cp));
  return outcome;
}

}  // namespace

template <typename Action>
state::Result<CallOutcome> Executor::on_existing_account(const state::StateReader& state,
                                                         std::string_view account_id,
                                                         Action&& action) {
  SW_STATE_TRY_ASSIGN(auto existing, existing_account(state, account_id));
  if (auto* out = std::get_if<CallOutcome>(&existing)) return std::move(*out);
  return action(std::get<Account>(std::move(existing)));
}

state::Result<CallOutcome> Executor::store_with_storage_check(state::StateOverlay& overlay,
                                                              std::string_view account_id, const Account& account) {
  Balance required = Balance(account.storage_usage) * config_.storage.storage_amount_per_byte;
  if (account.amount + account.locked < required)
    return failure(CallErrorKind::LackBalanceForState, {},
                   "account '" + std::string(account_id) + "' needs " + balance_to_string(required) +
                       " yoctoNEAR to cover its storage");
  SW_STATE_TRY(store_account(overlay, account_id, account));
  return CallOutcome{};
}

state::Result<CallOutcome> Executor::deploy_contract(state::StateOverlay& overlay, std::string_view account_id,
                                                     std::span<const uint8_t> code) {
  return on_existing_account(
      overlay, account_id, [&](Account account) -> state::Result<CallOutcome> {
        std::string_view bytes(reinterpret_cast<const char*>(code.data()), code.size());
        state::StateOverlay::Checkpoint cp = overlay.checkpoint();
        uint64_t old_code_size = 0;
        if (account.code_hash) {
          SW_STATE_TRY_ASSIGN(std::optional<std::string> old_code,
                              state::CodeStore::get(overlay, *account.code_hash));
          old_code_size = old_code ? old_code->size() : 0;
          SW_STATE_TRY(state::CodeStore::release_reference(overlay, *account.code_hash));
        }
        SW_STATE_TRY_ASSIGN(state::Hash32 hash, state::CodeStore::add_reference(overlay, bytes));
        account.code_hash = hash;
        account.storage_usage = account.storage_usage - old_code_size + code.size();
        SW_STATE_TRY_ASSIGN(CallOutcome stored,
                            store_with_storage_check(overlay, account_id, account));
        SW_STATE_TRY(stored.ok() ? overlay.release(cp) : overlay.rollback_to(cp));
        if (stored.ok()) cache_.prepare(hash, code);  // precompile at deploy, as nearcore does
        return stored;
      });
}

state::Result<CallOutcome> Executor::deploy_submodule(
    state::StateOverlay& overlay, std::string_view account_id, std::string_view key,
    std::span<const uint8_t> code, const SubmodulePolicy& policy, bool sender_is_receiver) {
  // The fee is burnt whether the deployment succeeds or not, as nearcore burns an action's fees.
  const Gas fee = deploy_submodule_fee(config_.submodules, sender_is_receiver,
                                       deploy_submodule_fee_bytes(key, code.size(), policy));
  SW_STATE_TRY_ASSIGN(CallOutcome out,
                      apply_deploy_submodule(overlay, account_id, key, code, policy));
  out.gas_burnt += fee;
  out.gas_used += fee;
  return out;
}

state::Result<CallOutcome> Executor::delete_submodule(state::StateOverlay& overlay,
                                                      std::string_view account_id,
                                                      std::string_view key,
                                                      bool sender_is_receiver) {
  const Gas fee = delete_submodule_fee(config_.submodules, sender_is_receiver, key.size());
  SW_STATE_TRY_ASSIGN(CallOutcome out, apply_delete_submodule(overlay, account_id, key));
  out.gas_burnt += fee;
  out.gas_used += fee;
  return out;
}

state::Result<CallOutcome> Executor::apply_deploy_submodule(state::StateOverlay& overlay,
                                                            std::string_view account_id,
                                                            std::string_view key,
                                                            std::span<const uint8_t> code,
                                                            const SubmodulePolicy& policy) {
  return on_existing_account(
      overlay, account_id, [&](Account account) -> state::Result<CallOutcome> {
        // The main contract's exports, to check "parent" imports against, when it has one that
        // prepares.
        SW_STATE_TRY_ASSIGN(const wasm::Module* main_contract,
                            deployment_parent(cache_, overlay, account));
        state::StateOverlay::Checkpoint cp = overlay.checkpoint();
        SW_STATE_TRY_ASSIGN(
            auto deployed, runtime::deploy_submodule(overlay, submodule_cache_, config_, account_id,
                                                     key, code, policy, main_contract));
        CallOutcome out;
        if (auto* rejected = std::get_if<DeployRejected>(&deployed)) {
          out = failure(CallErrorKind::SubmoduleRejected, {}, rejected->message);
        } else {
          account.storage_usage =
              uint64_t(int64_t(account.storage_usage) + std::get<int64_t>(deployed));
          SW_STATE_TRY_ASSIGN(out, store_with_storage_check(overlay, account_id, account));
        }
        return kept_if_ok(overlay, cp, std::move(out));
      });
}

state::Result<CallOutcome> Executor::apply_delete_submodule(state::StateOverlay& overlay,
                                                            std::string_view account_id,
                                                            std::string_view key) {
  return on_existing_account(
      overlay, account_id, [&](Account account) -> state::Result<CallOutcome> {
        if (std::string why = submodule_key_error(key); !why.empty())
          return failure(CallErrorKind::SubmoduleRejected, {}, why);
        SW_STATE_TRY_ASSIGN(std::optional<int64_t> removed,
                            SubmoduleRegistry::remove(overlay, account_id, key, config_.storage));
        if (!removed)
          return failure(CallErrorKind::SubmoduleDoesNotExist, {},
                         "account '" + std::string(account_id) + "' has no submodule " +
                             state::printable_bytes(key, 64));
        account.storage_usage = uint64_t(int64_t(account.storage_usage) + *removed);
        SW_STATE_TRY(store_account(overlay, account_id, account));
        return CallOutcome{};
      });
}

state::Result<CallOutcome> Executor::add_key(state::StateOverlay& overlay,
                                             std::string_view account_id,
                                             const AddKeyAction& action, uint64_t block_height) {
  return on_existing_account(
      overlay, account_id, [&](Account account) -> state::Result<CallOutcome> {
        if (!is_borsh_public_key(action.public_key))
          return state::make_error(state::ErrorCode::InvalidArgument,
                                   "AddKey: " + state::printable_bytes(action.public_key, 65) +
                                       " is not a Borsh public key");
        SW_STATE_TRY_ASSIGN(std::optional<AccessKey> present,
                            load_access_key(overlay, account_id, action.public_key));
        if (present)
          return failure(CallErrorKind::AddKeyAlreadyExists, {},
                         "account '" + std::string(account_id) + "' already has the access key " +
                             public_key_to_text(action.public_key));
        AccessKey key = access_key_of(action);
        key.nonce = initial_access_key_nonce(block_height);
        state::StateOverlay::Checkpoint cp = overlay.checkpoint();
        SW_STATE_TRY(store_access_key(overlay, account_id, action.public_key, key));
        account.storage_usage += access_key_storage_usage(action.public_key, key, config_.storage);
        SW_STATE_TRY_ASSIGN(CallOutcome stored,
                            store_with_storage_check(overlay, account_id, account));
        return kept_if_ok(overlay, cp, std::move(stored));
      });
}

state::Result<CallOutcome> Executor::delete_key(state::StateOverlay& overlay,
                                                std::string_view account_id,
                                                std::string_view public_key) {
  return on_existing_account(
      overlay, account_id, [&](Account account) -> state::Result<CallOutcome> {
        std::optional<AccessKey> present;
        if (is_borsh_public_key(public_key)) {
          SW_STATE_TRY_ASSIGN(present, load_access_key(overlay, account_id, public_key));
        }
        if (!present)
          return failure(
              CallErrorKind::DeleteKeyDoesNotExist, {},
              "account '" + std::string(account_id) + "' has no access key " +
                  (is_borsh_public_key(public_key) ? public_key_to_text(public_key)
                                                   : state::printable_bytes(public_key, 65)));
        SW_STATE_TRY(remove_access_key(overlay, account_id, public_key));
        const uint64_t released = access_key_storage_usage(public_key, *present, config_.storage);
        account.storage_usage =
            account.storage_usage > released ? account.storage_usage - released : 0;
        SW_STATE_TRY(store_account(overlay, account_id, account));
        return CallOutcome{};
      });
}

state::Result<CallOutcome> Executor::function_call(state::StateOverlay& overlay, const FunctionCallAction& action,
                                                   const BlockContext& block) {
  const LimitConfig& limits = config_.limits;
  if (auto why = account_id_error(action.receiver_id)) return failure(CallErrorKind::InvalidAccountId, {}, *why);
  if (action.args.size() > limits.max_arguments_length)
    return failure(CallErrorKind::ArgumentsTooLong, {}, std::to_string(action.args.size()) + " bytes of arguments");
  if (action.method_name.empty())
    return failure(CallErrorKind::MethodResolveError, "MethodEmptyName", "method name is empty");
  SW_STATE_TRY_ASSIGN(std::optional<Account> loaded, load_account(overlay, action.receiver_id));
  if (!loaded)
    return failure(CallErrorKind::AccountDoesNotExist, {}, "account '" + action.receiver_id + "' does not exist");
  Account account = *loaded;
  if (!account.code_hash)
    return failure(CallErrorKind::CompilationError, "CodeDoesNotExist",
                   "account '" + action.receiver_id + "' has no contract");

  // Load and prepare (a failure here burns nothing: fix_contract_loading_cost is off at PV85).
  SW_STATE_TRY_ASSIGN(const PreparedContract* contract, cache_.load(overlay, *account.code_hash));
  if (!contract)
    return state::make_error(state::ErrorCode::Corruption,
                             "code " + state::to_hex(*account.code_hash) + " of '" +
                                 action.receiver_id + "' is missing");
  if (!contract->module)
    return failure(CallErrorKind::CompilationError, prepare_error_name(contract->error.kind), contract->error.message);
  const wasm::Module& module = *contract->module;

  // PROTOCOL: a missing method or one that is not () -> () burns no gas (MethodResolveError).
  const wasm::Export* method = module.find_export(action.method_name);
  if (!method || method->kind != wasm::ExternKind::Func)
    return failure(CallErrorKind::MethodResolveError, "MethodNotFound", action.method_name);
  const wasm::FuncType& method_type = module.func_type(method->index);
  if (!method_type.params.empty() || !method_type.results.empty())
    return failure(CallErrorKind::MethodResolveError, "MethodInvalidSignature", action.method_name);

  Balance balance_with_deposit;  // VmLogic starts from it
  if (__builtin_add_overflow(account.amount, action.deposit, &balance_with_deposit))
    return failure(CallErrorKind::HostError, host_error_name(HostErrorKind::IntegerOverflow), "balance overflow");

  VmContext context;
  context.current_account_id = action.receiver_id;
  context.signer_account_id = action.signer_id;
  context.predecessor_account_id = action.predecessor_id.empty() ? action.signer_id : action.predecessor_id;
  context.signer_account_pk = action.signer_public_key.empty() ? std::string(33, '\0') : action.signer_public_key;
  context.input = action.args;
  context.block_height = block.height;
  context.block_timestamp = block.timestamp_ns;
  context.epoch_height = block.epoch_height;
  context.account_balance = account.amount;
  context.account_locked_balance = account.locked;
  context.attached_deposit = action.deposit;
  context.storage_usage = account.storage_usage;
  context.prepaid_gas = action.prepaid_gas;
  context.random_seed = block.random_seed;
  context.view = action.view;
  context.promise_results = action.promise_results;
  context.output_data_receivers = action.output_data_receivers;

  state::StateOverlay::Checkpoint cp = overlay.checkpoint();
  wasm::Store store(near_engine_config(config_));
  VmLogic logic(config_, context, overlay, store);
  VmLogic* current_frame = &logic;  // the env host functions act on the frame running now
  EnvLinker env(store, &current_frame);
  SubmoduleRunner submodules(config_, overlay, submodule_cache_, store, env, current_frame, action.receiver_id);
  logic.set_submodule_runner(&submodules);

  auto finish = [&](CallOutcome out) -> state::Result<CallOutcome> {
    if (logic.node_error()) return *logic.node_error();
    out.logs = logic.logs();
    if (out.ok()) {
      SW_STATE_TRY(overlay.release(cp));
    } else {
      SW_STATE_TRY(overlay.rollback_to(cp));
    }
    return out;
  };

  // Contract loading, charged after a successful load (PV85).
  // code_size <= max_contract_size: the product cannot overflow.
  Gas loading = config_.ext.contract_loading_base + config_.ext.contract_loading_bytes * contract->code_size;
  if (auto paid = logic.pay(loading); !paid.ok()) {
    HostError e = paid.take_error();
    return finish(failure(CallErrorKind::HostError, host_error_name(e.kind), "contract loading", logic.burnt_gas()));
  }

  auto linked = env.link(module);
  if (auto* message = std::get_if<std::string>(&linked))
    return finish(failure(CallErrorKind::LinkError, {}, *message, logic.burnt_gas()));
  auto instance = store.instantiate(contract->module, std::get<std::vector<wasm::Extern>>(linked));
  if (!instance.ok()) {
    const wasm::Error& e = instance.error();
    if (e.trap != wasm::TrapKind::None) return finish(trapped(logic, e.trap, e.message));
    return finish(failure(CallErrorKind::LinkError, {}, e.message, logic.burnt_gas()));
  }
  submodules.set_main_instance(*instance);
  wasm::FuncInstance* func = (*instance)->funcs[method->index];
  wasm::ExecResult run = store.invoke(func, {}, {});
  if (!run.ok()) return finish(trapped(logic, run.trap, run.message));

  logic.distribute_unused_gas();
  CallOutcome out;
  out.gas_burnt = logic.burnt_gas();
  out.gas_used = logic.used_gas_total();
  out.return_data = logic.return_data();
  out.returned_receipt = logic.returned_receipt();
  out.receipts = logic.receipts();
  if (!action.view) {
    account.amount = logic.current_account_balance();  // + deposit - attached to receipts
    account.storage_usage = logic.storage_usage();
    Balance required = Balance(account.storage_usage) * config_.storage.storage_amount_per_byte;
    if (account.amount + account.locked < required) {
      CallOutcome lack = failure(CallErrorKind::LackBalanceForState, {},
                                 "account '" + action.receiver_id + "' needs " + balance_to_string(required) +
                                     " yoctoNEAR to cover its storage",
                                 out.gas_burnt);
      return finish(std::move(lack));
    }
    if (auto st = store_account(overlay, action.receiver_id, account); !st.ok()) return st.take_error();
  }
  return finish(std::move(out));
}

state::Result<CallOutcome> Executor::view(const state::StateReader& state, std::string_view receiver_id,
                                          std::string_view method_name, std::string_view args,
                                          const BlockContext& block) {
  state::StateOverlay scratch(state);  // dropped on return: a view never writes
  FunctionCallAction action;
  action.receiver_id = receiver_id;
  action.method_name = method_name;
  action.args = args;
  action.signer_id = receiver_id;  // unreadable in views (ProhibitedInView)
  action.prepaid_gas = config_.limits.max_gas_burnt_view;
  action.view = true;
  return function_call(scratch, action, block);
}

}  // namespace syncwasm::runtime
