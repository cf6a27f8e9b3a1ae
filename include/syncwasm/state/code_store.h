// CodeStore: contract and submodule code by sha256, with a reference count per code hash, in the
// consensus state (key spaces Code and CodeRefCount). A million deployments of the same code store
// its bytes once; releasing the last reference deletes the bytes and the count.
// Writes go through a StateOverlay, so a deployment that fails rolls back with its transaction.
//
// Thread safety: as the overlay or reader passed in. Stateless: all functions are static.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "syncwasm/state/hash.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/state/state_reader.h"
#include "syncwasm/state/status.h"

namespace syncwasm::state {

class CodeStore {
 public:
  // Adds one reference to `code`, storing the bytes if this is the first; returns sha256(code).
  // Errors: LimitExceeded for code over kMaxValueSize; the overlay's and base's errors.
  static Result<Hash32> add_reference(StateOverlay& overlay, std::string_view code);
  // Removes one reference; at zero the code and its count are deleted. Returns the references
  // left. Errors: NotFound when no code has this hash.
  static Result<uint64_t> release_reference(StateOverlay& overlay, const Hash32& code_hash);
  // The code bytes, or nullopt when no code has this hash.
  static Result<std::optional<std::string>> get(const StateReader& reader, const Hash32& code_hash);
  // The references to the code (0 when it is not stored).
  static Result<uint64_t> reference_count(const StateReader& reader, const Hash32& code_hash);
};

}  // namespace syncwasm::state
