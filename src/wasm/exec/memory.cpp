#include <sys/mman.h>

#include <cerrno>
#include <cstring>

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
  std::unique_ptr<MemoryInstance> m(new MemoryInstance());
  m->type_ = type;
  m->max_pages_ = uint32_t(max_pages);
  // Reserve the whole range once so the base never moves; grow only changes protection.
  m->reserved_ = std::max<uint64_t>(max_pages * kPageSize, kPageSize);
  void* p = mmap(nullptr, m->reserved_, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED)
    return make_error(ErrorKind::LimitExceeded, std::string("cannot reserve memory: ") + std::strerror(errno));
  m->base_ = static_cast<uint8_t*>(p);
  if (m->grow(uint32_t(type.limits.min)) < 0)
    return make_error(ErrorKind::LimitExceeded, "cannot commit the memory's initial pages");
  return m;
}

MemoryInstance::~MemoryInstance() {
  if (base_) munmap(base_, reserved_);
}

int64_t MemoryInstance::grow(uint32_t delta_pages) {
  uint64_t old_pages = size_ / kPageSize;
  uint64_t new_pages = old_pages + delta_pages;
  if (new_pages > max_pages_) return -1;
  if (delta_pages > 0) {
    if (mprotect(base_ + size_, uint64_t(delta_pages) * kPageSize, PROT_READ | PROT_WRITE) != 0) return -1;
    size_ = new_pages * kPageSize;
  }
  return int64_t(old_pages);
}

int64_t TableInstance::grow(uint32_t delta, Slot init) {
  uint64_t old = elems.size();
  if (old + delta > max_elements) return -1;
  elems.resize(old + delta, init);
  return int64_t(old);
}

}  // namespace syncwasm::wasm
