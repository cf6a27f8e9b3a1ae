// Serialized modules: round trips that behave as the original, and corrupt, truncated or
// foreign artifacts that are rejected.
#include "syncwasm/wasm/serialize.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "syncwasm/sha256.h"
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

// Every block of a loaded module's containers inside its one arena block.
void expect_all_in_arena(const Module& m) {
  ASSERT_TRUE(m.arena);
  const std::byte* begin = m.arena_block.get();
  const std::byte* end = begin + m.arena_block_bytes;
  auto check = [&](const auto& v, const char* what) {
    if (v.empty()) return;
    const auto* first = reinterpret_cast<const std::byte*>(v.data());
    const auto* last = reinterpret_cast<const std::byte*>(v.data() + v.size());
    EXPECT_TRUE(first >= begin && last <= end) << what << " is outside the arena";
  };
  check(m.types, "types");
  for (const auto& t : m.types) {
    check(t.params, "params");
    check(t.results, "results");
  }
  check(m.type_ids, "type_ids");
  check(m.imports, "imports");
  check(m.func_types, "func_types");
  check(m.tables, "tables");
  check(m.memories, "memories");
  check(m.global_types, "global_types");
  check(m.globals, "globals");
  check(m.exports, "exports");
  check(m.elems, "elems");
  for (const auto& seg : m.elems) check(seg.items, "elem items");
  check(m.datas, "datas");
  for (const auto& seg : m.datas) check(seg.bytes, "data bytes");
  check(m.functions, "functions");
  for (const auto& f : m.functions) {
    check(f.constants, "constants");
    check(f.code, "code");
  }
}

// The artifact with its recorded arena size replaced (and its checksum made right again).
std::vector<uint8_t> with_arena_size(std::vector<uint8_t> artifact, uint64_t recorded,
                                     uint64_t replacement) {
  uint8_t le[8];
  std::memcpy(le, &recorded, 8);
  auto at = std::search(artifact.begin() + 16, artifact.end(), le, le + 8);
  EXPECT_NE(at, artifact.end());
  std::memcpy(&*at, &replacement, 8);
  const size_t body = artifact.size() - sizeof(Sha256Digest);
  const Sha256Digest digest =
      sha256_of({std::string_view(reinterpret_cast<const char*>(artifact.data()), body)});
  std::copy(digest.begin(), digest.end(), artifact.begin() + ptrdiff_t(body));
  return artifact;
}

TEST_F(Serialize, ALoadedModuleKeepsItsBlocksInOneArena) {
  auto loaded = deserialize_module(artifact, metered());
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  expect_all_in_arena(**loaded);
  // The arena is what the module takes, not a multiple of it.
  EXPECT_LE((*loaded)->arena_block_bytes, artifact.size() * 2);
  EXPECT_FALSE(module->arena);  // a compiled module uses the heap
}

TEST_F(Serialize, TheRecordedArenaSizeIsCheckedAndOnlyEverAHint) {
  auto loaded = deserialize_module(artifact, metered());
  ASSERT_TRUE(loaded.ok());
  const uint64_t recorded = (*loaded)->arena_block_bytes;
  // Far more than any module of this size takes: a damaged artifact, refused before allocating.
  auto huge = deserialize_module(with_arena_size(artifact, recorded, uint64_t{1} << 60), metered());
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().kind, ErrorKind::Malformed);
  EXPECT_NE(huge.error().message.find("arena size out of range"), std::string::npos)
      << huge.error().message;
  // Too little: the rest comes from further blocks and the module behaves the same.
  auto small = deserialize_module(with_arena_size(artifact, recorded, 1), metered());
  ASSERT_TRUE(small.ok()) << small.error().message;
  EXPECT_EQ(run(*small, 10), run(module, 10));
}

}  // namespace
}  // namespace syncwasm::wasm
