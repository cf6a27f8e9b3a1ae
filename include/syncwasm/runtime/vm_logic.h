// VmLogic: the state of one contract call seen by NEAR's `env` host functions: registers, logs,
// the return value, storage usage, and gas (the engine Store's counter is the one gas counter:
// Wasm instructions and host functions draw from it).
//
// Every host function follows nearcore's logic.rs: it pays first ("pay, then do"), every read of
// guest memory, a register or storage goes through a metered accessor, and every guest-supplied
// number is checked. Each is documented with its Errors and Cost in the src/runtime/host/ file of
// its group. A failing host function returns a HostError; the adapter (env_imports.cpp) records
// it here and stops the call with TrapKind::HostError.
//
// Ownership: borrows the config, context, overlay and store, which must outlive it. One thread.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "syncwasm/runtime/call_error.h"
#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/host_result.h"
#include "syncwasm/runtime/receipt.h"
#include "syncwasm/runtime/submodule_policy.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/status.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::runtime {

// What a call sees of its receipt, block and account (nearcore VMContext).
struct VmContext {
  std::string current_account_id;
  std::string signer_account_id;
  std::string signer_account_pk;  // Borsh PublicKey: curve byte + key
  std::string predecessor_account_id;
  std::string input;
  uint64_t block_height = 0;
  uint64_t block_timestamp = 0;  // ns since the Unix epoch
  uint64_t epoch_height = 0;
  Balance account_balance = 0;  // before the attached deposit
  Balance account_locked_balance = 0;
  Balance attached_deposit = 0;
  uint64_t storage_usage = 0;
  Gas prepaid_gas = 0;
  std::array<uint8_t, 32> random_seed{};
  bool view = false;
  // Callbacks: the results of the receipts this one waited for.
  std::vector<PromiseResult> promise_results;
  // Accounts waiting for this call's result (value_return pays their data receipts per byte).
  std::vector<std::string> output_data_receivers;
};

class SubmoduleRunner;

// What a frame may do (DESIGN.md §5). The main contract's frame is unrestricted; a submodule's
// frame, and the main-contract code it calls back, is narrowed by the submodule's policy.
struct FrameRestrictions {
  bool in_submodule = false;     // promises and submodule deployment unavailable
  std::string storage_prefix;    // prepended to every storage key
  StorageAccess storage_access = StorageAccess::ReadWrite;
  bool read_only = false;        // submodule_call flag bit 0, inherited by every callee
  bool nested_calls = true;      // may call submodules
  const SubmodulePolicy* policy = nullptr;  // the submodule's (parent_call's allow-list)
  uint32_t depth = 0;            // parent/submodule transitions below this frame
};

class VmLogic {
 public:
  // The main contract's frame.
  // REQUIRES: account_balance + attached_deposit does not overflow (the executor checks it).
  VmLogic(const RuntimeConfig& config, const VmContext& context, state::StateOverlay& overlay,
          wasm::Store& store);
  // A frame called from `caller` (a submodule, or main-contract code run through parent_call):
  // its own registers and context (input, prepaid gas = its limit, which the store's gas counter
  // is set to); storage usage, balance and log limits continue the caller's.
  VmLogic(const VmLogic& caller, const VmContext& context, FrameRestrictions frame);
  VmLogic(const VmLogic&) = delete;
  VmLogic& operator=(const VmLogic&) = delete;

  // ---- gas (nearcore GasCounter) ----
  // burnt: spent by this call; used: burnt + gas reserved for outgoing receipts (promises).
  // burnt <= max_gas_burnt and used <= prepaid_gas; the store's gas_left is what may still burn.
  Gas burnt_gas() const { return burnt_at_reset_ + (budget_ - store_.gas_left()); }
  Gas used_gas_total() const { return burnt_gas() + promises_gas_; }
  // Charges gas; GasExceeded / GasLimitExceeded when a limit is crossed (burnt is then clamped to
  // min(prepaid, max_gas_burnt), as nearcore's process_gas_limit does).
  HostResult<void> pay(Gas amount);
  HostResult<void> pay_per(Gas per_unit, uint64_t units);
  // Burns `burn` and reserves `use - burn` for receipts (nearcore pay_action_accumulated).
  HostResult<void> pay_action(Gas burn, Gas use);
  // After an OutOfGas trap in Wasm code: burns as nearcore's process_gas_limit does with the
  // block cost that did not fit (Store::last_gas_failure) and returns the error kind.
  HostErrorKind wasm_gas_exhausted();

  // ---- adapter interface (env_imports.cpp) ----
  void enter(const wasm::HostCall& call) { memory_ = call.caller ? call.caller->memory0 : nullptr; }
  wasm::TrapKind fail(HostError error);
  // The error that stopped the call, if a host function stopped it.
  const std::optional<HostError>& error() const { return error_; }
  // A node error (state I/O, corruption) hit by a host function: the call's outcome is void.
  const std::optional<state::Error>& node_error() const { return node_error_; }

  // ---- frames (submodules) ----
  void set_submodule_runner(SubmoduleRunner* runner) { submodules_ = runner; }
  const FrameRestrictions& frame() const { return frame_; }
  const VmContext& context() const { return context_; }
  // After a callee frame succeeded: its storage usage and logs become this frame's.
  void absorb(VmLogic& callee);
  // Storage usage changed by submodule deployment.
  void add_storage_usage(int64_t delta) { storage_usage_ = uint64_t(int64_t(storage_usage_) + delta); }
  // A node error met in a callee frame ends this frame too.
  HostError propagate_node_error(state::Error error) { return node_failure(std::move(error)); }
  // ProhibitedInSubmodule in a submodule frame (promise functions call it first).
  HostResult<void> prohibited_in_submodule(const char* method) const;

  // ---- results ----
  const std::optional<std::string>& return_data() const { return return_data_; }
  // promise_return's receipt: the call's result is that receipt's result.
  const std::optional<uint64_t>& returned_receipt() const { return returned_receipt_; }
  const std::vector<OutgoingReceipt>& receipts() const { return receipts_; }
  Balance current_account_balance() const { return current_account_balance_; }
  // At the end of a successful call: gives the unused gas to function calls by weight
  // (nearcore GasCounter distribution); used gas then equals prepaid gas when any weight is set.
  void distribute_unused_gas();
  const std::vector<std::string>& logs() const { return logs_; }
  uint64_t storage_usage() const { return storage_usage_; }

  // ---- env host functions (argument and result types as nearcore's) ----
  // registers (host/registers.cpp)
  HostResult<void> read_register(uint64_t register_id, uint64_t ptr);
  HostResult<uint64_t> register_len(uint64_t register_id);
  HostResult<void> write_register(uint64_t register_id, uint64_t data_len, uint64_t data_ptr);
  // context (host/context.cpp)
  HostResult<void> current_account_id(uint64_t register_id);
  HostResult<void> signer_account_id(uint64_t register_id);
  HostResult<void> signer_account_pk(uint64_t register_id);
  HostResult<void> predecessor_account_id(uint64_t register_id);
  HostResult<void> input(uint64_t register_id);
  HostResult<uint64_t> block_index();
  HostResult<uint64_t> block_timestamp();
  HostResult<uint64_t> epoch_height();
  HostResult<uint64_t> storage_usage_fn();
  HostResult<void> random_seed(uint64_t register_id);
  // economics (host/economics.cpp)
  HostResult<void> account_balance(uint64_t balance_ptr);
  HostResult<void> account_locked_balance(uint64_t balance_ptr);
  HostResult<void> attached_deposit(uint64_t balance_ptr);
  HostResult<uint64_t> prepaid_gas();
  HostResult<uint64_t> used_gas();
  HostResult<void> gas(uint32_t opcodes);
  // math (host/crypto.cpp)
  HostResult<void> sha256(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
  HostResult<void> keccak256(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
  HostResult<void> keccak512(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
  HostResult<void> ripemd160(uint64_t value_len, uint64_t value_ptr, uint64_t register_id);
  HostResult<uint64_t> ecrecover(uint64_t hash_len, uint64_t hash_ptr, uint64_t sig_len, uint64_t sig_ptr,
                                 uint64_t v, uint64_t malleability_flag, uint64_t register_id);
  HostResult<uint64_t> ed25519_verify(uint64_t sig_len, uint64_t sig_ptr, uint64_t msg_len, uint64_t msg_ptr,
                                      uint64_t pub_key_len, uint64_t pub_key_ptr);
  // return, panic, logs (host/misc.cpp)
  HostResult<void> value_return(uint64_t value_len, uint64_t value_ptr);
  HostResult<void> panic();
  HostResult<void> panic_utf8(uint64_t len, uint64_t ptr);
  HostResult<void> log_utf8(uint64_t len, uint64_t ptr);
  HostResult<void> log_utf16(uint64_t len, uint64_t ptr);
  HostResult<void> abort(uint32_t msg_ptr, uint32_t filename_ptr, uint32_t line, uint32_t col);
  // storage (host/storage.cpp)
  HostResult<uint64_t> storage_write(uint64_t key_len, uint64_t key_ptr, uint64_t value_len, uint64_t value_ptr,
                                     uint64_t register_id);
  HostResult<uint64_t> storage_read(uint64_t key_len, uint64_t key_ptr, uint64_t register_id);
  HostResult<uint64_t> storage_remove(uint64_t key_len, uint64_t key_ptr, uint64_t register_id);
  HostResult<uint64_t> storage_has_key(uint64_t key_len, uint64_t key_ptr);
  HostResult<uint64_t> storage_iter_prefix(uint64_t prefix_len, uint64_t prefix_ptr);
  HostResult<uint64_t> storage_iter_range(uint64_t start_len, uint64_t start_ptr, uint64_t end_len, uint64_t end_ptr);
  HostResult<uint64_t> storage_iter_next(uint64_t iterator_id, uint64_t key_register_id, uint64_t value_register_id);
  // promises (host/promises.cpp)
  HostResult<uint64_t> promise_create(uint64_t account_id_len, uint64_t account_id_ptr, uint64_t method_name_len,
                                      uint64_t method_name_ptr, uint64_t arguments_len, uint64_t arguments_ptr,
                                      uint64_t amount_ptr, uint64_t gas);
  HostResult<uint64_t> promise_then(uint64_t promise_idx, uint64_t account_id_len, uint64_t account_id_ptr,
                                    uint64_t method_name_len, uint64_t method_name_ptr, uint64_t arguments_len,
                                    uint64_t arguments_ptr, uint64_t amount_ptr, uint64_t gas);
  HostResult<uint64_t> promise_and(uint64_t promise_idx_ptr, uint64_t promise_idx_count);
  HostResult<uint64_t> promise_batch_create(uint64_t account_id_len, uint64_t account_id_ptr);
  HostResult<uint64_t> promise_batch_then(uint64_t promise_idx, uint64_t account_id_len, uint64_t account_id_ptr);
  HostResult<void> promise_batch_action_create_account(uint64_t promise_idx);
  HostResult<void> promise_batch_action_deploy_contract(uint64_t promise_idx, uint64_t code_len, uint64_t code_ptr);
  HostResult<void> promise_batch_action_function_call(uint64_t promise_idx, uint64_t method_name_len,
                                                      uint64_t method_name_ptr, uint64_t arguments_len,
                                                      uint64_t arguments_ptr, uint64_t amount_ptr, uint64_t gas);
  HostResult<void> promise_batch_action_function_call_weight(uint64_t promise_idx, uint64_t method_name_len,
                                                             uint64_t method_name_ptr, uint64_t arguments_len,
                                                             uint64_t arguments_ptr, uint64_t amount_ptr,
                                                             uint64_t gas, uint64_t gas_weight);
  HostResult<void> promise_batch_action_transfer(uint64_t promise_idx, uint64_t amount_ptr);
  HostResult<void> promise_batch_action_stake(uint64_t promise_idx, uint64_t amount_ptr, uint64_t public_key_len,
                                              uint64_t public_key_ptr);
  HostResult<void> promise_batch_action_add_key_with_full_access(uint64_t promise_idx, uint64_t public_key_len,
                                                                 uint64_t public_key_ptr, uint64_t nonce);
  HostResult<void> promise_batch_action_add_key_with_function_call(uint64_t promise_idx, uint64_t public_key_len,
                                                                   uint64_t public_key_ptr, uint64_t nonce,
                                                                   uint64_t allowance_ptr, uint64_t receiver_id_len,
                                                                   uint64_t receiver_id_ptr, uint64_t method_names_len,
                                                                   uint64_t method_names_ptr);
  HostResult<void> promise_batch_action_delete_key(uint64_t promise_idx, uint64_t public_key_len,
                                                   uint64_t public_key_ptr);
  HostResult<void> promise_batch_action_delete_account(uint64_t promise_idx, uint64_t beneficiary_id_len,
                                                       uint64_t beneficiary_id_ptr);
  HostResult<void> promise_return(uint64_t promise_idx);
  HostResult<uint64_t> promise_results_count();
  HostResult<uint64_t> promise_result(uint64_t result_idx, uint64_t register_id);
  // validator (host/validator.cpp)
  HostResult<void> validator_stake(uint64_t account_id_len, uint64_t account_id_ptr, uint64_t stake_ptr);
  HostResult<void> validator_total_stake(uint64_t stake_ptr);
  // submodules (host/submodules.cpp)
  HostResult<uint64_t> submodule_deploy(uint64_t key_len, uint64_t key_ptr, uint64_t code_len, uint64_t code_ptr,
                                        uint64_t policy_len, uint64_t policy_ptr, uint64_t register_id);
  HostResult<uint64_t> submodule_remove(uint64_t key_len, uint64_t key_ptr);
  HostResult<uint64_t> submodule_exists(uint64_t key_len, uint64_t key_ptr);
  HostResult<uint64_t> submodule_call(uint64_t key_len, uint64_t key_ptr, uint64_t method_len, uint64_t method_ptr,
                                      uint64_t args_len, uint64_t args_ptr, uint64_t gas_limit, uint64_t flags,
                                      uint64_t register_id);
  HostResult<uint64_t> parent_call(uint64_t method_len, uint64_t method_ptr, uint64_t args_len, uint64_t args_ptr,
                                   uint64_t register_id);

  // ---- metered accessors, shared by the host function groups ----
  // Guest memory [ptr, ptr+len): pays read_memory_base + read_memory_byte * len, then checks bounds.
  HostResult<std::string> read_memory(uint64_t ptr, uint64_t len);
  // Pays write_memory_base + write_memory_byte * size, then checks bounds and copies.
  HostResult<void> write_memory(uint64_t ptr, std::span<const uint8_t> data);
  HostResult<void> write_u128(uint64_t ptr, Balance value);
  // A register's content: pays read_register_base + read_register_byte * len. InvalidRegisterId.
  HostResult<std::string> read_register_content(uint64_t register_id);
  // len == u64::MAX: the register number ptr; otherwise guest memory.
  HostResult<std::string> read_memory_or_register(uint64_t ptr, uint64_t len);
  // Pays write_register_base (+ write_register_byte * size when charge_bytes), checks the limits.
  HostResult<void> set_register(uint64_t register_id, std::string data, bool charge_bytes = true);
  // UTF-8 / UTF-16 strings for logs and panics (len == u64::MAX: NUL-terminated).
  HostResult<std::string> read_utf8_string(uint64_t len, uint64_t ptr);
  HostResult<std::string> read_utf16_string(uint64_t len, uint64_t ptr);
  HostResult<void> check_can_add_log() const;
  HostResult<void> push_log(std::string message);
  HostResult<void> prohibited_in_view(const char* method) const;
  // The state key of a contract storage key in this frame (the submodule's prefix applied), after
  // checking the frame may read (write = false) or write it.
  HostResult<std::string> storage_key(const std::string& key, bool write, const char* method) const;
  HostResult<std::string> read_submodule_key(uint64_t key_len, uint64_t key_ptr);

 private:
  HostResult<void> memory_bounds(uint64_t ptr, uint64_t len) const;
  HostResult<std::string> read_account_id(uint64_t ptr, uint64_t len);
  HostResult<Balance> read_u128(uint64_t ptr);
  HostError node_failure(state::Error error);
  // Re-derives the store's gas budget after burnt or reserved gas changed outside the store.
  void reset_gas_budget(Gas burnt);
  HostResult<void> gas_limit_crossed(Gas new_burnt, Gas new_used);
  // Promise helpers (host/promises.cpp).
  HostResult<uint64_t> push_promise(std::vector<uint64_t> receipts, bool joint);
  HostResult<uint64_t> new_receipt(std::string receiver, std::vector<uint64_t> input_receipts);
  // The receipt behind a non-joint promise, and whether it goes to this account (sir).
  HostResult<std::pair<uint64_t, bool>> promise_receipt(uint64_t promise_idx);
  HostResult<void> pay_action_fee(const Fee& fee, bool sir, uint64_t count = 1);
  HostResult<void> function_call_action(uint64_t promise_idx, uint64_t method_name_len, uint64_t method_name_ptr,
                                        uint64_t arguments_len, uint64_t arguments_ptr, uint64_t amount_ptr,
                                        uint64_t gas, uint64_t gas_weight);
  HostResult<void> deduct_balance(Balance amount);

  struct Promise {
    std::vector<uint64_t> receipts;  // one receipt, or the receipts a joint promise waits on
    bool joint = false;
  };

  const RuntimeConfig& config_;
  const VmContext& context_;
  state::StateOverlay& overlay_;
  wasm::Store& store_;
  wasm::MemoryInstance* memory_ = nullptr;
  Gas budget_ = 0;          // the store's gas_left at the last reset
  Gas burnt_at_reset_ = 0;  // burnt gas at the last reset
  Gas promises_gas_ = 0;    // reserved for outgoing receipts (used - burnt)

  std::map<uint64_t, std::string> registers_;
  uint64_t registers_memory_ = 0;  // Σ (len + 8), nearcore's register usage
  std::vector<std::string> logs_;
  uint64_t total_log_length_ = 0;
  std::optional<std::string> return_data_;
  std::optional<uint64_t> returned_receipt_;
  std::vector<Promise> promises_;
  std::vector<OutgoingReceipt> receipts_;
  uint64_t storage_usage_ = 0;
  Balance current_account_balance_ = 0;
  std::optional<HostError> error_;
  std::optional<state::Error> node_error_;
  FrameRestrictions frame_;
  SubmoduleRunner* submodules_ = nullptr;
  uint64_t caller_logs_ = 0;  // logs of the frames below this one (max_number_logs is per execution)
};

}  // namespace syncwasm::runtime
