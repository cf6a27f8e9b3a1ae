// The executor over the persistent store: a failed call leaves the state root unchanged, a
// successful one changes it, and replaying the same actions on a fresh store gives the same roots.
#include <gtest/gtest.h>

#include "syncwasm/runtime/executor.h"
#include "syncwasm/state/key_space.h"
#include "syncwasm/state/store.h"
#include "temp_directory.h"
#include "wat.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::wat_to_wasm;

namespace {

constexpr Balance kNear = Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;

const char* kContract = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64 i64 i64) (result i64)))
  (import "env" "panic" (func $panic))
  (memory 1)
  (data (i32.const 0) "key")
  (func (export "put")
    (call $input (i64.const 0))
    (drop (call $storage_write (i64.const 3) (i64.const 0) (i64.const -1) (i64.const 0) (i64.const 1))))
  (func (export "put_then_panic")
    (call $input (i64.const 0))
    (drop (call $storage_write (i64.const 3) (i64.const 0) (i64.const -1) (i64.const 0) (i64.const 1)))
    (call $panic))
))";

// Applies one action on an overlay over the store and commits it; returns the new root.
struct Chain {
  state::testing::TempDirectory dir;
  std::unique_ptr<state::StateStore> store;
  Executor executor{near_mainnet_config()};
  std::vector<state::Hash32> roots;

  Chain() { store = std::move(state::StateStore::open(dir.str())).value(); }

  template <typename F>
  CallOutcome apply(F&& action) {
    state::StateOverlay overlay{static_cast<const state::StateReader&>(*store)};
    state::Result<CallOutcome> out = action(overlay);
    EXPECT_TRUE(out.ok());
    auto root = overlay.commit(*store);
    EXPECT_TRUE(root.ok());
    roots.push_back(root.ok() ? *root : state::Hash32{});
    return out.ok() ? *out : CallOutcome{};
  }
  CallOutcome call(const std::string& method, const std::string& args) {
    return apply([&](state::StateOverlay& o) {
      FunctionCallAction a;
      a.receiver_id = "alice.near";
      a.signer_id = "alice.near";
      a.method_name = method;
      a.args = args;
      return executor.function_call(o, a, BlockContext{});
    });
  }
  void run_script() {
    apply([&](state::StateOverlay& o) { return executor.create_account(o, "alice.near", 10 * kNear); });
    std::vector<uint8_t> code = wat_to_wasm(kContract);
    apply([&](state::StateOverlay& o) { return executor.deploy_contract(o, "alice.near", code); });
    call("put", "one");
    call("put_then_panic", "two");
    call("put", "three");
  }
};

}  // namespace

TEST(ExecutorState, FailedCallsLeaveTheRootUnchangedAndReplayGivesTheSameRoots) {
  Chain a;
  a.run_script();
  ASSERT_EQ(a.roots.size(), 5u);
  EXPECT_NE(a.roots[1], a.roots[0]);  // deploy
  EXPECT_NE(a.roots[2], a.roots[1]);  // put "one"
  EXPECT_EQ(a.roots[3], a.roots[2]);  // the panicking call changed nothing
  EXPECT_NE(a.roots[4], a.roots[3]);  // put "three"
  auto stored = a.store->get(state::contract_data_key("alice.near", "key"));
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(*stored, std::optional<std::string>("three"));

  Chain b;
  b.run_script();
  EXPECT_EQ(b.roots, a.roots);
}
