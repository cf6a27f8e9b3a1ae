// env promise functions (nearcore logic.rs "Promises API"): they create OutgoingReceipts, burn
// the send fees and reserve the execution fees and attached gas (pay_action). Every one is
// prohibited in views (after paying base).
#include <algorithm>

#include "syncwasm/runtime/vm_logic.h"

namespace syncwasm::runtime {

HostResult<uint64_t> VmLogic::push_promise(std::vector<uint64_t> receipts, bool joint) {
  promises_.push_back(Promise{std::move(receipts), joint});
  // PROTOCOL: nearcore pushes first, then checks the count.
  if (promises_.size() > config_.limits.max_promises_per_function_call_action)
    return host_error(HostErrorKind::NumberPromisesExceeded, std::to_string(promises_.size()));
  return uint64_t(promises_.size() - 1);
}

HostResult<uint64_t> VmLogic::new_receipt(std::string receiver, std::vector<uint64_t> input_receipts) {
  // Fees of a new action receipt and of a data receipt per dependency (pay_gas_for_new_receipt).
  const ActionFees& f = config_.fees;
  bool sir = receiver == context_.current_account_id;
  Gas burn = f.action_receipt_creation.send_fee(sir);
  Gas use = f.action_receipt_creation.execution;
  for (uint64_t dep : input_receipts) {
    bool dep_sir = receipts_[dep].receiver_id == receiver;
    burn += f.data_receipt_creation_base.send_fee(dep_sir) + f.data_receipt_creation_base.execution;
  }
  use += burn;  // input dependencies are bounded (128): no overflow
  HOST_TRY(pay_action(burn, use));
  receipts_.push_back(OutgoingReceipt{std::move(receiver), std::move(input_receipts), {}});
  return uint64_t(receipts_.size() - 1);
}

HostResult<std::pair<uint64_t, bool>> VmLogic::promise_receipt(uint64_t promise_idx) {
  if (promise_idx >= promises_.size())
    return host_error(HostErrorKind::InvalidPromiseIndex, std::to_string(promise_idx));
  const Promise& p = promises_[promise_idx];
  if (p.joint) return host_error(HostErrorKind::CannotAppendActionToJointPromise);
  uint64_t receipt = p.receipts[0];
  return std::pair<uint64_t, bool>{receipt, receipts_[receipt].receiver_id == context_.current_account_id};
}

HostResult<void> VmLogic::pay_action_fee(const Fee& fee, bool sir, uint64_t count) {
  Gas burn, exec, use;
  if (__builtin_mul_overflow(fee.send_fee(sir), count, &burn) || __builtin_mul_overflow(fee.execution, count, &exec) ||
      __builtin_add_overflow(burn, exec, &use))
    return host_error(HostErrorKind::IntegerOverflow);
  return pay_action(burn, use);
}

HostResult<void> VmLogic::deduct_balance(Balance amount) {
  if (amount > current_account_balance_) return host_error(HostErrorKind::BalanceExceeded);
  current_account_balance_ -= amount;
  return {};
}

HostResult<Balance> VmLogic::read_u128(uint64_t ptr) {
  HOST_TRY_ASSIGN(std::string bytes, read_memory(ptr, 16));
  Balance v = 0;
  for (int i = 15; i >= 0; --i) v = (v << 8) | uint8_t(bytes[size_t(i)]);
  return v;
}

// promise_batch_create(account_id_len, account_id_ptr) -> promise index of a new receipt to the
// account, without actions.
// Errors: ProhibitedInView, MemoryAccessViolation, BadUTF8, InvalidAccountId, NumberPromisesExceeded.
// Cost: base + account id read and decoding + action_receipt_creation (send burnt, exec reserved)
HostResult<uint64_t> VmLogic::promise_batch_create(uint64_t account_id_len, uint64_t account_id_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_create"));
  HOST_TRY_ASSIGN(std::string account, read_account_id(account_id_ptr, account_id_len));
  HOST_TRY_ASSIGN(uint64_t receipt, new_receipt(std::move(account), {}));
  return push_promise({receipt}, false);
}

// promise_batch_then(promise_idx, account_id_len, account_id_ptr) -> a new receipt that waits for
// the promise's receipt(s).
// Errors: as promise_batch_create, InvalidPromiseIndex.
// Cost: base + account id + action_receipt_creation + per dependency
//       data_receipt_creation_base (send and exec, both burnt)
HostResult<uint64_t> VmLogic::promise_batch_then(uint64_t promise_idx, uint64_t account_id_len,
                                                 uint64_t account_id_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_then"));
  HOST_TRY_ASSIGN(std::string account, read_account_id(account_id_ptr, account_id_len));
  if (promise_idx >= promises_.size())
    return host_error(HostErrorKind::InvalidPromiseIndex, std::to_string(promise_idx));
  std::vector<uint64_t> deps = promises_[promise_idx].receipts;
  HOST_TRY_ASSIGN(uint64_t receipt, new_receipt(std::move(account), std::move(deps)));
  return push_promise({receipt}, false);
}

// promise_and(promise_idx_ptr, promise_idx_count) -> a joint promise over the given ones
// (u64 LE indices in memory, never a register).
// Errors: ProhibitedInView, IntegerOverflow, MemoryAccessViolation, InvalidPromiseIndex,
//         NumberInputDataDependenciesExceeded, NumberPromisesExceeded.
// Cost: base + promise_and_base + promise_and_per_promise * 8 * count + read_memory of 8 * count
HostResult<uint64_t> VmLogic::promise_and(uint64_t promise_idx_ptr, uint64_t promise_idx_count) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_and"));
  HOST_TRY(pay(config_.ext.promise_and_base));
  uint64_t memory_len;
  if (__builtin_mul_overflow(promise_idx_count, uint64_t(8), &memory_len))
    return host_error(HostErrorKind::IntegerOverflow);
  // PROTOCOL: nearcore charges promise_and_per_promise per byte of the index array.
  HOST_TRY(pay_per(config_.ext.promise_and_per_promise, memory_len));
  HOST_TRY_ASSIGN(std::string bytes, read_memory(promise_idx_ptr, memory_len));
  std::vector<uint64_t> deps;
  for (uint64_t i = 0; i < promise_idx_count; ++i) {
    uint64_t idx = 0;
    for (int b = 7; b >= 0; --b) idx = (idx << 8) | uint8_t(bytes[size_t(i * 8 + uint64_t(b))]);
    if (idx >= promises_.size()) return host_error(HostErrorKind::InvalidPromiseIndex, std::to_string(idx));
    const std::vector<uint64_t>& r = promises_[idx].receipts;
    deps.insert(deps.end(), r.begin(), r.end());
    if (deps.size() > config_.limits.max_number_input_data_dependencies)
      return host_error(HostErrorKind::NumberInputDataDependenciesExceeded, std::to_string(deps.size()));
  }
  return push_promise(std::move(deps), true);
}

// promise_create(account, method, args, amount_ptr, gas) = promise_batch_create +
// promise_batch_action_function_call (base is charged twice).
HostResult<uint64_t> VmLogic::promise_create(uint64_t account_id_len, uint64_t account_id_ptr, uint64_t method_name_len,
                                             uint64_t method_name_ptr, uint64_t arguments_len, uint64_t arguments_ptr,
                                             uint64_t amount_ptr, uint64_t gas) {
  HOST_TRY_ASSIGN(uint64_t idx, promise_batch_create(account_id_len, account_id_ptr));
  HOST_TRY(promise_batch_action_function_call(idx, method_name_len, method_name_ptr, arguments_len, arguments_ptr,
                                              amount_ptr, gas));
  return idx;
}

// promise_then(promise_idx, account, method, args, amount_ptr, gas) = promise_batch_then +
// promise_batch_action_function_call.
HostResult<uint64_t> VmLogic::promise_then(uint64_t promise_idx, uint64_t account_id_len, uint64_t account_id_ptr,
                                           uint64_t method_name_len, uint64_t method_name_ptr, uint64_t arguments_len,
                                           uint64_t arguments_ptr, uint64_t amount_ptr, uint64_t gas) {
  HOST_TRY_ASSIGN(uint64_t idx, promise_batch_then(promise_idx, account_id_len, account_id_ptr));
  HOST_TRY(promise_batch_action_function_call(idx, method_name_len, method_name_ptr, arguments_len, arguments_ptr,
                                              amount_ptr, gas));
  return idx;
}

// promise_batch_action_create_account(promise_idx).
// Errors: ProhibitedInView, InvalidPromiseIndex, CannotAppendActionToJointPromise.
// Cost: base + action_create_account (send burnt, exec reserved)
HostResult<void> VmLogic::promise_batch_action_create_account(uint64_t promise_idx) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_create_account"));
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_create_account, receipt.second));
  receipts_[receipt.first].actions.push_back(CreateAccountAction{});
  return {};
}

// promise_batch_action_deploy_contract(promise_idx, code_len, code_ptr).
// Errors: ProhibitedInView, MemoryAccessViolation, ContractSizeExceeded, InvalidPromiseIndex,
//         CannotAppendActionToJointPromise.
// Cost: base + code read + action_deploy_contract + action_deploy_contract_per_byte * code_len
HostResult<void> VmLogic::promise_batch_action_deploy_contract(uint64_t promise_idx, uint64_t code_len,
                                                               uint64_t code_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_deploy_contract"));
  HOST_TRY_ASSIGN(std::string code, read_memory_or_register(code_ptr, code_len));
  if (code.size() > config_.limits.max_contract_size)
    return host_error(HostErrorKind::ContractSizeExceeded, std::to_string(code.size()) + " bytes");
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_deploy_contract, receipt.second));
  HOST_TRY(pay_action_fee(config_.fees.action_deploy_contract_per_byte, receipt.second, code.size()));
  receipts_[receipt.first].actions.push_back(DeployContractAction{std::move(code)});
  return {};
}

HostResult<void> VmLogic::function_call_action(uint64_t promise_idx, uint64_t method_name_len, uint64_t method_name_ptr,
                                               uint64_t arguments_len, uint64_t arguments_ptr, uint64_t amount_ptr,
                                               uint64_t gas, uint64_t gas_weight) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_function_call"));
  HOST_TRY_ASSIGN(std::string method, read_memory_or_register(method_name_ptr, method_name_len));
  if (method.empty()) return host_error(HostErrorKind::EmptyMethodName);
  HOST_TRY_ASSIGN(std::string args, read_memory_or_register(arguments_ptr, arguments_len));
  HOST_TRY_ASSIGN(Balance amount, read_u128(amount_ptr));
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_function_call, receipt.second));
  HOST_TRY(pay_action_fee(config_.fees.action_function_call_per_byte, receipt.second, method.size() + args.size()));
  HOST_TRY(pay_action(0, gas));  // the attached gas is reserved (prepay_gas)
  HOST_TRY(deduct_balance(amount));
  receipts_[receipt.first].actions.push_back(
      FunctionCallReceiptAction{std::move(method), std::move(args), amount, gas, gas_weight});
  return {};
}

// promise_batch_action_function_call(promise_idx, method, args, amount_ptr, gas): appends a
// function call with a fixed amount of gas.
// Errors: ProhibitedInView, MemoryAccessViolation, EmptyMethodName, InvalidPromiseIndex,
//         CannotAppendActionToJointPromise, BalanceExceeded, GasExceeded.
// Cost: base + method and args reads + read_memory of 16 + action_function_call
//       + action_function_call_per_byte * (method + args); gas reserved; amount deducted.
HostResult<void> VmLogic::promise_batch_action_function_call(uint64_t promise_idx, uint64_t method_name_len,
                                                             uint64_t method_name_ptr, uint64_t arguments_len,
                                                             uint64_t arguments_ptr, uint64_t amount_ptr,
                                                             uint64_t gas) {
  return function_call_action(promise_idx, method_name_len, method_name_ptr, arguments_len, arguments_ptr, amount_ptr,
                              gas, 0);
}

// promise_batch_action_function_call_weight(..., gas, gas_weight): as above; at the end of a
// successful call the unused gas is shared among weighted calls (distribute_unused_gas).
HostResult<void> VmLogic::promise_batch_action_function_call_weight(uint64_t promise_idx, uint64_t method_name_len,
                                                                    uint64_t method_name_ptr, uint64_t arguments_len,
                                                                    uint64_t arguments_ptr, uint64_t amount_ptr,
                                                                    uint64_t gas, uint64_t gas_weight) {
  return function_call_action(promise_idx, method_name_len, method_name_ptr, arguments_len, arguments_ptr, amount_ptr,
                              gas, gas_weight);
}

// promise_batch_action_transfer(promise_idx, amount_ptr).
// Errors: ProhibitedInView, MemoryAccessViolation, InvalidPromiseIndex,
//         CannotAppendActionToJointPromise, BalanceExceeded.
// Cost: base + read_memory of 16 + action_transfer (named receivers; implicit-account creation
//       fees are not charged yet)
HostResult<void> VmLogic::promise_batch_action_transfer(uint64_t promise_idx, uint64_t amount_ptr) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_batch_action_transfer"));
  HOST_TRY_ASSIGN(Balance amount, read_u128(amount_ptr));
  HOST_TRY_ASSIGN(auto receipt, promise_receipt(promise_idx));
  HOST_TRY(pay_action_fee(config_.fees.action_transfer, receipt.second));
  HOST_TRY(deduct_balance(amount));
  receipts_[receipt.first].actions.push_back(TransferAction{amount});
  return {};
}

// promise_return(promise_idx): the call's result becomes the receipt's result.
// Errors: ProhibitedInView, InvalidPromiseIndex, CannotReturnJointPromise.
// Cost: base + promise_return
HostResult<void> VmLogic::promise_return(uint64_t promise_idx) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(pay(config_.ext.promise_return));
  HOST_TRY(prohibited_in_view("promise_return"));
  if (promise_idx >= promises_.size())
    return host_error(HostErrorKind::InvalidPromiseIndex, std::to_string(promise_idx));
  if (promises_[promise_idx].joint) return host_error(HostErrorKind::CannotReturnJointPromise);
  returned_receipt_ = promises_[promise_idx].receipts[0];
  return_data_.reset();
  return {};
}

// promise_results_count(): the number of results this callback received. Errors: ProhibitedInView.
// Cost: base
HostResult<uint64_t> VmLogic::promise_results_count() {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_results_count"));
  return uint64_t(context_.promise_results.size());
}

// promise_result(result_idx, register_id) -> 0 not ready, 1 success (data in the register),
// 2 failed. Errors: ProhibitedInView, InvalidPromiseResultIndex, MemoryAccessViolation.
// Cost: base + write_register_base (PROTOCOL: no per-byte charge at PV85/86, as input)
HostResult<uint64_t> VmLogic::promise_result(uint64_t result_idx, uint64_t register_id) {
  HOST_TRY(pay(config_.ext.base));
  HOST_TRY(prohibited_in_view("promise_result"));
  if (result_idx >= context_.promise_results.size())
    return host_error(HostErrorKind::InvalidPromiseResultIndex, std::to_string(result_idx));
  const PromiseResult& r = context_.promise_results[result_idx];
  switch (r.status) {
    case PromiseResult::Status::NotReady: return uint64_t(0);
    case PromiseResult::Status::Failed: return uint64_t(2);
    case PromiseResult::Status::Successful: break;
  }
  HOST_TRY(set_register(register_id, r.data, /*charge_bytes=*/false));
  return uint64_t(1);
}

void VmLogic::distribute_unused_gas() {
  uint64_t weight_sum = 0;
  FunctionCallReceiptAction* last = nullptr;
  for (OutgoingReceipt& r : receipts_)
    for (ReceiptAction& a : r.actions)
      if (auto* fc = std::get_if<FunctionCallReceiptAction>(&a); fc && fc->gas_weight > 0) {
        weight_sum += fc->gas_weight;  // weights are u64 per action, at most 1024 promises: may wrap
        last = fc;
      }
  Gas used = used_gas_total();
  if (!last || weight_sum == 0 || used >= context_.prepaid_gas) return;
  Gas unused = context_.prepaid_gas - used;
  Gas distributed = 0;
  for (OutgoingReceipt& r : receipts_)
    for (ReceiptAction& a : r.actions)
      if (auto* fc = std::get_if<FunctionCallReceiptAction>(&a); fc && fc->gas_weight > 0) {
        Gas share = Gas((unsigned __int128)unused * fc->gas_weight / weight_sum);
        fc->gas += share;
        distributed += share;
      }
  last->gas += unused - distributed;  // the remainder goes to the last weighted call
  promises_gas_ += unused;
}

}  // namespace syncwasm::runtime
