#include "store_impl.h"

namespace syncwasm::state {

Error rocks_error(const rocksdb::Status& status, const std::string& context) {
  const std::string text = status.ToString();
  ErrorCode code = ErrorCode::Io;
  if (status.IsCorruption()) {
    code = ErrorCode::Corruption;
  } else if (status.IsIOError() && (text.find("lock") != std::string::npos || text.find("LOCK") != std::string::npos)) {
    // RocksDB reports a held LOCK file as an I/O error ("While lock file: .../LOCK: Resource
    // temporarily unavailable", or "lock hold by current process").
    code = ErrorCode::Locked;
  } else if (status.IsNotFound()) {
    code = ErrorCode::NotFound;
  }
  return make_error(code, context + ": " + text);
}

}  // namespace syncwasm::state
