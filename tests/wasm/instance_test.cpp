// Instances: reuse through reset_instance leaks nothing between uses; release frees them.
#include <gtest/gtest.h>

#include <thread>

#include "syncwasm/wasm/store.h"
#include "wat.h"

namespace syncwasm::wasm {
namespace {

const char* kStateful = R"((module
  (memory 1)
  (table 2 funcref)
  (global $g (mut i32) (i32.const 5))
  (data (i32.const 100) "\07")
  (func $one (result i32) (i32.const 1))
  (elem declare func $one)
  (func (export "dirty")
    (i32.store (i32.const 200) (i32.const 99))
    (i32.store8 (i32.const 100) (i32.const 0))
    (global.set $g (i32.const 77))
    (table.set 0 (i32.const 1) (ref.func $one))
    (drop (memory.grow (i32.const 1))))
  (func (export "observe") (result i32)
    ;; memory pages, the data byte, the dirty word, the global, the table slot
    (i32.add (i32.mul (memory.size) (i32.const 10000))
    (i32.add (i32.mul (i32.load8_u (i32.const 100)) (i32.const 1000))
    (i32.add (i32.load (i32.const 200))
    (i32.add (global.get $g)
             (i32.mul (ref.is_null (table.get 0 (i32.const 1))) (i32.const 300)))))))))";

Slot call(Store& store, Instance* inst, const char* name) {
  auto f = inst->find_export(name)->func;
  std::vector<Slot> r(f->type->results.size());
  ExecResult x = store.invoke(f, {}, r);
  EXPECT_TRUE(x.ok()) << x.message;
  return r.empty() ? 0 : r[0];
}

TEST(Instance, ResetRestoresTheInitialState) {
  Store store;
  auto m = compile(testing::wat_to_wasm(kStateful));
  ASSERT_TRUE(m.ok()) << m.error().message;
  auto inst = store.instantiate(*m, {});
  ASSERT_TRUE(inst.ok());
  const Slot initial = 1 * 10000 + 7 * 1000 + 0 + 5 + 300;
  EXPECT_EQ(call(store, *inst, "observe"), initial);
  call(store, *inst, "dirty");
  EXPECT_EQ(call(store, *inst, "observe"), 2 * 10000 + 0 + 99 + 77 + 0u);
  ASSERT_TRUE(store.reset_instance(*inst).ok());
  EXPECT_EQ(call(store, *inst, "observe"), initial);
}

TEST(Instance, ASmallModulesInstanceKeepsItsIndexSpacesInline) {
  Store store;
  auto m = compile(testing::wat_to_wasm(kStateful));
  ASSERT_TRUE(m.ok());
  auto inst = store.instantiate(*m, {});
  ASSERT_TRUE(inst.ok());
  const Instance& i = **inst;
  const std::byte* begin = i.inline_arena;
  const std::byte* end = begin + Instance::kInlineArenaBytes;
  auto inline_ = [&](const auto& v) {
    const auto* p = reinterpret_cast<const std::byte*>(v.data());
    return p >= begin && reinterpret_cast<const std::byte*>(v.data() + v.size()) <= end;
  };
  EXPECT_TRUE(inline_(i.funcs));
  EXPECT_TRUE(inline_(i.own_funcs));
  EXPECT_TRUE(inline_(i.memories));
  EXPECT_TRUE(inline_(i.own_memories));
  EXPECT_TRUE(inline_(i.tables));
  EXPECT_TRUE(inline_(i.own_tables));
  EXPECT_TRUE(inline_(i.globals));
  EXPECT_TRUE(inline_(i.own_globals));
  EXPECT_TRUE(inline_(i.dropped_datas));
  // And it still behaves after writing its memory, global and table.
  call(store, *inst, "dirty");
  EXPECT_EQ(call(store, *inst, "observe"), 2 * 10000 + 0 + 99 + 77 + 0u);
}

TEST(Instance, ReleasedMemoryComesBackZeroed) {
  Store store;
  auto m = compile(testing::wat_to_wasm(kStateful));
  ASSERT_TRUE(m.ok());
  for (int i = 0; i < 3; ++i) {
    auto inst = store.instantiate(*m, {});
    ASSERT_TRUE(inst.ok());
    EXPECT_EQ(call(store, *inst, "observe"), 1 * 10000 + 7 * 1000 + 5 + 300u);
    call(store, *inst, "dirty");
    store.release_instance(*inst);
  }
}

TEST(Instance, OneModuleServesManyThreads) {
  auto m = compile(testing::wat_to_wasm(kStateful));
  ASSERT_TRUE(m.ok());
  std::shared_ptr<const Module> module = *m;
  std::vector<std::thread> threads;
  std::vector<int> good(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Store store;  // a store per thread; the module is shared
      for (int i = 0; i < 200; ++i) {
        auto inst = store.instantiate(module, {});
        if (!inst.ok()) return;
        std::vector<Slot> r(1);
        store.invoke((*inst)->find_export("dirty")->func, {}, {});
        store.invoke((*inst)->find_export("observe")->func, {}, r);
        if (r[0] == 2 * 10000 + 99 + 77u) ++good[size_t(t)];
        store.release_instance(*inst);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good, std::vector<int>(4, 200));
}

}  // namespace
}  // namespace syncwasm::wasm
