/* token_sub.c: the logic of one token of the registry (token_main.c). One instance of this code is
 * deployed per token, under the token's 20-byte address, with policy
 *   {"storage_prefix_hex": "<address in hex>", "storage_access": "read_write"}
 * so its keys live under the address in the account's storage: "s" (total supply, u64 LE) and
 * "b" + owner account id (balance, u64 LE). Only token_main calls it, and token_main passes the
 * owner it vouches for (its predecessor), so the submodule trusts its arguments.
 * Expected results: docs/submodules-sdk.md.
 *   init          args = u64 supply, rest = owner: balance[owner] = supply; panics
 *                 "token: already initialised" the second time; returns nothing
 *   transfer      args = u64 amount, field from, rest = to: moves amount; panics
 *                 "token: insufficient balance"; returns the sender's new balance (decimal)
 *   balance_of    args = owner: the balance as decimal text ("0" when none)
 *   total_supply  the supply as decimal text */
#include "../../syncwasm.h"

#define MAX_ACCOUNT 64 /* NEAR account ids are 2..64 bytes */

static uint8_t g_args[8 + 4 + 2 * MAX_ACCOUNT];

static uint64_t read_args(void) {
  input(0);
  uint64_t len = sw_read_register(0, g_args, sizeof g_args);
  if (len > sizeof g_args) sw_panic("token: bad arguments");
  return len;
}

/* "b" + owner */
static uint64_t balance_key(uint8_t* key, const uint8_t* owner, uint64_t owner_len) {
  if (owner_len > MAX_ACCOUNT) sw_panic("token: bad arguments");
  key[0] = 'b';
  sw_memcpy(key + 1, owner, owner_len);
  return 1 + owner_len;
}

static uint64_t read_u64(const uint8_t* key, uint64_t key_len) {
  uint8_t v[8];
  if (storage_read(key_len, NEAR_PTR(key), 0) == 1 && sw_read_register(0, v, 8) == 8) return sw_load_u64(v);
  return 0;
}

static void write_u64(const uint8_t* key, uint64_t key_len, uint64_t value) {
  uint8_t v[8];
  sw_store_u64(v, value);
  storage_write(key_len, NEAR_PTR(key), 8, NEAR_PTR(v), 0);
}

static const uint8_t kSupplyKey[1] = {'s'};

SW_EXPORT(init) void init(void) {
  uint64_t len = read_args();
  if (len < 8) sw_panic("token: bad arguments");
  if (storage_has_key(1, NEAR_PTR(kSupplyKey))) sw_panic("token: already initialised");
  uint64_t supply = sw_load_u64(g_args);
  uint8_t key[1 + MAX_ACCOUNT];
  write_u64(kSupplyKey, 1, supply);
  write_u64(key, balance_key(key, g_args + 8, len - 8), supply);
}

SW_EXPORT(transfer) void transfer(void) {
  uint64_t len = read_args();
  uint64_t from_len;
  if (len < 12 || (from_len = sw_load_u32(g_args + 8)) > len - 12) sw_panic("token: bad arguments");
  uint64_t amount = sw_load_u64(g_args);
  const uint8_t* from = g_args + 12;
  const uint8_t* to = from + from_len;
  uint64_t to_len = len - 12 - from_len;
  uint8_t from_key[1 + MAX_ACCOUNT], to_key[1 + MAX_ACCOUNT];
  uint64_t from_key_len = balance_key(from_key, from, from_len);
  uint64_t to_key_len = balance_key(to_key, to, to_len);
  uint64_t from_balance = read_u64(from_key, from_key_len);
  if (from_balance < amount) sw_panic("token: insufficient balance");
  write_u64(from_key, from_key_len, from_balance - amount);
  /* read after the first write: a transfer to oneself leaves the balance unchanged */
  write_u64(to_key, to_key_len, read_u64(to_key, to_key_len) + amount);
  sw_return_u64(read_u64(from_key, from_key_len));
}

SW_EXPORT(balance_of) void balance_of(void) {
  uint64_t len = read_args();
  uint8_t key[1 + MAX_ACCOUNT];
  sw_return_u64(read_u64(key, balance_key(key, g_args, len)));
}

SW_EXPORT(total_supply) void total_supply(void) { sw_return_u64(read_u64(kSupplyKey, 1)); }
