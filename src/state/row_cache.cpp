#include "row_cache.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <new>

#include "syncwasm/keyed_hash.h"
#include "syncwasm/table_memory.h"

namespace syncwasm::state {
namespace {

constexpr unsigned kShardBits = 4;  // 16 shards
constexpr size_t kShards = size_t{1} << kShardBits;
constexpr size_t kInitialSlots = 64;
// Slots a lookup prefetches, from the key's home slot on (Shard::prefetch_home).
constexpr size_t kPrefetchSlots = 3;

// The slot index uses the hash's low bits, the shard its top bits (see keyed_hash.h).
using keyed_hash::new_seed;
uint64_t hash_of(std::string_view key, uint64_t seed) {
  return keyed_hash::hash(key, seed);
}

// One entry, held in the table itself: a lookup of an entry that fits inline touches one slot
// (two adjacent cache lines) and nothing else. Larger entries keep their bytes on the heap.
struct alignas(64) Slot {
  static constexpr size_t kInlineBytes = 119;  // a registry entry (54-byte key, 64-byte value)
  static constexpr uint8_t kReferenced = 1;
  static constexpr uint8_t kOnHeap = 2;

  uint32_t hash;        // the low 32 bits of the key's hash: home slot, and compared before keys
  uint16_t key_size;    // 0: empty slot (state keys are never empty)
  uint16_t value_size;  // key + value <= kRowCacheEntryLimit
  uint8_t flags;
  char data[kInlineBytes];  // key ‖ value, or (kOnHeap) a char* to them

  bool used() const { return key_size != 0; }
  size_t size() const { return size_t{key_size} + value_size; }
  const char* bytes() const {
    if ((flags & kOnHeap) == 0) return data;
    char* heap;
    std::memcpy(&heap, data, sizeof heap);
    return heap;
  }
  bool holds(uint32_t h, std::string_view key) const {
    return hash == h && key_size == key.size() && std::memcmp(bytes(), key.data(), key.size()) == 0;
  }
  size_t heap_bytes() const { return (flags & kOnHeap) != 0 ? size() : 0; }
  // Empties a used slot.
  void release() {
    if ((flags & kOnHeap) != 0) std::free(const_cast<char*>(bytes()));
    key_size = 0;
    flags = 0;
  }
};
static_assert(sizeof(Slot) == 128);

Slot* allocate_slots(size_t count) {
  void* memory =
      allocate_table_memory(count * sizeof(Slot), alignof(Slot));  // huge pages when large
  std::memset(memory, 0, count * sizeof(Slot));
  return static_cast<Slot*>(memory);
}

}  // namespace

// A linear-probing table (power-of-two size, at most 3/4 full, backward-shift deletion) evicting
// by a CLOCK sampled where each new entry goes. Charged: the table plus the heap bytes of large
// entries.
struct RowCache::Shard {
  std::mutex mutex;
  Slot* slots = nullptr;
  size_t slot_count = 0;
  // slots and mask(), readable without the mutex, only to prefetch a key's home slot before
  // taking it (a stale pair prefetches a wrong address, which costs nothing: prefetches never
  // fault). Written under the mutex when the table changes.
  std::atomic<uintptr_t> hint_slots{0};
  std::atomic<size_t> hint_mask{0};
  size_t used = 0;
  size_t heap = 0;
  size_t capacity = 0;
  uint64_t generation = 0;  // bumped by every committed change to a key of this shard

  Shard() : slots(allocate_slots(kInitialSlots)), slot_count(kInitialSlots) { publish_hint(); }
  ~Shard() {
    for (size_t i = 0; i < slot_count; ++i) {
      if (slots[i].used()) slots[i].release();
    }
    std::free(slots);
  }
  Shard(const Shard&) = delete;
  Shard& operator=(const Shard&) = delete;

  size_t mask() const { return slot_count - 1; }

  void publish_hint() {
    hint_slots.store(reinterpret_cast<uintptr_t>(slots), std::memory_order_relaxed);
    hint_mask.store(mask(), std::memory_order_relaxed);
  }
  // Starts loading hash's home slot and the two after it (six lines, in parallel), so that the
  // miss overlaps taking the mutex (an atomic read-modify-write, which later loads do not pass),
  // and a key displaced by one or two slots costs no second, dependent miss: at 1M entries (load
  // 0.48) 76% of keys sit in their home slot, 95% within two slots of it. Measured (lookup A/B
  // in one process): p99 at 1M entries 0.79-0.81 us with the home slot and the next one
  // prefetched, 0.67-0.70 with the next two, 0.64-0.65 with the next three. A prefetch past the
  // table's end is harmless.
  void prefetch_home(uint32_t hash) const {
    const uintptr_t home = hint_slots.load(std::memory_order_relaxed) +
                           (hash & hint_mask.load(std::memory_order_relaxed)) * sizeof(Slot);
    for (uintptr_t line = 0; line < kPrefetchSlots * sizeof(Slot); line += 64) {
      __builtin_prefetch(reinterpret_cast<const void*>(home + line));
    }
  }
  size_t charged() const { return slot_count * sizeof(Slot) + heap; }

  size_t find(uint32_t hash, std::string_view key) const {
    for (size_t i = hash & mask();; i = (i + 1) & mask()) {
      if (!slots[i].used()) return SIZE_MAX;
      if (slots[i].holds(hash, key)) return i;
    }
  }

  void erase_at(size_t i) {
    heap -= slots[i].heap_bytes();
    slots[i].release();
    --used;
    // Backward shift: move later entries of the probe run into the hole unless their home slot
    // lies cyclically in (hole, their slot].
    for (size_t j = (i + 1) & mask(); slots[j].used(); j = (j + 1) & mask()) {
      const size_t home = slots[j].hash & mask();
      const bool stays = i <= j ? (home > i && home <= j) : (home > i || home <= j);
      if (stays) continue;
      std::memcpy(&slots[i], &slots[j], sizeof(Slot));
      slots[j].key_size = 0;  // moved, not released
      slots[j].flags = 0;
      i = j;
    }
  }

  // Used slots an eviction looks at, from the new entry's home slot on, before it takes one that
  // was referenced.
  static constexpr size_t kEvictionWindow = 8;

  // CLOCK sampled at the new entry's home slot: a referenced entry gets its bit cleared (a second
  // chance), the first unreferenced one goes; after kEvictionWindow referenced ones, the last.
  // Evicting where entries arrive keeps the load even across the table. (A single CLOCK hand
  // removes entries only where it passes while entries arrive everywhere: the slots ahead of it
  // filled up into one cluster of many thousands, and a million submodule deployments spent four
  // fifths of their time probing it.)
  void evict_near(uint32_t hash) {
    size_t seen = 0;
    for (size_t i = hash & mask();; i = (i + 1) & mask()) {
      Slot& slot = slots[i];
      if (!slot.used()) continue;
      if ((slot.flags & Slot::kReferenced) == 0 || ++seen == kEvictionWindow) {
        erase_at(i);
        return;
      }
      slot.flags &= static_cast<uint8_t>(~Slot::kReferenced);
    }
  }

  Slot& empty_slot_for(uint32_t hash) {
    size_t i = hash & mask();
    while (slots[i].used()) i = (i + 1) & mask();
    return slots[i];
  }

  void grow() {
    Slot* old = slots;
    const size_t old_count = slot_count;
    slots = allocate_slots(old_count * 2);
    slot_count = old_count * 2;
    publish_hint();
    for (size_t i = 0; i < old_count; ++i) {
      if (old[i].used()) std::memcpy(&empty_slot_for(old[i].hash), &old[i], sizeof(Slot));
    }
    std::free(old);
  }

  // key must not be present; key + value <= the cache's max_entry_bytes. Evicts to stay within
  // capacity (an entry that cannot fit is not inserted).
  void insert(uint32_t hash, std::string_view key, std::string_view value) {
    const size_t size = key.size() + value.size();
    const size_t new_heap = size > Slot::kInlineBytes ? size : 0;
    for (;;) {
      if ((used + 1) * 4 > slot_count * 3) {
        if (2 * slot_count * sizeof(Slot) + heap + new_heap <= capacity) {
          grow();
        } else {
          evict_near(hash);
        }
        continue;
      }
      if (used > 0 && charged() + new_heap > capacity) {
        if (heap == 0) return;  // the table alone fills the budget: evicting frees nothing
        evict_near(hash);
        continue;
      }
      break;
    }
    Slot& slot = empty_slot_for(hash);
    char* bytes = slot.data;
    if (new_heap != 0) {
      bytes = static_cast<char*>(std::malloc(size));
      if (bytes == nullptr) throw std::bad_alloc();
      std::memcpy(slot.data, &bytes, sizeof bytes);
    }
    std::memcpy(bytes, key.data(), key.size());
    std::memcpy(bytes + key.size(), value.data(), value.size());
    slot.hash = hash;
    slot.key_size = static_cast<uint16_t>(key.size());
    slot.value_size = static_cast<uint16_t>(value.size());
    slot.flags = new_heap != 0 ? Slot::kOnHeap : 0;
    heap += new_heap;
    ++used;
  }
};

RowCache::RowCache(size_t capacity_bytes, size_t max_entry_bytes)
    : shards_(new Shard[kShards]),
      seed_(new_seed(this)),
      max_entry_bytes_(std::min(max_entry_bytes, kRowCacheEntryLimit)) {
  for (size_t s = 0; s < kShards; ++s) shards_[s].capacity = capacity_bytes / kShards;
}

RowCache::~RowCache() = default;

RowCache::Shard& RowCache::shard_of(uint64_t hash) const {
  return shards_[hash >> (64 - kShardBits)];
}

std::optional<std::string> RowCache::lookup(std::string_view key, Miss* miss) const {
  const uint64_t hash = hash_of(key, seed_);
  Shard& shard = shard_of(hash);
  shard.prefetch_home(static_cast<uint32_t>(hash));
  std::lock_guard lock(shard.mutex);
  const size_t i = shard.find(static_cast<uint32_t>(hash), key);
  if (i != SIZE_MAX) {
    Slot& slot = shard.slots[i];
    slot.flags |= Slot::kReferenced;
    return std::string(slot.bytes() + slot.key_size, slot.value_size);
  }
  miss->hash = hash;
  miss->generation = shard.generation;
  return std::nullopt;
}

// An empty key would look like an empty slot (key_size 0): never cached.
bool RowCache::keeps(std::string_view key, size_t value_size) const {
  return !key.empty() && key.size() + value_size <= max_entry_bytes_;
}

void RowCache::fill(std::string_view key, std::string_view value, const Miss& miss) {
  if (!keeps(key, value.size())) return;
  Shard& shard = shard_of(miss.hash);
  std::lock_guard lock(shard.mutex);
  if (shard.generation != miss.generation) return;  // a commit may have changed key since the read
  const auto hash = static_cast<uint32_t>(miss.hash);
  if (shard.find(hash, key) != SIZE_MAX) return;  // another reader filled it
  shard.insert(hash, key, value);
}

void RowCache::update(std::string_view key, std::optional<std::string_view> value) {
  const uint64_t hash = hash_of(key, seed_);
  Shard& shard = shard_of(hash);
  std::lock_guard lock(shard.mutex);
  ++shard.generation;
  const size_t i = shard.find(static_cast<uint32_t>(hash), key);
  if (i != SIZE_MAX) shard.erase_at(i);
  if (value && keeps(key, value->size())) {
    shard.insert(static_cast<uint32_t>(hash), key, *value);
  }
}

size_t RowCache::entries() const {
  size_t total = 0;
  for (size_t s = 0; s < kShards; ++s) {
    std::lock_guard lock(shards_[s].mutex);
    total += shards_[s].used;
  }
  return total;
}

size_t RowCache::charged_bytes() const {
  size_t total = 0;
  for (size_t s = 0; s < kShards; ++s) {
    std::lock_guard lock(shards_[s].mutex);
    total += shards_[s].charged();
  }
  return total;
}

size_t RowCache::longest_probe_run() const {
  size_t longest = 0;
  for (size_t s = 0; s < kShards; ++s) {
    std::lock_guard lock(shards_[s].mutex);
    const Shard& shard = shards_[s];
    size_t run = 0;
    // Twice round: a run may wrap past the end of the table.
    for (size_t i = 0; i < 2 * shard.slot_count; ++i) {
      run = shard.slots[i & shard.mask()].used() ? run + 1 : 0;
      longest = std::max(longest, std::min(run, shard.slot_count));
    }
  }
  return longest;
}

}  // namespace syncwasm::state
