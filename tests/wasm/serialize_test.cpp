// Serialized modules: round trips that behave as the original, and corrupt, truncated or
// foreign artifacts that are rejected.
#include <gtest/gtest.h>

#include "syncwasm/wasm/serialize.h"
#include "syncwasm/wasm/store.h"
#include "wat.h"

namespace syncwasm::wasm {
namespace {

const char* kModule = R"((module
  (type $t (func (param i32) (result i32)))
  (import "env" "twice" (func $twice (type $t)))
  (memory (export "mem") 1 2)
  (table 2 funcref)
  (global $g (mut i32) (i32.const 40))
  (elem (i32.const 0) $sq $twice)
  (data (i32.const 8) "\2a")
  (func $sq (type $t) (i32.mul (local.get 0) (local.get 0)))
  (func (export "run") (param i32) (result i32)
    (local $acc i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set $acc (i32.add (local.get $acc)
        (call_indirect (type $t) (local.get 0) (i32.and (local.get 0) (i32.const 1)))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br 0)))
    (i32.add (local.get $acc) (i32.add (global.get $g) (i32.load8_u (i32.const 8)))))))";

TrapKind twice(HostCall&, Slot* s) {
  s[0] = uint32_t(uint32_t(s[0]) * 2);
  return TrapKind::None;
}

EngineConfig metered() {
  EngineConfig c;
  c.metering.enabled = true;
  return c;
}

// Runs `run(n)` with metering; returns {result, gas used}.
std::pair<Slot, uint64_t> run(std::shared_ptr<const Module> m, Slot n) {
  Store store(metered());
  FuncInstance* host = store.create_host_function({{ValType::I32}, {ValType::I32}}, twice);
  std::vector<Extern> imports{{ExternKind::Func, host}};
  auto inst = store.instantiate(m, imports);
  EXPECT_TRUE(inst.ok()) << inst.error().message;
  if (!inst.ok()) return {};
  std::vector<Slot> r(1);
  store.set_gas_left(1ull << 40);
  ExecResult x = store.invoke((*inst)->find_export("run")->func, std::vector<Slot>{n}, r);
  EXPECT_TRUE(x.ok()) << x.message;
  return {r[0], (1ull << 40) - store.gas_left()};
}

class Serialize : public ::testing::Test {
 protected:
  void SetUp() override {
    auto m = compile(testing::wat_to_wasm(kModule), metered());
    ASSERT_TRUE(m.ok()) << m.error().message;
    module = *m;
    artifact = serialize_module(*module, metered());
  }
  std::shared_ptr<const Module> module;
  std::vector<uint8_t> artifact;
};

TEST_F(Serialize, RoundTripBehavesAsTheOriginal) {
  auto loaded = deserialize_module(artifact, metered());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  auto original = run(module, 10);
  // Odd n go through $twice (table slot 1), even n through $sq (slot 0); + global 40 + byte 42.
  EXPECT_EQ(original.first, 2 * (1 + 3 + 5 + 7 + 9) + (4 + 16 + 36 + 64 + 100) + 82u);
  EXPECT_EQ(run(*loaded, 10), original);
  // The artifact of the loaded module is the same bytes.
  EXPECT_EQ(serialize_module(**loaded, metered()), artifact);
}

TEST_F(Serialize, EverySingleByteFlipIsRejected) {
  auto original = run(module, 7);
  for (size_t i = 0; i < artifact.size(); ++i) {
    std::vector<uint8_t> bad = artifact;
    bad[i] ^= 0xff;
    auto loaded = deserialize_module(bad, metered());
    if (loaded.ok()) {
      ADD_FAILURE() << "flipped byte " << i << " was accepted";
      EXPECT_EQ(run(*loaded, 7), original);  // it would at least have to behave the same
    } else {
      EXPECT_EQ(loaded.error().kind, ErrorKind::Malformed);
    }
  }
}

TEST_F(Serialize, TruncatedArtifactsAreRejected) {
  for (size_t n = 0; n < artifact.size(); ++n) {
    auto loaded = deserialize_module(std::span<const uint8_t>(artifact.data(), n), metered());
    EXPECT_FALSE(loaded.ok()) << "accepted " << n << " bytes";
  }
}

TEST_F(Serialize, ForeignArtifactsAreRejected) {
  auto other_config = deserialize_module(artifact, EngineConfig{});
  ASSERT_FALSE(other_config.ok());
  EXPECT_NE(other_config.error().message.find("another engine config"), std::string::npos);
  auto wasm_bytes = testing::wat_to_wasm(kModule);
  auto not_artifact = deserialize_module(wasm_bytes, metered());
  ASSERT_FALSE(not_artifact.ok());
  EXPECT_NE(not_artifact.error().message.find("not a syncwasm module artifact"), std::string::npos);
}

}  // namespace
}  // namespace syncwasm::wasm
