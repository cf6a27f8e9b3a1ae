#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "exec/memory_pool.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::wasm {

Result<std::unique_ptr<MemoryInstance>> MemoryInstance::create(const MemoryType& type,
                                                               uint32_t engine_max_pages) {
  uint64_t max_pages = type.limits.max ? *type.limits.max : engine_max_pages;
  if (max_pages > engine_max_pages) max_pages = engine_max_pages;
  if (type.limits.min > max_pages)
    return make_error(ErrorKind::LimitExceeded, "memory of " + std::to_string(type.limits.min) +
                                                    " pages exceeds the limit of " +
                                                    std::to_string(max_pages) + " pages");
  uint8_t* base = MemoryPool::instance().take();
  if (!base) return make_error(ErrorKind::LimitExceeded, "cannot reserve address space for a memory");
  std::unique_ptr<MemoryInstance> m(new MemoryInstance());
  m->base_ = base;
  m->type_ = type;
  m->max_pages_ = uint32_t(max_pages);
  m->size_ = type.limits.min * kPageSize;
  m->dirty_ = 0;  // the pool hands out zeroed reservations
  return m;
}

MemoryInstance::~MemoryInstance() {
  if (base_) MemoryPool::instance().give(base_, dirty_);
}

int64_t MemoryInstance::grow(uint32_t delta_pages) {
  uint64_t old_pages = size_ / kPageSize;
  uint64_t new_pages = old_pages + delta_pages;
  if (new_pages > max_pages_) return -1;
  size_ = new_pages * kPageSize;  // the new pages lie beyond the dirty prefix: zero
  return int64_t(old_pages);
}

void MemoryInstance::reset(uint32_t pages) {
  MemoryPool::zero(base_, dirty_);
  size_ = uint64_t(pages) * kPageSize;
  dirty_ = 0;
}

uint64_t MemoryInstance::note_access(uint64_t end) {
  uint64_t d = (end + kDirtyGranule - 1) & ~(kDirtyGranule - 1);
  if (d > MemoryPool::kMemsetLimitBytes) d = std::max(d, dirty_ + dirty_ / 4);
  d = std::min(d, size_);
  if (d > dirty_) dirty_ = d;
  return dirty_;
}

int64_t TableInstance::grow(uint32_t delta, Slot init) {
  uint64_t old = elems.size();
  if (old + delta > max_elements) return -1;
  elems.resize(old + delta, init);
  return int64_t(old);
}

}  // namespace syncwasm::wasm
