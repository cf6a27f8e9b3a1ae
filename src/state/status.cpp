#include "syncwasm/state/status.h"

namespace syncwasm::state {

const char* error_code_name(ErrorCode code) {
  switch (code) {
#define SW_STATE_ERROR(name, text) \
  case ErrorCode::name:            \
    return text;
#include "syncwasm/state/errors.def"
#undef SW_STATE_ERROR
  }
  return "unknown error";
}

std::string Error::to_string() const { return std::string(error_code_name(code)) + ": " + message; }

}  // namespace syncwasm::state
