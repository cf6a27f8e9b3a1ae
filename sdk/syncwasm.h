/* syncwasm.h: near.h plus syncwasm's submodule host functions (DESIGN.md §5, docs/submodules-sdk.md),
 * for contracts and submodules written in C and compiled with clang --target=wasm32 -nostdlib.
 *
 * Main contract (imports from "env"):
 *   submodule_deploy / submodule_remove / submodule_exists / submodule_call
 * Submodule:
 *   NEAR's env functions (input = the call's args, value_return = the result, storage_* on the
 *   policy's prefixed subtrie, no promises), parent_call (bytes in, bytes out into an allowed export
 *   of the main contract), and literal imports from module "parent" (SW_PARENT_IMPORT).
 * Every integer argument is a u64 (i64 in Wasm); every function returns a u64 status or nothing. */
#ifndef SYNCWASM_SDK_SYNCWASM_H
#define SYNCWASM_SDK_SYNCWASM_H

#include "near.h"

#define SW_IMPORT(name) __attribute__((import_module("env"), import_name(#name)))
/* A literal import of the main contract's export `name`: declare it with the export's C signature,
 *   SW_PARENT_IMPORT(add_u64) uint64_t add_u64(uint64_t a, uint64_t b);
 * The policy must list `name` in parent_functions and the Wasm signatures must match exactly. */
#define SW_PARENT_IMPORT(name) __attribute__((import_module("parent"), import_name(#name)))
#define SW_EXPORT(name) NEAR_EXPORT(name)

/* submodule_call / parent_call statuses (DESIGN.md §5). */
enum {
  SW_OK = 0,             /* success: the register holds the value_return bytes (maybe empty) */
  SW_TRAPPED = 1,        /* trapped or panicked: the register holds the error message */
  SW_OUT_OF_GAS = 2,     /* ran out of its gas limit: register untouched */
  SW_NO_SUCH_KEY = 3,    /* no submodule under that key: register untouched */
  SW_NO_SUCH_METHOD = 4, /* no such export, or not a () -> () entry point; parent_call: not allowed */
  SW_DEPTH_LIMIT = 5,    /* call depth limit reached: register untouched */
};
/* submodule_call flags: bit 0 = read-only (the callee and all it calls may not write storage).
 * Other bits are reserved: setting one fails the host call itself. */
#define SW_CALL_READ_ONLY ((uint64_t)1)
/* submodule_call gas_limit: 0 = all the gas that is left after the call's own costs. */
#define SW_ALL_GAS ((uint64_t)0)
/* submodule_deploy results. */
#define SW_DEPLOYED 0
#define SW_REJECTED 1

/* ---- main contract ---- */

/* Deploys (or replaces) the submodule under key (1..1024 bytes) with Wasm code and a JSON policy:
 *   {"storage_prefix_hex": "...", "storage_access": "none|read|read_write",
 *    "parent_functions": ["..."], "share_parent_memory": false, "nested_calls": false}
 * (every field optional; defaults "", read_write, [], false, false).
 * Returns 0 deployed, 1 rejected (the reason as text in register_id). */
SW_IMPORT(submodule_deploy) uint64_t submodule_deploy(uint64_t key_len, uint64_t key_ptr, uint64_t code_len,
                                                      uint64_t code_ptr, uint64_t policy_len, uint64_t policy_ptr,
                                                      uint64_t register_id);
/* Removes the submodule under key: 1 removed, 0 there was none. */
SW_IMPORT(submodule_remove) uint64_t submodule_remove(uint64_t key_len, uint64_t key_ptr);
/* 1 when a submodule is deployed under key, else 0. */
SW_IMPORT(submodule_exists) uint64_t submodule_exists(uint64_t key_len, uint64_t key_ptr);
/* Calls the export `method` (a () -> () entry point) of the submodule under key with args (its input),
 * synchronously, with at most gas_limit gas (0 = all that is left) and flags (SW_CALL_READ_ONLY).
 * Returns a status SW_OK..SW_DEPTH_LIMIT; on SW_OK register_id holds the result, on SW_TRAPPED the
 * message. A failed call (status != 0) leaves no writes and no logs. Also available inside a
 * submodule deployed with "nested_calls": true. */
SW_IMPORT(submodule_call) uint64_t submodule_call(uint64_t key_len, uint64_t key_ptr, uint64_t method_len,
                                                  uint64_t method_ptr, uint64_t args_len, uint64_t args_ptr,
                                                  uint64_t gas_limit, uint64_t flags, uint64_t register_id);

/* ---- submodule ---- */

/* Calls the main contract's export `method` (listed in the policy's parent_functions) with args as its
 * input. Returns SW_OK (its value_return bytes in register_id), SW_TRAPPED (it trapped or panicked, its
 * writes rolled back, the message in register_id) or SW_NO_SUCH_METHOD (not allowed, not exported).
 * Running out of gas is not caught: it ends the whole submodule call with status SW_OUT_OF_GAS. */
SW_IMPORT(parent_call) uint64_t parent_call(uint64_t method_len, uint64_t method_ptr, uint64_t args_len,
                                            uint64_t args_ptr, uint64_t register_id);

/* ---- helpers ---- */

/* Copies register_id into buf when it fits in cap bytes. Returns its length, which may exceed cap
 * (nothing copied then), or UINT64_MAX when the register is unset. */
static inline uint64_t sw_read_register(uint64_t register_id, void* buf, uint64_t cap) {
  uint64_t len = register_len(register_id);
  if (len != UINT64_MAX && len <= cap) read_register(register_id, NEAR_PTR(buf));
  return len;
}

/* Byte length of a NUL-terminated string (no libc here). */
static inline uint64_t sw_strlen(const char* s) {
  uint64_t n = 0;
  while (s[n]) ++n;
  return n;
}

/* The result of sw_submodule_call / sw_parent_call: the status and, for SW_OK and SW_TRAPPED, the
 * register's bytes copied into the caller's buffer (len may exceed the buffer's size: then nothing
 * was copied; len is 0 for the other statuses). */
typedef struct {
  uint64_t status;
  uint64_t len;
} sw_result;

static inline sw_result sw_take_result(uint64_t status, uint64_t register_id, void* out, uint64_t out_cap) {
  sw_result r = {status, 0};
  if (status == SW_OK || status == SW_TRAPPED) {
    uint64_t len = sw_read_register(register_id, out, out_cap);
    r.len = len == UINT64_MAX ? 0 : len;
  }
  return r;
}

/* submodule_call with a C-string method name; the result or message lands in out (out_cap bytes).
 * Uses register 0. */
static inline sw_result sw_submodule_call(const void* key, uint64_t key_len, const char* method, const void* args,
                                          uint64_t args_len, uint64_t gas_limit, uint64_t flags, void* out,
                                          uint64_t out_cap) {
  uint64_t status = submodule_call(key_len, NEAR_PTR(key), sw_strlen(method), NEAR_PTR(method), args_len,
                                   NEAR_PTR(args), gas_limit, flags, 0);
  return sw_take_result(status, 0, out, out_cap);
}

/* parent_call with a C-string method name; the result or message lands in out. Uses register 0. */
static inline sw_result sw_parent_call(const char* method, const void* args, uint64_t args_len, void* out,
                                       uint64_t out_cap) {
  uint64_t status = parent_call(sw_strlen(method), NEAR_PTR(method), args_len, NEAR_PTR(args), 0);
  return sw_take_result(status, 0, out, out_cap);
}

/* submodule_deploy with a C-string policy (NULL = defaults). On rejection the reason is in register 0. */
static inline uint64_t sw_submodule_deploy(const void* key, uint64_t key_len, const void* code, uint64_t code_len,
                                           const char* policy_json) {
  if (!policy_json) policy_json = "{}";
  return submodule_deploy(key_len, NEAR_PTR(key), code_len, NEAR_PTR(code), sw_strlen(policy_json),
                          NEAR_PTR(policy_json), 0);
}

/* Ends the call with a panic carrying a C-string message (status SW_TRAPPED for a submodule). */
static inline __attribute__((noreturn)) void sw_panic(const char* message) {
  panic_utf8(sw_strlen(message), NEAR_PTR(message));
  __builtin_unreachable();
}

/* Answers with a C string. */
static inline void sw_return_str(const char* s) { value_return(sw_strlen(s), NEAR_PTR(s)); }

/* Answers with n as decimal text. */
static inline void sw_return_u64(uint64_t n) {
  char tmp[20];
  char out[20];
  uint64_t len = 0;
  do {
    tmp[len++] = (char)('0' + n % 10);
    n /= 10;
  } while (n);
  for (uint64_t i = 0; i < len; ++i) out[i] = tmp[len - 1 - i];
  value_return(len, NEAR_PTR(out));
}

/* Byte copies. Build with -mbulk-memory: clang then emits memory.copy / memory.fill for these (and for
 * the copy loops it recognises) instead of calls to a memcpy that -nostdlib does not provide. */
#define sw_memcpy(dst, src, n) __builtin_memcpy((dst), (src), (n))
#define sw_memset(dst, byte, n) __builtin_memset((dst), (byte), (n))

/* Little-endian loads and stores (arguments are byte strings; no alignment assumed). */
static inline uint64_t sw_load_u64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}
static inline uint32_t sw_load_u32(const uint8_t* p) {
  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void sw_store_u64(uint8_t* p, uint64_t v) {
  for (int i = 0; i < 8; ++i) p[i] = (uint8_t)(v >> (8 * i));
}
static inline void sw_store_u32(uint8_t* p, uint32_t v) {
  for (int i = 0; i < 4; ++i) p[i] = (uint8_t)(v >> (8 * i));
}

#endif
