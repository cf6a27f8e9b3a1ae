#include "syncwasm/runtime/call_error.h"

namespace syncwasm::runtime {

const char* host_error_name(HostErrorKind kind) {
  switch (kind) {
#define X(name, text) \
  case HostErrorKind::name: return #name;
#include "syncwasm/runtime/host_errors.def"
#undef X
  }
  return "?";
}

// nearcore's WasmTrap variant for an engine trap (wasmtime_runner into_vm_error).
const char* near_trap_name(wasm::TrapKind trap) {
  switch (trap) {
    case wasm::TrapKind::Unreachable: return "Unreachable";
    case wasm::TrapKind::MemoryOutOfBounds:
    case wasm::TrapKind::TableOutOfBounds:
    case wasm::TrapKind::UndefinedElement: return "MemoryOutOfBounds";
    case wasm::TrapKind::UninitializedElement: return "IndirectCallToNull";
    case wasm::TrapKind::IndirectCallTypeMismatch: return "IncorrectCallIndirectSignature";
    case wasm::TrapKind::IntegerDivideByZero:
    case wasm::TrapKind::IntegerOverflow:
    case wasm::TrapKind::InvalidConversion: return "IllegalArithmetic";
    default: return "GenericTrap";
  }
}

const char* prepare_error_name(PrepareErrorKind kind) {
  switch (kind) {
    case PrepareErrorKind::Deserialization: return "Deserialization";
    case PrepareErrorKind::Instantiate: return "Instantiate";
    case PrepareErrorKind::Memory: return "Memory";
    case PrepareErrorKind::TooManyFunctions: return "TooManyFunctions";
    case PrepareErrorKind::TooManyLocals: return "TooManyLocals";
    case PrepareErrorKind::TooManyTables: return "TooManyTables";
    case PrepareErrorKind::TooManyTableElements: return "TooManyTableElements";
    case PrepareErrorKind::ContractSizeExceeded: return "ContractSizeExceeded";
  }
  return "?";
}

const char* call_error_kind_name(CallErrorKind kind) {
  switch (kind) {
    case CallErrorKind::CompilationError: return "CompilationError";
    case CallErrorKind::LinkError: return "LinkError";
    case CallErrorKind::MethodResolveError: return "MethodResolveError";
    case CallErrorKind::WasmTrap: return "WasmTrap";
    case CallErrorKind::HostError: return "HostError";
    case CallErrorKind::AccountDoesNotExist: return "AccountDoesNotExist";
    case CallErrorKind::AccountAlreadyExists: return "AccountAlreadyExists";
    case CallErrorKind::InvalidAccountId: return "InvalidAccountId";
    case CallErrorKind::LackBalanceForState: return "LackBalanceForState";
    case CallErrorKind::ArgumentsTooLong: return "ArgumentsTooLong";
    case CallErrorKind::NotEnoughBalance: return "NotEnoughBalance";
    case CallErrorKind::ReceiptsPending: return "ReceiptsPending";
    case CallErrorKind::TriesToStake: return "TriesToStake";
    case CallErrorKind::DeleteAccountStaking: return "DeleteAccountStaking";
    case CallErrorKind::AddKeyAlreadyExists: return "AddKeyAlreadyExists";
    case CallErrorKind::DeleteKeyDoesNotExist: return "DeleteKeyDoesNotExist";
    case CallErrorKind::ActorNoPermission: return "ActorNoPermission";
    case CallErrorKind::NewReceiptValidationError:
      return "NewReceiptValidationError";
    case CallErrorKind::DeleteActionMustBeFinal:
      return "DeleteActionMustBeFinal";
    case CallErrorKind::SubmoduleRejected: return "SubmoduleRejected";
    case CallErrorKind::SubmoduleDoesNotExist: return "SubmoduleDoesNotExist";
  }
  return "?";
}

}  // namespace syncwasm::runtime
