#include "syncwasm/wasm/result.h"
#include "syncwasm/wasm/trap.h"

namespace syncwasm::wasm {

const char* error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Malformed: return "malformed module";
    case ErrorKind::Invalid: return "invalid module";
    case ErrorKind::LimitExceeded: return "limit exceeded";
    case ErrorKind::Unlinkable: return "unlinkable module";
    case ErrorKind::Uninstantiable: return "uninstantiable module";
    case ErrorKind::Unsupported: return "unsupported feature";
  }
  return "error";
}

const char* trap_message(TrapKind kind) {
  switch (kind) {
#define X(name, msg) \
  case TrapKind::name: return msg;
#include "syncwasm/wasm/traps.def"
#undef X
  }
  return "trap";
}

}  // namespace syncwasm::wasm
