#include "exec/memory_pool.h"

#include <sys/mman.h>

#include <cstring>
#include <mutex>
#include <vector>

namespace syncwasm::wasm {
namespace {

std::mutex g_mutex;
std::vector<uint8_t*>& free_list() {
  static std::vector<uint8_t*> list;
  return list;
}

}  // namespace

MemoryPool& MemoryPool::instance() {
  static MemoryPool pool;
  return pool;
}

uint8_t* MemoryPool::take() {
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto& list = free_list();
    if (!list.empty()) {
      uint8_t* p = list.back();
      list.pop_back();
      return p;
    }
  }
  void* p = mmap(nullptr, kReservationBytes, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  return p == MAP_FAILED ? nullptr : static_cast<uint8_t*>(p);
}

void MemoryPool::zero(uint8_t* base, uint64_t dirty_bytes) {
  if (dirty_bytes <= kMemsetLimitBytes) {
    std::memset(base, 0, dirty_bytes);
  } else {
    madvise(base, dirty_bytes, MADV_DONTNEED);
  }
}

void MemoryPool::give(uint8_t* base, uint64_t dirty_bytes) {
  zero(base, dirty_bytes);
  {
    std::lock_guard<std::mutex> lock(g_mutex);
    auto& list = free_list();
    if (list.size() < kMaxPooled) {
      list.push_back(base);
      return;
    }
  }
  munmap(base, kReservationBytes);
}

}  // namespace syncwasm::wasm
