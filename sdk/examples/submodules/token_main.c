/* token_main.c: a token registry. Every token is a submodule (token_sub.c) under its 20-byte address,
 * with storage_prefix = the address, so each token's balances are a subtrie of this account's
 * storage. This contract owns the identity check: it passes its predecessor as the owner/sender.
 * Arguments are binary (u64 little endian, address = 20 raw bytes, account ids as raw text); numbers
 * come back as decimal text. Expected results: docs/submodules-sdk.md.
 *   set_code      input = token_sub.wasm; only this account may call it
 *   create_token  address, u64 supply: deploys a token under address, supply to the predecessor
 *   transfer      address, u64 amount, rest = receiver: from the predecessor; returns the sender's
 *                 new balance
 *   balance_of    address, rest = owner: the owner's balance
 *   total_supply  address: the token's supply
 * Failures panic: "token_main: ..." or the token's own message ("token: insufficient balance"). */
#include "../../syncwasm.h"

#define ADDRESS_LEN 20

static const char kCodeKey[] = "code";
extern unsigned char __heap_base; /* scratch memory: the code, messages */

static uint8_t g_in[ADDRESS_LEN + 8 + 64];
static uint8_t g_args[8 + 4 + 64 + 64];

static uint64_t read_input(uint64_t min_len) {
  input(0);
  uint64_t len = sw_read_register(0, g_in, sizeof g_in);
  if (len < min_len || len > sizeof g_in) sw_panic("token_main: bad arguments");
  return len;
}

/* The predecessor's account id into buf (64 bytes); returns its length. */
static uint64_t predecessor(uint8_t* buf) {
  predecessor_account_id(0);
  uint64_t len = sw_read_register(0, buf, 64);
  if (len > 64) sw_panic("token_main: bad predecessor");
  return len;
}

/* Panics with prefix + the message in register 0. */
static void panic_with_register(const char* prefix) {
  uint64_t prefix_len = sw_strlen(prefix);
  uint64_t len = register_len(0);
  if (len == UINT64_MAX) len = 0;
  uint8_t* msg = &__heap_base;
  sw_memcpy(msg, prefix, prefix_len);
  if (len) read_register(0, NEAR_PTR(msg + prefix_len));
  panic_utf8(prefix_len + len, NEAR_PTR(msg));
}

/* submodule_call; on failure panics; on success the result stays in register 0. */
static void call_token(const uint8_t* address, const char* method, const uint8_t* args, uint64_t args_len,
                       uint64_t flags) {
  uint64_t status = submodule_call(ADDRESS_LEN, NEAR_PTR(address), sw_strlen(method), NEAR_PTR(method), args_len,
                                   NEAR_PTR(args), SW_ALL_GAS, flags, 0);
  if (status == SW_OK) return;
  if (status == SW_NO_SUCH_KEY) sw_panic("token_main: no such token");
  if (status == SW_TRAPPED) panic_with_register("");
  char msg[] = "token_main: token call failed with status ?";
  msg[sizeof msg - 2] = (char)('0' + status);
  sw_panic(msg);
}

static void return_register(void) { value_return(NEAR_REGISTER, 0); }

SW_EXPORT(set_code) void set_code(void) {
  uint8_t me[64], caller[64];
  current_account_id(0);
  uint64_t me_len = sw_read_register(0, me, sizeof me);
  uint64_t caller_len = predecessor(caller);
  int same = me_len == caller_len;
  for (uint64_t i = 0; same && i < me_len; ++i) same = me[i] == caller[i];
  if (!same) sw_panic("token_main: only the account may set the code");
  input(0);
  storage_write(sizeof kCodeKey - 1, NEAR_PTR(kCodeKey), NEAR_REGISTER, 0, 0);
}

SW_EXPORT(create_token) void create_token(void) {
  static const char kHex[] = "0123456789abcdef";
  read_input(ADDRESS_LEN + 8);
  const uint8_t* address = g_in;
  if (submodule_exists(ADDRESS_LEN, NEAR_PTR(address))) sw_panic("token_main: token exists");
  if (storage_read(sizeof kCodeKey - 1, NEAR_PTR(kCodeKey), 0) != 1) sw_panic("token_main: no code, call set_code");
  uint64_t code_len = register_len(0);
  uint8_t* code = &__heap_base;
  read_register(0, NEAR_PTR(code));

  char policy[] = "{\"storage_prefix_hex\":\"0000000000000000000000000000000000000000\","
                  "\"storage_access\":\"read_write\"}";
  char* hex = policy + 23;
  for (int i = 0; i < ADDRESS_LEN; ++i) {
    hex[2 * i] = kHex[address[i] >> 4];
    hex[2 * i + 1] = kHex[address[i] & 15];
  }
  if (submodule_deploy(ADDRESS_LEN, NEAR_PTR(address), code_len, NEAR_PTR(code), sizeof policy - 1, NEAR_PTR(policy),
                       0) != SW_DEPLOYED)
    panic_with_register("token_main: deploy rejected: ");

  sw_memcpy(g_args, g_in + ADDRESS_LEN, 8); /* supply */
  uint64_t owner_len = predecessor(g_args + 8);
  call_token(address, "init", g_args, 8 + owner_len, 0);
}

SW_EXPORT(transfer) void transfer(void) {
  uint64_t len = read_input(ADDRESS_LEN + 8);
  uint64_t to_len = len - ADDRESS_LEN - 8;
  if (to_len > 64) sw_panic("token_main: bad arguments");
  sw_memcpy(g_args, g_in + ADDRESS_LEN, 8); /* amount */
  uint64_t from_len = predecessor(g_args + 12);
  sw_store_u32(g_args + 8, (uint32_t)from_len);
  sw_memcpy(g_args + 12 + from_len, g_in + ADDRESS_LEN + 8, to_len);
  call_token(g_in, "transfer", g_args, 12 + from_len + to_len, 0);
  return_register();
}

SW_EXPORT(balance_of) void balance_of(void) {
  uint64_t len = read_input(ADDRESS_LEN);
  call_token(g_in, "balance_of", g_in + ADDRESS_LEN, len - ADDRESS_LEN, SW_CALL_READ_ONLY);
  return_register();
}

SW_EXPORT(total_supply) void total_supply(void) {
  read_input(ADDRESS_LEN);
  call_token(g_in, "total_supply", 0, 0, SW_CALL_READ_ONLY);
  return_register();
}
