/* sub_shared_memory.c: a submodule that works on the main contract's memory ("parent" "memory",
 * policy {"share_parent_memory": true, "parent_functions": ["log_bytes"]}).
 * Built with -Wl,--import-memory (then the import is renamed from "env" to "parent"), limits
 * --initial-memory=64 MiB --max-memory=128 MiB (NEAR's 1024..2048 pages) and
 * --global-base=32 MiB: its stack and any data live in [32 MiB, 64 MiB), the region main.c leaves
 * to submodules, so they never clobber the parent's data, stack or arena.
 * Every method takes args = u32 pointer, u32 length (little endian) of a buffer in the parent's
 * memory (main.c's call_shared passes them). Expected results: docs/submodules-sdk.md.
 *   upper   turns ASCII a-z of the buffer into A-Z in place; returns how many bytes changed (decimal)
 *   sum     returns the sum of the buffer's bytes as decimal text; changes nothing
 *   log     has the parent log the buffer (parent log_bytes(ptr, len) reads the same memory) */
#include "../../syncwasm.h"

SW_PARENT_IMPORT(log_bytes) void log_bytes(uint64_t ptr, uint64_t len);

typedef struct {
  uint8_t* ptr;
  uint32_t len;
} buffer;

static buffer shared_buffer(void) {
  uint8_t args[8];
  input(0);
  if (sw_read_register(0, args, sizeof args) != sizeof args) sw_panic("shared: args must be u32 ptr, u32 len");
  buffer b = {(uint8_t*)(uintptr_t)sw_load_u32(args), sw_load_u32(args + 4)};
  return b;
}

SW_EXPORT(upper) void upper(void) {
  buffer b = shared_buffer();
  uint64_t changed = 0;
  for (uint32_t i = 0; i < b.len; ++i)
    if (b.ptr[i] >= 'a' && b.ptr[i] <= 'z') {
      b.ptr[i] = (uint8_t)(b.ptr[i] - 'a' + 'A');
      ++changed;
    }
  sw_return_u64(changed);
}

SW_EXPORT(sum) void sum(void) {
  buffer b = shared_buffer();
  uint64_t total = 0;
  for (uint32_t i = 0; i < b.len; ++i) total += b.ptr[i];
  sw_return_u64(total);
}

SW_EXPORT(log) void log_buffer(void) {
  buffer b = shared_buffer();
  log_bytes(NEAR_PTR(b.ptr), b.len);
  value_return(0, 0);
}
