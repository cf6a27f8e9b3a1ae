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
    case CallErrorKind::UnsupportedAction: return "UnsupportedAction";
  }
  return "?";
}

}  // namespace syncwasm::runtime
