/* sub_imports.c: a submodule linked directly to functions of the main contract (main.c) through
 * literal imports from module "parent". Its policy must list them:
 *   {"parent_functions": ["add_u64", "get_counter", "log_twice", "put_counter"]}
 * Parent code runs in the main contract's instance (its storage is the account's, key "counter"),
 * metered against this submodule's gas limit. Expected results: docs/submodules-sdk.md.
 *   sum    args = u64 a, u64 b (little endian): returns add_u64(a, b) as decimal text
 *   bump   c = get_counter() + 1; put_counter(c); log_twice(c); returns c as decimal text
 *   peek   returns get_counter() as decimal text; no writes */
#include "../../syncwasm.h"

SW_PARENT_IMPORT(add_u64) uint64_t add_u64(uint64_t a, uint64_t b);
SW_PARENT_IMPORT(log_twice) void log_twice(uint64_t n);
SW_PARENT_IMPORT(get_counter) uint64_t get_counter(void);
SW_PARENT_IMPORT(put_counter) void put_counter(uint64_t n);

SW_EXPORT(sum) void sum(void) {
  uint8_t args[16];
  input(0);
  if (sw_read_register(0, args, sizeof args) != sizeof args) sw_panic("sum: args must be two u64");
  sw_return_u64(add_u64(sw_load_u64(args), sw_load_u64(args + 8)));
}

SW_EXPORT(bump) void bump(void) {
  uint64_t c = get_counter() + 1;
  put_counter(c);
  log_twice(c);
  sw_return_u64(c);
}

SW_EXPORT(peek) void peek(void) { sw_return_u64(get_counter()); }
