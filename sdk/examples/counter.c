/* A counter in C on the NEAR ABI: the count is a u64 under key "count".
 *   increment(): count += 1, logs "count is N", returns N as decimal text
 *   get():       returns the count as decimal text
 *   hash():      returns sha256 of the input, in hex */
#include "../near.h"

static const char kKey[] = "count";

static uint64_t load_count(void) {
  uint64_t value = 0;
  if (storage_read(sizeof kKey - 1, NEAR_PTR(kKey), 0) == 1 && register_len(0) == 8) read_register(0, NEAR_PTR(&value));
  return value;
}

/* Decimal text of n into buf (at least 20 bytes); returns its length. */
static uint64_t to_decimal(uint64_t n, char* buf) {
  char tmp[20];
  uint64_t len = 0;
  do {
    tmp[len++] = (char)('0' + n % 10);
    n /= 10;
  } while (n);
  for (uint64_t i = 0; i < len; ++i) buf[i] = tmp[len - 1 - i];
  return len;
}

NEAR_EXPORT(increment) void increment(void) {
  uint64_t count = load_count() + 1;
  storage_write(sizeof kKey - 1, NEAR_PTR(kKey), 8, NEAR_PTR(&count), 1);
  char log[40] = "count is ";
  uint64_t len = 9 + to_decimal(count, log + 9);
  log_utf8(len, NEAR_PTR(log));
  value_return(len - 9, NEAR_PTR(log + 9));
}

NEAR_EXPORT(get) void get(void) {
  char buf[20];
  uint64_t len = to_decimal(load_count(), buf);
  value_return(len, NEAR_PTR(buf));
}

NEAR_EXPORT(hash) void hash(void) {
  static const char kHex[] = "0123456789abcdef";
  input(0);
  sha256(NEAR_REGISTER, 0, 1);
  unsigned char digest[32];
  read_register(1, NEAR_PTR(digest));
  char hex[64];
  for (int i = 0; i < 32; ++i) {
    hex[2 * i] = kHex[digest[i] >> 4];
    hex[2 * i + 1] = kHex[digest[i] & 15];
  }
  value_return(64, NEAR_PTR(hex));
}
