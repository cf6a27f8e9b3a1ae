/* sub_callback.c: a submodule that calls back into the main contract with parent_call (bytes in,
 * bytes out; the export reads them with input() and answers with value_return()). Its policy lists
 * the exports it may call, e.g. {"parent_functions": ["boom", "call", "echo", "recall", "remember"]}.
 * Expected results: docs/submodules-sdk.md.
 *   relay       args = field method (u32 LE length, name), rest = bytes: parent_call(method, bytes);
 *               returns the status digit, then the result (status 0) or message (status 1)
 *   relay_fail  as relay, then panics with "callback: after parent_call" (what the parent export
 *               wrote is rolled back with the rest of this call)
 *   loop        args = this submodule's own key: re-enters main.c's `call` export through
 *               parent_call("call", gas 0, flags 0, key, "loop", key), and so on until the depth
 *               limit; returns the parent_call status digit, then what `call` answered */
#include "../../syncwasm.h"

static uint8_t g_out[4096];

static void relay_from(const uint8_t* args, uint64_t len) {
  if (len < 4 || sw_load_u32(args) > len - 4) sw_panic("callback: args must be field method, rest bytes");
  uint64_t method_len = sw_load_u32(args);
  const uint8_t* method = args + 4;
  uint64_t status = parent_call(method_len, NEAR_PTR(method), len - 4 - method_len, NEAR_PTR(method + method_len), 1);
  uint64_t out_len = 0;
  if (status == SW_OK || status == SW_TRAPPED) {
    out_len = sw_read_register(1, g_out + 1, sizeof g_out - 1);
    if (out_len == UINT64_MAX) out_len = 0;
    if (out_len > sizeof g_out - 1) sw_panic("callback: result too long");
  }
  g_out[0] = (uint8_t)('0' + status);
  value_return(1 + out_len, NEAR_PTR(g_out));
}

static uint64_t read_args(uint8_t* buf, uint64_t cap) {
  input(0);
  uint64_t len = sw_read_register(0, buf, cap);
  if (len > cap) sw_panic("callback: args too long");
  return len;
}

static uint8_t g_args[4096];

SW_EXPORT(relay) void relay(void) { relay_from(g_args, read_args(g_args, sizeof g_args)); }

SW_EXPORT(relay_fail) void relay_fail(void) {
  relay_from(g_args, read_args(g_args, sizeof g_args));
  sw_panic("callback: after parent_call");
}

/* parent_call("call", ...) with main.c's `call` input: u64 gas, u64 flags, field key, field "loop",
 * rest = key. */
SW_EXPORT(loop) void loop(void) {
  static uint8_t key[1024];
  uint64_t key_len = read_args(key, sizeof key);
  uint8_t* p = g_args;
  sw_store_u32(p, 4); /* relay_from's field method: "call" */
  sw_memcpy(p + 4, "call", 4);
  p += 8;
  sw_store_u64(p, 0); /* gas_limit 0: all that is left */
  sw_store_u64(p + 8, 0); /* flags */
  p += 16;
  sw_store_u32(p, (uint32_t)key_len);
  sw_memcpy(p + 4, key, key_len);
  p += 4 + key_len;
  sw_store_u32(p, 4);
  sw_memcpy(p + 4, "loop", 4);
  p += 8;
  sw_memcpy(p, key, key_len);
  p += key_len;
  relay_from(g_args, (uint64_t)(p - g_args));
}
