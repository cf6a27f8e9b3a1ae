// Memory for large tables probed at random (the hash indexes of caches). A block of at least a
// huge page is huge-page aligned and advised (MADV_HUGEPAGE), so it is backed by transparent huge
// pages where the kernel allows it (madvise mode): a probe into a table of hundreds of MB
// otherwise also misses the TLB, and on a virtual machine each such miss is a two-dimensional
// page walk (measured on the state's row cache: a third of a lookup at a million entries).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <cstdlib>
#include <new>

namespace syncwasm {

inline constexpr size_t kHugePageBytes = size_t{2} << 20;

// Uninitialized; free with std::free. Throws std::bad_alloc when out of memory.
inline void* allocate_table_memory(size_t bytes, size_t alignment) {
  const bool huge = bytes >= kHugePageBytes;
  if (huge) alignment = kHugePageBytes;
  const size_t rounded = (bytes + alignment - 1) / alignment * alignment;  // aligned_alloc's rule
  void* memory = std::aligned_alloc(alignment, rounded == 0 ? alignment : rounded);
  if (memory == nullptr) throw std::bad_alloc();
  if (huge) (void)madvise(memory, rounded, MADV_HUGEPAGE);  // advice: refused is fine
  return memory;
}

// For std::vector of such a table.
template <typename T>
struct TableAllocator {
  using value_type = T;
  TableAllocator() = default;
  template <typename U>
  TableAllocator(const TableAllocator<U>&) {}
  T* allocate(size_t n) {
    return static_cast<T*>(allocate_table_memory(n * sizeof(T), alignof(T)));
  }
  void deallocate(T* p, size_t) { std::free(p); }
  bool operator==(const TableAllocator&) const = default;
};

}  // namespace syncwasm
