// Outgoing receipts: what a call's promise host functions create. A receipt goes to one receiver
// with a list of actions, after the receipts it depends on (input data). The executor records
// them in the call's outcome; running them in later blocks is the receipt executor's job.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/submodule_policy.h"

namespace syncwasm::runtime {

struct CreateAccountAction {
  bool operator==(const CreateAccountAction&) const = default;
};
struct DeployContractAction {
  std::string code;
  bool operator==(const DeployContractAction&) const = default;
};
struct FunctionCallReceiptAction {
  std::string method_name;
  std::string args;
  Balance deposit = 0;
  Gas gas = 0;         // after the unused gas was distributed by weight
  uint64_t gas_weight = 0;
  bool operator==(const FunctionCallReceiptAction&) const = default;
};
struct TransferAction {
  Balance deposit = 0;
  bool operator==(const TransferAction&) const = default;
};

struct StakeAction {
  Balance stake = 0;
  std::string public_key;  // Borsh PublicKey
  bool operator==(const StakeAction&) const = default;
};
struct AddKeyAction {
  std::string public_key;  // Borsh PublicKey
  uint64_t nonce = 0;
  bool full_access = true;
  // Function-call access: allowance (0 = unlimited), receiver and method names (empty = any).
  Balance allowance = 0;
  std::string receiver_id;
  std::vector<std::string> method_names;
  bool operator==(const AddKeyAction&) const = default;
};
struct DeleteKeyAction {
  std::string public_key;
  bool operator==(const DeleteKeyAction&) const = default;
};
struct DeleteAccountAction {
  std::string beneficiary_id;
  bool operator==(const DeleteAccountAction&) const = default;
};

// syncwasm's submodule actions (DESIGN.md §5), applied to the receiver's own registry.
struct DeploySubmoduleAction {
  std::string key;   // 1..1024 bytes
  std::string code;  // wasm
  SubmodulePolicy policy;
  bool operator==(const DeploySubmoduleAction&) const = default;
};
struct DeleteSubmoduleAction {
  std::string key;
  bool operator==(const DeleteSubmoduleAction&) const = default;
};

using ReceiptAction = std::variant<CreateAccountAction, DeployContractAction, FunctionCallReceiptAction, TransferAction,
                                   StakeAction, AddKeyAction, DeleteKeyAction, DeleteAccountAction,
                                   DeploySubmoduleAction, DeleteSubmoduleAction>;

struct OutgoingReceipt {
  std::string receiver_id;
  std::vector<uint64_t> input_receipts;  // indices (in this call's list) it waits for
  std::vector<ReceiptAction> actions;
  bool operator==(const OutgoingReceipt&) const = default;
};

// What a callback receives for one of its input receipts (nearcore PromiseResult).
struct PromiseResult {
  enum class Status : uint8_t { NotReady, Successful, Failed };
  Status status = Status::NotReady;
  std::string data;  // Successful: the value returned
};

}  // namespace syncwasm::runtime
