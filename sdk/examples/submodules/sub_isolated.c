/* sub_isolated.c: a submodule that uses nothing but NEAR's env functions: input, value_return and
 * storage (which acts on its policy's prefixed subtrie). Expected results: docs/submodules-sdk.md.
 *   increment       count += 1 under key "n", returns the new count as decimal text
 *   get             returns the count as decimal text ("0" when unset); no writes
 *   echo            returns its args unchanged
 *   fail            panics with "isolated: fail"
 *   trap            executes `unreachable`
 *   spin            loops forever (runs out of its gas limit)
 *   increment_fail  increments the count, then panics with "isolated: after write"
 *   has_count       "1" when key "n" exists, else "0"; no writes
 *   not_entry       an export that is not () -> () (status 4 when called) */
#include "../../syncwasm.h"

static const char kKey[] = "n";

static uint64_t load_count(void) {
  uint8_t v[8];
  if (storage_read(sizeof kKey - 1, NEAR_PTR(kKey), 0) == 1 && sw_read_register(0, v, 8) == 8) return sw_load_u64(v);
  return 0;
}

static uint64_t store_incremented(void) {
  uint64_t count = load_count() + 1;
  uint8_t v[8];
  sw_store_u64(v, count);
  storage_write(sizeof kKey - 1, NEAR_PTR(kKey), 8, NEAR_PTR(v), 0);
  return count;
}

SW_EXPORT(increment) void increment(void) { sw_return_u64(store_incremented()); }

SW_EXPORT(get) void get(void) { sw_return_u64(load_count()); }

SW_EXPORT(echo) void echo(void) {
  input(0);
  value_return(NEAR_REGISTER, 0);
}

SW_EXPORT(fail) void fail(void) { sw_panic("isolated: fail"); }

SW_EXPORT(trap) void trap(void) { __builtin_trap(); }

SW_EXPORT(spin) void spin(void) {
  volatile uint64_t i = 0;
  for (;;) i = i + 1;
}

SW_EXPORT(increment_fail) void increment_fail(void) {
  store_incremented();
  sw_panic("isolated: after write");
}

SW_EXPORT(has_count) void has_count(void) {
  sw_return_str(storage_has_key(sizeof kKey - 1, NEAR_PTR(kKey)) ? "1" : "0");
}

SW_EXPORT(not_entry) uint64_t not_entry(uint64_t x) { return x + 1; }
