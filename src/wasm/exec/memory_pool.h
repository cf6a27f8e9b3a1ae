// Address-space reservations for linear memories, pooled so that creating an instance costs no
// mmap/munmap. Every reservation covers the largest 32-bit memory (4 GiB), mapped read-write
// without reserve: pages cost nothing until touched, and the interpreter's explicit bounds
// checks, not page protection, confine accesses to the memory's current size.
#pragma once

#include <cstddef>
#include <cstdint>

namespace syncwasm::wasm {

class MemoryPool {
 public:
  static constexpr uint64_t kReservationBytes = uint64_t(65536) * 65536;
  // Reservations kept for reuse; beyond this, returned ones are unmapped.
  static constexpr size_t kMaxPooled = 256;
  // A dirty prefix (MemoryInstance::dirty_bytes: what was written) up to this size is zeroed
  // with memset (its pages stay resident, ready for the next instance); a larger one is given back
  // to the kernel with madvise, which costs in proportion to the pages touched, so a 64 MiB memory
  // that used a few pages is cheap to reset.
  static constexpr uint64_t kMemsetLimitBytes = 256u << 10;

  static MemoryPool& instance();

  // A zeroed reservation, or nullptr when the address space is exhausted. Thread-safe.
  uint8_t* take();
  // Returns a reservation whose first `dirty_bytes` may be non-zero (all beyond are zero).
  // Thread-safe.
  void give(uint8_t* base, uint64_t dirty_bytes);

  // Zeroes the first `dirty_bytes` of a reservation.
  static void zero(uint8_t* base, uint64_t dirty_bytes);
};

}  // namespace syncwasm::wasm
