/* sub_nested.c: a submodule that calls submodules itself (policy {"nested_calls": true}); the depth
 * limit counts every parent/submodule transition. Expected results: docs/submodules-sdk.md.
 *   forward     args = field key, field method, rest = args: submodule_call(key, method, args, gas 0,
 *               flags 0); returns the status digit, then the result (0) or message (1)
 *   forward_ro  the same with the read-only flag
 *   dive        args = this submodule's own key: forward(key, "dive", key), until the depth limit */
#include "../../syncwasm.h"

static uint8_t g_args[4096];
static uint8_t g_out[4096];

static void forward_from(const uint8_t* a, uint64_t len, uint64_t flags) {
  uint64_t key_len, method_len;
  if (len < 4 || (key_len = sw_load_u32(a)) > len - 4 || len - 4 - key_len < 4 ||
      (method_len = sw_load_u32(a + 4 + key_len)) > len - 8 - key_len)
    sw_panic("nested: args must be field key, field method, rest args");
  const uint8_t* key = a + 4;
  const uint8_t* method = key + key_len + 4;
  const uint8_t* args = method + method_len;
  uint64_t status = submodule_call(key_len, NEAR_PTR(key), method_len, NEAR_PTR(method), len - 8 - key_len - method_len,
                                   NEAR_PTR(args), SW_ALL_GAS, flags, 1);
  uint64_t out_len = 0;
  if (status == SW_OK || status == SW_TRAPPED) {
    out_len = sw_read_register(1, g_out + 1, sizeof g_out - 1);
    if (out_len == UINT64_MAX) out_len = 0;
    if (out_len > sizeof g_out - 1) sw_panic("nested: result too long");
  }
  g_out[0] = (uint8_t)('0' + status);
  value_return(1 + out_len, NEAR_PTR(g_out));
}

static uint64_t read_args(uint8_t* buf, uint64_t cap) {
  input(0);
  uint64_t len = sw_read_register(0, buf, cap);
  if (len > cap) sw_panic("nested: args too long");
  return len;
}

SW_EXPORT(forward) void forward(void) { forward_from(g_args, read_args(g_args, sizeof g_args), 0); }

SW_EXPORT(forward_ro) void forward_ro(void) {
  forward_from(g_args, read_args(g_args, sizeof g_args), SW_CALL_READ_ONLY);
}

SW_EXPORT(dive) void dive(void) {
  static uint8_t key[1024];
  uint64_t key_len = read_args(key, sizeof key);
  uint8_t* p = g_args;
  sw_store_u32(p, (uint32_t)key_len);
  sw_memcpy(p + 4, key, key_len);
  p += 4 + key_len;
  sw_store_u32(p, 4);
  sw_memcpy(p + 4, "dive", 4);
  p += 8;
  sw_memcpy(p, key, key_len);
  p += key_len;
  forward_from(g_args, (uint64_t)(p - g_args), 0);
}
