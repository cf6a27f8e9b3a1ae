// Test harness: a VmLogic over an empty state, with a 1-page guest memory, so host functions can
// be called directly and their gas compared with nearcore's formulas.
#pragma once

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <string>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/prepare.h"
#include "syncwasm/runtime/vm_logic.h"
#include "syncwasm/state/overlay.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::testing {

class EmptyState final : public state::StateReader {
 public:
  state::Result<std::optional<std::string>> get(std::string_view) const override {
    return std::optional<std::string>{};
  }
  state::Status scan_prefix(std::string_view, const Visitor&) const override { return {}; }
};

struct LogicHarness {
  runtime::RuntimeConfig config;
  runtime::VmContext context;
  EmptyState base;
  state::StateOverlay overlay{static_cast<const state::StateReader&>(base)};
  wasm::Store store{runtime::near_engine_config(config)};
  wasm::Instance caller;
  std::unique_ptr<runtime::VmLogic> logic;
  const runtime::ExtCosts& c = config.ext;

  LogicHarness() {
    context.current_account_id = "alice.near";
    context.signer_account_id = "bob.near";
    context.predecessor_account_id = "carol.near";
    context.signer_account_pk = std::string(33, '\x01');
    context.prepaid_gas = 300 * 1'000'000'000'000ull;
    context.account_balance = 100;
    context.attached_deposit = 7;
    context.storage_usage = 1000;
    context.block_height = 42;
    context.block_timestamp = 1'700'000'000'000'000'000ull;
    context.epoch_height = 3;
    for (int i = 0; i < 32; ++i) context.random_seed[i] = uint8_t(i);
    caller.memory0 = store.create_memory(wasm::MemoryType{wasm::Limits{1, 1}}).value();
  }
  // Creates the logic (after the test set up context) and binds it to the guest memory.
  runtime::VmLogic& start() {
    logic = std::make_unique<runtime::VmLogic>(config, context, overlay, store);
    wasm::HostCall call{&store, &caller, logic.get()};
    logic->enter(call);
    return *logic;
  }
  // start(), then promise_batch_create of a batch to the current account (alice.near, written at
  // 0): promise index 0, its actions paid at the sender-is-receiver rates.
  runtime::VmLogic& start_with_batch_to_self() {
    runtime::VmLogic& L = start();
    put(0, "alice.near");
    EXPECT_EQ(L.promise_batch_create(10, 0).value(), 0u);
    return L;
  }
  const uint8_t* mem() { return caller.memory0->data(); }
  void put(uint64_t at, std::string_view bytes) {
    std::memcpy(caller.memory0->writable(at, bytes.size()), bytes.data(), bytes.size());
  }
  std::string get(uint64_t at, size_t n) {
    return std::string(reinterpret_cast<const char*>(mem() + at), n);
  }
  runtime::Gas burnt() const { return logic->burnt_gas(); }
};

// The gas of reading n bytes of guest memory, and of writing n bytes into a register.
inline runtime::Gas memory_read(const runtime::ExtCosts& c, uint64_t n) {
  return c.read_memory_base + n * c.read_memory_byte;
}
inline runtime::Gas register_write(const runtime::ExtCosts& c, uint64_t n) {
  return c.write_register_base + n * c.write_register_byte;
}

inline std::string to_hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char b : bytes) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

inline std::string from_hex(std::string_view hex) {
  std::string out;
  auto v = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  for (size_t i = 0; i + 1 < hex.size(); i += 2) out.push_back(char(v(hex[i]) * 16 + v(hex[i + 1])));
  return out;
}

}  // namespace syncwasm::testing
