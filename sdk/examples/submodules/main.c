/* main.c: a main contract that deploys, removes and calls submodules from its input, and exports
 * functions its submodules may import ("parent" "<name>") or call back (parent_call).
 * Argument formats and expected results: docs/submodules-sdk.md ("main.c").
 *
 * Arguments are binary: a field is a u32 little-endian length then its bytes; numbers are u64 little
 * endian; "rest" is every byte left. Status answers are one ASCII digit ('0'..'5').
 *
 * Re-entry: a submodule may call back into this contract (literal imports, parent_call, nested
 * submodule_call) while a method here is suspended inside submodule_call. Nothing here keeps state
 * in fixed buffers across a host call: memory comes from a stack-like arena above __heap_base that
 * every method releases before it returns. The arena stays below SW_SHARED_BASE (32 MiB): the region
 * [32 MiB, 64 MiB) of this contract's memory belongs to submodules that import it (see
 * sub_shared_memory.c, linked with --global-base=33554432). */
#include "../../syncwasm.h"

#define SW_SHARED_BASE 0x2000000u

extern unsigned char __heap_base;
static uint8_t* g_top;

static uint8_t* arena_mark(void) {
  if (!g_top) g_top = &__heap_base;
  return g_top;
}
static void arena_release(uint8_t* mark) { g_top = mark; }
static uint8_t* arena_alloc(uint64_t n) {
  uint8_t* p = arena_mark();
  n = (n + 15) & ~(uint64_t)15;
  if ((uint64_t)(uintptr_t)p + n > SW_SHARED_BASE) sw_panic("main: out of arena memory");
  g_top = p + n;
  return p;
}

/* The input, copied into the arena. */
typedef struct {
  const uint8_t* p;
  uint64_t left;
} cursor;

static cursor read_input(void) {
  input(0);
  uint64_t len = register_len(0);
  uint8_t* buf = arena_alloc(len);
  read_register(0, NEAR_PTR(buf));
  cursor c = {buf, len};
  return c;
}
static const uint8_t* take(cursor* c, uint64_t n) {
  if (n > c->left) sw_panic("main: bad arguments");
  const uint8_t* p = c->p;
  c->p += n;
  c->left -= n;
  return p;
}
static uint64_t take_u64(cursor* c) { return sw_load_u64(take(c, 8)); }
static const uint8_t* take_field(cursor* c, uint64_t* len) {
  *len = sw_load_u32(take(c, 4));
  return take(c, *len);
}

/* The length of what register 0 holds for the answer after a call with this status: its result
 * (SW_OK) or error message (SW_TRAPPED); 0 otherwise or when unset. */
static uint64_t answer_len(uint64_t status) {
  uint64_t len = register_len(0);
  if (len == UINT64_MAX || (status != SW_OK && status != SW_TRAPPED)) len = 0;
  return len;
}

/* Answers with a status digit followed by `len` bytes of register 0 (when set). */
static void return_status_and_register(uint64_t status) {
  uint64_t len = answer_len(status);
  uint8_t* out = arena_alloc(1 + len);
  out[0] = (uint8_t)('0' + status);
  if (len) read_register(0, NEAR_PTR(out + 1));
  value_return(1 + len, NEAR_PTR(out));
}

static void return_digit(uint64_t d) {
  char c = (char)('0' + d);
  value_return(1, NEAR_PTR(&c));
}

/* The head of the input of call, call_n (after its count) and call_shared: u64 gas_limit,
 * u64 flags, field key, field method. The cursor keeps the rest (args or data). */
typedef struct {
  uint64_t gas, flags, key_len, method_len;
  const uint8_t* key;
  const uint8_t* method;
} call_head;

static call_head take_call_head(cursor* c) {
  call_head h;
  h.gas = take_u64(c);
  h.flags = take_u64(c);
  h.key = take_field(c, &h.key_len);
  h.method = take_field(c, &h.method_len);
  return h;
}

/* submodule_call of the head's key and method, with its gas limit and flags. */
static uint64_t call_submodule(const call_head* h, uint64_t args_len, const void* args) {
  return submodule_call(h->key_len, NEAR_PTR(h->key), h->method_len, NEAR_PTR(h->method), args_len,
                        NEAR_PTR(args), h->gas, h->flags, 0);
}

/* deploy: field key, field policy JSON, rest = code.  -> "0" | "1" + reason */
SW_EXPORT(deploy) void m_deploy(void) {
  uint8_t* mark = arena_mark();
  cursor c = read_input();
  uint64_t key_len, policy_len;
  const uint8_t* key = take_field(&c, &key_len);
  const uint8_t* policy = take_field(&c, &policy_len);
  uint64_t status = submodule_deploy(key_len, NEAR_PTR(key), c.left, NEAR_PTR(c.p), policy_len, NEAR_PTR(policy), 0);
  if (status == SW_DEPLOYED)
    return_digit(status); /* register 0 still holds our input: only a rejection writes it */
  else
    return_status_and_register(status); /* SW_REJECTED: the reason is in register 0 */
  arena_release(mark);
}

/* remove: input = key.  -> "1" removed | "0" absent */
SW_EXPORT(remove) void m_remove(void) {
  uint8_t* mark = arena_mark();
  cursor c = read_input();
  return_digit(submodule_remove(c.left, NEAR_PTR(c.p)));
  arena_release(mark);
}

/* exists: input = key.  -> "1" | "0" */
SW_EXPORT(exists) void m_exists(void) {
  uint8_t* mark = arena_mark();
  cursor c = read_input();
  return_digit(submodule_exists(c.left, NEAR_PTR(c.p)));
  arena_release(mark);
}

/* call: u64 gas_limit, u64 flags, field key, field method, rest = args.
 * -> status digit, then the result (status 0) or the error message (status 1) */
SW_EXPORT(call) void m_call(void) {
  uint8_t* mark = arena_mark();
  cursor c = read_input();
  call_head h = take_call_head(&c);
  return_status_and_register(call_submodule(&h, c.left, c.p));
  arena_release(mark);
}

/* call_n: u64 count, u64 gas_limit, u64 flags, field key, field method, rest = args: the same call
 * `count` times in this one execution.
 * -> one status digit per call, then the last call's result or message */
SW_EXPORT(call_n) void m_call_n(void) {
  uint8_t* mark = arena_mark();
  cursor c = read_input();
  uint64_t count = take_u64(&c);
  call_head h = take_call_head(&c);
  if (count == 0 || count > 10000) sw_panic("main: count must be 1..10000");
  uint8_t* digits = arena_alloc(count);
  uint64_t status = 0;
  for (uint64_t i = 0; i < count; ++i) {
    status = call_submodule(&h, c.left, c.p);
    digits[i] = (uint8_t)('0' + status);
  }
  uint64_t len = answer_len(status);
  uint8_t* out = arena_alloc(count + len);
  sw_memcpy(out, digits, count);
  if (len) read_register(0, NEAR_PTR(out + count));
  value_return(count + len, NEAR_PTR(out));
  arena_release(mark);
}

/* call_shared: u64 gas_limit, u64 flags, field key, field method, rest = data. Copies data into this
 * contract's memory and calls the submodule with args = u32 pointer, u32 length of that copy (for a
 * submodule that imports "parent" "memory").
 * -> status digit, the data as the submodule left it (same length), then the result or message */
SW_EXPORT(call_shared) void m_call_shared(void) {
  uint8_t* mark = arena_mark();
  cursor c = read_input();
  call_head h = take_call_head(&c);
  uint64_t data_len = c.left;
  uint8_t* data = arena_alloc(data_len);
  sw_memcpy(data, c.p, data_len);
  uint8_t args[8];
  sw_store_u32(args, (uint32_t)(uintptr_t)data);
  sw_store_u32(args + 4, (uint32_t)data_len);
  uint64_t status = call_submodule(&h, 8, args);
  uint64_t len = answer_len(status);
  uint8_t* out = arena_alloc(1 + data_len + len);
  out[0] = (uint8_t)('0' + status);
  sw_memcpy(out + 1, data, data_len);
  if (len) read_register(0, NEAR_PTR(out + 1 + data_len));
  value_return(1 + data_len + len, NEAR_PTR(out));
  arena_release(mark);
}

/* ---- exports for literal imports ("parent" "<name>"); not NEAR methods (they take arguments) ---- */

static const char kCounterKey[] = "counter";

/* (i64, i64) -> i64: a + b (wrapping). */
SW_EXPORT(add_u64) uint64_t add_u64(uint64_t a, uint64_t b) { return a + b; }

/* (i64) -> (): logs n as decimal text, twice. */
SW_EXPORT(log_twice) void log_twice(uint64_t n) {
  char tmp[20], text[20];
  uint64_t len = 0;
  do {
    tmp[len++] = (char)('0' + n % 10);
    n /= 10;
  } while (n);
  for (uint64_t i = 0; i < len; ++i) text[i] = tmp[len - 1 - i];
  log_utf8(len, NEAR_PTR(text));
  log_utf8(len, NEAR_PTR(text));
}

/* () -> i64: the u64 under this account's key "counter" (0 when absent). */
SW_EXPORT(get_counter) uint64_t get_counter(void) {
  uint8_t v[8];
  if (storage_read(sizeof kCounterKey - 1, NEAR_PTR(kCounterKey), 0) == 1 && register_len(0) == 8) {
    read_register(0, NEAR_PTR(v));
    return sw_load_u64(v);
  }
  return 0;
}

/* (i64) -> (): stores n under key "counter" (8 bytes little endian). */
SW_EXPORT(put_counter) void put_counter(uint64_t n) {
  uint8_t v[8];
  sw_store_u64(v, n);
  storage_write(sizeof kCounterKey - 1, NEAR_PTR(kCounterKey), 8, NEAR_PTR(v), 0);
}

/* (i64, i64) -> (): logs len bytes at ptr in THIS contract's memory (a shared-memory submodule
 * passes pointers into it). */
SW_EXPORT(log_bytes) void log_bytes(uint64_t ptr, uint64_t len) { log_utf8(len, ptr); }

/* ---- methods: bytes in, bytes out (also targets of parent_call) ---- */

static const char kNoteKey[] = "note";

/* echo: -> "echo:" + input */
SW_EXPORT(echo) void m_echo(void) {
  uint8_t* mark = arena_mark();
  cursor c = read_input();
  uint8_t* out = arena_alloc(5 + c.left);
  sw_memcpy(out, "echo:", 5);
  sw_memcpy(out + 5, c.p, c.left);
  value_return(5 + c.left, NEAR_PTR(out));
  arena_release(mark);
}

/* remember: stores the input under key "note". -> "ok" */
SW_EXPORT(remember) void m_remember(void) {
  input(0);
  storage_write(sizeof kNoteKey - 1, NEAR_PTR(kNoteKey), NEAR_REGISTER, 0, 1);
  sw_return_str("ok");
}

/* recall: -> the bytes under key "note" (empty when absent) */
SW_EXPORT(recall) void m_recall(void) {
  if (storage_read(sizeof kNoteKey - 1, NEAR_PTR(kNoteKey), 0) == 1)
    value_return(NEAR_REGISTER, 0);
  else
    value_return(0, 0);
}

/* boom: stores "boom" under key "note", then panics with "boom" (the write is rolled back). */
SW_EXPORT(boom) void m_boom(void) {
  storage_write(sizeof kNoteKey - 1, NEAR_PTR(kNoteKey), 4, NEAR_PTR("boom"), 0);
  sw_panic("boom");
}

/* read_counter: -> get_counter() as decimal text */
SW_EXPORT(read_counter) void m_read_counter(void) { sw_return_u64(get_counter()); }
