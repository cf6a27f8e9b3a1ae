// The declarative env list: complete, unique, nearcore's signatures.
#include <gtest/gtest.h>

#include <set>

#include "syncwasm/runtime/env_imports.h"

using namespace syncwasm;
using namespace syncwasm::runtime;

namespace {
const EnvFunctionInfo* find(const char* name) {
  for (const EnvFunctionInfo& f : env_functions())
    if (std::string_view(f.name) == name) return &f;
  return nullptr;
}
}  // namespace

TEST(EnvFunctions, EveryNameOnce) {
  std::set<std::string_view> names;
  for (const EnvFunctionInfo& f : env_functions()) EXPECT_TRUE(names.insert(f.name).second) << f.name;
  // The PV86 boundary document lists 89 importable env functions (76 always on, 13 behind flags);
  // syncwasm adds 5 for submodules (submodule_deploy/remove/exists/call, parent_call).
  EXPECT_EQ(env_functions().size(), 89u + 5u);
}

TEST(EnvFunctions, IssueFiveFunctionsAreImplemented) {
  for (const char* name :
       {"read_register", "register_len", "write_register", "input", "value_return", "panic", "panic_utf8", "abort",
        "log_utf8", "log_utf16", "current_account_id", "signer_account_id", "signer_account_pk",
        "predecessor_account_id", "block_index", "block_timestamp", "epoch_height", "storage_usage",
        "account_balance", "account_locked_balance", "attached_deposit", "prepaid_gas", "used_gas", "random_seed",
        "sha256", "keccak256", "keccak512", "ripemd160", "ecrecover", "ed25519_verify", "storage_write",
        "storage_read", "storage_remove", "storage_has_key", "validator_stake", "validator_total_stake"}) {
    const EnvFunctionInfo* f = find(name);
    ASSERT_NE(f, nullptr) << name;
    EXPECT_TRUE(f->implemented) << name;
  }
}

TEST(EnvFunctions, SignaturesAreNearcores) {
  using V = wasm::ValType;
  EXPECT_EQ(find("abort")->type, (wasm::FuncType{{V::I32, V::I32, V::I32, V::I32}, {}}));
  EXPECT_EQ(find("gas")->type, (wasm::FuncType{{V::I32}, {}}));
  EXPECT_EQ(find("promise_yield_resume")->type, (wasm::FuncType{{V::I64, V::I64, V::I64, V::I64}, {V::I32}}));
  EXPECT_EQ(find("storage_write")->type, (wasm::FuncType{{V::I64, V::I64, V::I64, V::I64, V::I64}, {V::I64}}));
  EXPECT_EQ(find("ecrecover")->type.params.size(), 7u);
  EXPECT_EQ(find("promise_batch_action_add_key_with_function_call")->type.params.size(), 9u);
  EXPECT_EQ(find("block_index")->type, (wasm::FuncType{{}, {V::I64}}));
}
