#include "syncwasm/state/code_store.h"

#include "little_endian.h"
#include "syncwasm/state/key_space.h"
#include "syncwasm/state/limits.h"

namespace syncwasm::state {

Result<Hash32> CodeStore::add_reference(StateOverlay& overlay, std::string_view code) {
  if (code.size() > kMaxValueSize) {
    return make_error(ErrorCode::LimitExceeded, "code of " + std::to_string(code.size()) +
                                                    " bytes is over kMaxValueSize (" + std::to_string(kMaxValueSize) + ")");
  }
  const Hash32 code_hash = sha256(code);
  SW_STATE_TRY_ASSIGN(uint64_t count, reference_count(overlay, code_hash));
  if (count == 0) SW_STATE_TRY(overlay.put(code_key(code_hash), code));
  SW_STATE_TRY(overlay.put(code_ref_count_key(code_hash), encode_u64(count + 1)));
  return code_hash;
}

Result<uint64_t> CodeStore::release_reference(StateOverlay& overlay, const Hash32& code_hash) {
  SW_STATE_TRY_ASSIGN(uint64_t count, reference_count(overlay, code_hash));
  if (count == 0) return make_error(ErrorCode::NotFound, "no code with hash " + to_hex(code_hash));
  if (count == 1) {
    SW_STATE_TRY(overlay.remove(code_key(code_hash)));
    SW_STATE_TRY(overlay.remove(code_ref_count_key(code_hash)));
  } else {
    SW_STATE_TRY(overlay.put(code_ref_count_key(code_hash), encode_u64(count - 1)));
  }
  return count - 1;
}

Result<std::optional<std::string>> CodeStore::get(const StateReader& reader, const Hash32& code_hash) {
  return reader.get(code_key(code_hash));
}

Result<uint64_t> CodeStore::reference_count(const StateReader& reader, const Hash32& code_hash) {
  SW_STATE_TRY_ASSIGN(std::optional<std::string> stored, reader.get(code_ref_count_key(code_hash)));
  if (!stored) return uint64_t{0};
  if (stored->size() != 8) {
    return make_error(ErrorCode::Corruption, "reference count of code " + to_hex(code_hash) + " is " +
                                                 std::to_string(stored->size()) + " bytes, expected 8");
  }
  return decode_u64(*stored);
}

}  // namespace syncwasm::state
