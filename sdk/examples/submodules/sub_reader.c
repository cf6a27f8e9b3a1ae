/* sub_reader.c: a submodule that only reads storage, for policies with "storage_access": "read"
 * (sub_isolated.c imports storage_write, so it cannot be deployed read-only). Deployed with the same
 * storage_prefix_hex as a sub_isolated it sees that one's counter. Expected results:
 * docs/submodules-sdk.md.
 *   get   the u64 under key "n" as decimal text ("0" when unset) */
#include "../../syncwasm.h"

SW_EXPORT(get) void get(void) {
  static const char kKey[] = "n";
  uint8_t v[8];
  uint64_t n = 0;
  if (storage_read(sizeof kKey - 1, NEAR_PTR(kKey), 0) == 1 && sw_read_register(0, v, 8) == 8) n = sw_load_u64(v);
  sw_return_u64(n);
}
