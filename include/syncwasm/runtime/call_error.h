// The errors of a function call, by who is at fault (CONVENTIONS.md #3). Everything here is the
// contract's or the caller's fault and is recorded in the outcome; node errors (disk, corrupt
// state) never become a CallError, they are returned as state::Error.
// Kinds follow nearcore's FunctionCallError / ActionError variants so outcomes compare.
#pragma once

#include <cstdint>
#include <string>

#include "syncwasm/wasm/trap.h"

namespace syncwasm::runtime {

enum class HostErrorKind : uint8_t {
#define X(name, text) name,
#include "syncwasm/runtime/host_errors.def"
#undef X
};
const char* host_error_name(HostErrorKind kind);

// nearcore's WasmTrap variant for an engine trap (wasmtime_runner into_vm_error).
const char* near_trap_name(wasm::TrapKind trap);

struct HostError {
  HostErrorKind kind;
  std::string message;
};

// nearcore PrepareError variants (CompilationError::PrepareError).
enum class PrepareErrorKind : uint8_t {
  Deserialization,     // not a valid module for NEAR's feature set
  Instantiate,         // imports from a module other than env, or of tables/globals
  Memory,              // imports a memory
  TooManyFunctions,
  TooManyLocals,
  TooManyTables,
  TooManyTableElements,
  ContractSizeExceeded,
};
const char* prepare_error_name(PrepareErrorKind kind);

enum class CallErrorKind : uint8_t {
  // FunctionCallError
  CompilationError,    // detail: PrepareError name, or CodeDoesNotExist
  LinkError,           // an import that env does not provide, or with another signature
  MethodResolveError,  // detail: MethodNotFound, MethodInvalidSignature, MethodEmptyName
  WasmTrap,            // detail: nearcore WasmTrap name (Unreachable, MemoryOutOfBounds, ...)
  HostError,           // detail: host_error_name
  // ActionError (the receipt, not the VM)
  AccountDoesNotExist,
  AccountAlreadyExists,
  InvalidAccountId,  // also nearcore's ActionsValidationError::InvalidAccountId: a DeleteAccount
                     // beneficiary that is not a valid account id (validate_actions)
  LackBalanceForState,
  ArgumentsTooLong,
  NotEnoughBalance,       // a transaction's deposits exceed the signer's balance
  ReceiptsPending,        // a transaction's receipts did not finish within the round limit
  TriesToStake,           // staking more than the balance
  DeleteAccountStaking,   // deleting an account with locked balance
  AddKeyAlreadyExists,    // AddKey of a public key the account already has
  DeleteKeyDoesNotExist,  // DeleteKey of a public key the account does not have
  ActorNoPermission,      // DeployContract, Stake, DeleteAccount, a key or submodule action on
                          // another account than the predecessor's (receipt_executor.h)
  // A receipt the call created is invalid; detail: the ActionsValidationError kind
  // (DeleteActionMustBeFinal, InvalidAccountId).
  NewReceiptValidationError,
  // ActionsValidationError (a transaction refused before any of its actions runs)
  DeleteActionMustBeFinal,  // a DeleteAccount that is not the transaction's last action
  // syncwasm's submodule actions
  SubmoduleRejected,      // invalid key, code or policy, or an import the policy does not allow
  SubmoduleDoesNotExist,  // DeleteSubmodule of a key that holds none
};
const char* call_error_kind_name(CallErrorKind kind);

struct CallError {
  CallErrorKind kind;
  std::string detail;   // the variant inside the kind (see above), may be empty
  std::string message;  // human-readable; for GuestPanic the panic message itself
};

}  // namespace syncwasm::runtime
