// The executor: deploy and call small WAT contracts; outcomes, rollback, error kinds, gas.
#include "syncwasm/runtime/executor.h"

#include <gtest/gtest.h>

#include "logic_harness.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/state/key_space.h"
#include "wat.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::EmptyState;
using syncwasm::testing::wat_to_wasm;

namespace {

constexpr Balance kNear = Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;

// A contract of small methods over the env imports it names.
const char* kContract = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "value_return" (func $value_return (param i64 i64)))
  (import "env" "storage_write" (func $storage_write (param i64 i64 i64 i64 i64) (result i64)))
  (import "env" "storage_read" (func $storage_read (param i64 i64 i64) (result i64)))
  (import "env" "log_utf8" (func $log_utf8 (param i64 i64)))
  (import "env" "panic_utf8" (func $panic_utf8 (param i64 i64)))
  (import "env" "chain_id" (func $chain_id (param i64)))
  (import "env" "promise_batch_create" (func $promise_batch_create (param i64 i64) (result i64)))
  (import "env" "promise_batch_action_function_call"
    (func $promise_batch_action_function_call (param i64 i64 i64 i64 i64 i64 i64)))
  (memory 1)
  (data (i32.const 0) "keyboom")
  (data (i32.const 300) "bob.near")
  ;; echo: returns its input (through register 0).
  (func (export "echo") (call $input (i64.const 0)) (call $value_return (i64.const -1) (i64.const 0)))
  ;; put: stores the input under "key", logs "key".
  (func (export "put")
    (call $input (i64.const 0))
    (drop (call $storage_write (i64.const 3) (i64.const 0) (i64.const -1) (i64.const 0) (i64.const 1)))
    (call $log_utf8 (i64.const 3) (i64.const 0)))
  ;; get: returns the value under "key".
  (func (export "get")
    (if (i64.eqz (call $storage_read (i64.const 3) (i64.const 0) (i64.const 2))) (then (return)))
    (call $value_return (i64.const -1) (i64.const 2)))
  ;; put_then_panic: writes, logs, then panics with "boom".
  (func (export "put_then_panic")
    (drop (call $storage_write (i64.const 3) (i64.const 0) (i64.const 3) (i64.const 0) (i64.const 1)))
    (call $log_utf8 (i64.const 3) (i64.const 0))
    (call $panic_utf8 (i64.const 4) (i64.const 3)))
  (func (export "trap") unreachable)
  (func (export "loop") (loop $l (br $l)))
  ;; reserve_then_loop: a call to bob.near ("key" as method) with 100 Tgas attached, then a loop.
  (func (export "reserve_then_loop")
    (call $promise_batch_action_function_call
      (call $promise_batch_create (i64.const 8) (i64.const 300))
      (i64.const 3) (i64.const 0) (i64.const 0) (i64.const 0) (i64.const 400) (i64.const 100000000000000))
    (loop $l (br $l)))
  (func (export "div0") (drop (i32.div_u (i32.const 1) (i32.const 0))))
  (func (export "chain") (call $chain_id (i64.const 0)))
  (func (export "with_param") (param i32))
  (func (export "oob") (drop (i32.load (i32.const 0x7ffffff0))))
  ;; grow: memory.grow by the page count in the first input byte; returns the result as i64 LE.
  (func (export "grow")
    (call $input (i64.const 0))
    (call $read_register (i64.const 0) (i64.const 200))
    (i64.store (i32.const 100) (i64.extend_i32_s (memory.grow (i32.load16_u (i32.const 200)))))
    (call $value_return (i64.const 8) (i64.const 100)))
))";

struct ExecutorTest : ::testing::Test {
  EmptyState base;
  state::StateOverlay overlay{static_cast<const state::StateReader&>(base)};
  Executor executor{near_mainnet_config()};
  BlockContext block;

  void SetUp() override {
    ASSERT_TRUE(executor.create_account(overlay, "alice.near", 100 * kNear)->ok());
    ASSERT_TRUE(executor.create_account(overlay, "bob.near", 100 * kNear)->ok());
    deploy(wat_to_wasm(kContract));
  }
  void deploy(const std::vector<uint8_t>& code, const char* account = "alice.near") {
    auto r = executor.deploy_contract(overlay, account, code);
    ASSERT_TRUE(r.ok());
    ASSERT_TRUE(r->ok()) << r->error->message;
  }
  CallOutcome call(const std::string& method, const std::string& args = "", Gas gas = 300 * kTeraGas) {
    FunctionCallAction a;
    a.receiver_id = "alice.near";
    a.signer_id = "bob.near";
    a.method_name = method;
    a.args = args;
    a.prepaid_gas = gas;
    auto r = executor.function_call(overlay, a, block);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : CallOutcome{};
  }
  void expect_error(const CallOutcome& out, CallErrorKind kind, const std::string& detail) {
    ASSERT_FALSE(out.ok());
    ASSERT_TRUE(out.error);
    EXPECT_EQ(out.error->kind, kind) << call_error_kind_name(out.error->kind) << " " << out.error->message;
    EXPECT_EQ(out.error->detail, detail) << out.error->message;
  }
};

}  // namespace

TEST_F(ExecutorTest, EchoReturnsTheInput) {
  CallOutcome out = call("echo", "{\"x\":1}");
  ASSERT_TRUE(out.ok()) << out.error->message;
  EXPECT_EQ(out.return_data, std::optional<std::string>("{\"x\":1}"));
  EXPECT_TRUE(out.logs.empty());
  EXPECT_GT(out.gas_burnt, 0u);
}

TEST_F(ExecutorTest, GasDependsOnInputSizeExactlyAsTheFormulasSay) {
  // Same instructions, 10 more input bytes: input pays no per-byte charge, value_return reads the
  // register (read_register_byte per byte).
  CallOutcome a = call("echo", std::string(10, 'a'));
  CallOutcome b = call("echo", std::string(20, 'a'));
  EXPECT_EQ(b.gas_burnt - a.gas_burnt, 10 * near_mainnet_config().ext.read_register_byte);
}

TEST_F(ExecutorTest, StorageWritesPersistAcrossCalls) {
  ASSERT_TRUE(call("put", "hello").ok());
  CallOutcome out = call("get");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out.return_data, std::optional<std::string>("hello"));
  auto acct = load_account(overlay, "alice.near");
  ASSERT_TRUE(acct.ok() && acct->has_value());
  // 100 (account) + code + "key"(3) + "hello"(5) + 40
  EXPECT_EQ((*acct)->storage_usage, 100 + wat_to_wasm(kContract).size() + 3 + 5 + 40);
}

TEST_F(ExecutorTest, APanicRollsBackWritesButKeepsLogs) {
  ASSERT_TRUE(call("put", "before").ok());
  auto account_before = load_account(overlay, "alice.near");
  CallOutcome out = call("put_then_panic");
  expect_error(out, CallErrorKind::HostError, "GuestPanic");
  EXPECT_EQ(out.error->message, "boom");
  EXPECT_EQ(out.logs, (std::vector<std::string>{"key"}));
  EXPECT_GT(out.gas_burnt, 0u);
  EXPECT_EQ(call("get").return_data, std::optional<std::string>("before"));
  EXPECT_EQ(load_account(overlay, "alice.near").value(), account_before.value());
}

TEST_F(ExecutorTest, TrapsAreNearcoresWasmTraps) {
  expect_error(call("trap"), CallErrorKind::WasmTrap, "Unreachable");
  expect_error(call("div0"), CallErrorKind::WasmTrap, "IllegalArithmetic");
  expect_error(call("oob"), CallErrorKind::WasmTrap, "MemoryOutOfBounds");
}

TEST_F(ExecutorTest, MemoryIsNearsAndGrowsToTheMaximum) {
  // The contract declared 1 page; it runs with 1024 and may grow to 2048, not beyond (-1).
  auto i64_le = [](int64_t v) { return std::string(reinterpret_cast<const char*>(&v), 8); };
  EXPECT_EQ(call("grow", std::string("\x01\x00", 2)).return_data, i64_le(1024));
  EXPECT_EQ(call("grow", std::string("\x01\x04", 2)).return_data, i64_le(-1));  // 1025 pages
  EXPECT_EQ(call("grow", std::string("\x00\x04", 2)).return_data, i64_le(1024));  // 1024 pages
}

TEST_F(ExecutorTest, RunningOutOfGasBurnsThePrepaidGas) {
  CallOutcome out = call("loop", "", 5 * kTeraGas);
  expect_error(out, CallErrorKind::HostError, "GasExceeded");
  EXPECT_EQ(out.gas_burnt, 5 * kTeraGas);
}

TEST_F(ExecutorTest, PrepaidGasAboveTheCapHitsTheLimitInstead) {
  // The cap is 1 PGas on mainnet; a 10 Tgas cap keeps the test fast.
  RuntimeConfig config;
  config.limits.max_gas_burnt = 10 * kTeraGas;
  Executor capped(config);
  FunctionCallAction a;
  a.receiver_id = "alice.near";
  a.signer_id = "bob.near";
  a.method_name = "loop";
  a.prepaid_gas = 20 * kTeraGas;
  auto out = capped.function_call(overlay, a, block);
  ASSERT_TRUE(out.ok());
  expect_error(*out, CallErrorKind::HostError, "GasLimitExceeded");
  EXPECT_EQ(out->gas_burnt, 10 * kTeraGas);
}

TEST_F(ExecutorTest, TooLittleGasForLoadingFailsBeforeRunning) {
  CallOutcome out = call("echo", "", 1000);
  expect_error(out, CallErrorKind::HostError, "GasExceeded");
  EXPECT_EQ(out.gas_burnt, 1000u);
}

TEST_F(ExecutorTest, MethodResolveErrorsBurnNothing) {
  CallOutcome missing = call("nope");
  expect_error(missing, CallErrorKind::MethodResolveError, "MethodNotFound");
  EXPECT_EQ(missing.gas_burnt, 0u);
  expect_error(call("with_param"), CallErrorKind::MethodResolveError, "MethodInvalidSignature");
  expect_error(call(""), CallErrorKind::MethodResolveError, "MethodEmptyName");
}

TEST_F(ExecutorTest, UnimplementedEnvFunctionsLinkButFailWhenCalled) {
  CallOutcome out = call("chain");
  expect_error(out, CallErrorKind::HostError, "Unsupported");
  EXPECT_EQ(out.error->message, "chain_id");
}

TEST_F(ExecutorTest, UnknownImportIsALinkErrorAfterLoading) {
  deploy(wat_to_wasm(R"((module (import "env" "no_such_fn" (func)) (func (export "f"))))"));
  CallOutcome out = call("f");
  expect_error(out, CallErrorKind::LinkError, "");
  Gas loading = near_mainnet_config().ext.contract_loading_base +
                near_mainnet_config().ext.contract_loading_bytes *
                    wat_to_wasm(R"((module (import "env" "no_such_fn" (func)) (func (export "f"))))").size();
  EXPECT_EQ(out.gas_burnt, loading);
  deploy(wat_to_wasm(R"((module (import "env" "input" (func (param i32))) (func (export "f"))))"));
  expect_error(call("f"), CallErrorKind::LinkError, "");
}

TEST_F(ExecutorTest, InvalidContractsDeployButFailToCompile) {
  deploy(wat_to_wasm(R"((module (import "env" "memory" (memory 1)) (func (export "f"))))"));
  CallOutcome out = call("f");
  expect_error(out, CallErrorKind::CompilationError, "Memory");
  EXPECT_EQ(out.gas_burnt, 0u);
  deploy({0, 'a', 's', 'm', 1, 0, 0, 0, 0xff});
  expect_error(call("f"), CallErrorKind::CompilationError, "Deserialization");
}

TEST_F(ExecutorTest, StartFunctionRunsAndCanFail) {
  deploy(wat_to_wasm(R"((module (import "env" "panic" (func $panic)) (func $start (call $panic)) (start $start)
                                 (func (export "f"))))"));
  expect_error(call("f"), CallErrorKind::HostError, "GuestPanic");
}

TEST_F(ExecutorTest, AccountAndArgumentErrors) {
  FunctionCallAction a;
  a.receiver_id = "nobody.near";
  a.method_name = "f";
  a.signer_id = "bob.near";
  auto r = executor.function_call(overlay, a, block);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error->kind, CallErrorKind::AccountDoesNotExist);
  a.receiver_id = "Bad!";
  EXPECT_EQ(executor.function_call(overlay, a, block)->error->kind, CallErrorKind::InvalidAccountId);
  a.receiver_id = "bob.near";
  r = executor.function_call(overlay, a, block);
  EXPECT_EQ(r->error->kind, CallErrorKind::CompilationError);
  EXPECT_EQ(r->error->detail, "CodeDoesNotExist");
  EXPECT_EQ(executor.create_account(overlay, "bob.near", 1)->error->kind, CallErrorKind::AccountAlreadyExists);
  EXPECT_EQ(executor.deploy_contract(overlay, "nobody.near", {})->error->kind, CallErrorKind::AccountDoesNotExist);
}

TEST_F(ExecutorTest, StorageMustBeCoveredByTheBalance) {
  // 1e19 yocto per byte: an account of 1e21 yocto holds 100 bytes, less than account + code.
  ASSERT_TRUE(executor.create_account(overlay, "poor.near", Balance(1'000'000'000'000'000'000ull) * 1000)->ok());
  auto r = executor.deploy_contract(overlay, "poor.near", wat_to_wasm(kContract));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->error->kind, CallErrorKind::LackBalanceForState);
  EXPECT_FALSE(load_account(overlay, "poor.near").value()->code_hash);
}

TEST_F(ExecutorTest, OversizedArgumentsAreRefusedBeforeLoading) {
  CallOutcome out = call("echo", std::string(4'194'305, 'x'));
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error->kind, CallErrorKind::ArgumentsTooLong);
  EXPECT_EQ(out.gas_burnt, 0u);
  EXPECT_TRUE(call("echo", std::string(4'194'304, 'x')).ok());
}

TEST_F(ExecutorTest, RedeployingRunsTheNewCode) {
  ASSERT_TRUE(call("echo", "x").ok());
  deploy(wat_to_wasm(R"((module (import "env" "value_return" (func $r (param i64 i64))) (memory 1)
                                 (data (i32.const 0) "v2") (func (export "echo") (call $r (i64.const 2) (i64.const 0)))))"));
  EXPECT_EQ(call("echo", "x").return_data, std::optional<std::string>("v2"));
  // Storage usage follows the code size: the old code's bytes were released.
  auto acct = load_account(overlay, "alice.near");
  EXPECT_EQ((*acct)->storage_usage,
            100 + wat_to_wasm(R"((module (import "env" "value_return" (func $r (param i64 i64))) (memory 1)
                                 (data (i32.const 0) "v2") (func (export "echo") (call $r (i64.const 2) (i64.const 0)))))").size());
}

TEST_F(ExecutorTest, RunningOutWithGasReservedBurnsOnlyUpToTheFailedBlock) {
  // nearcore's process_gas_limit: burnt = burnt before + the block cost that did not fit, not the
  // whole prepaid gas (the reserved part is not burnt).
  const ActionFees& f = near_mainnet_config().fees;
  Gas reserved = 100 * kTeraGas + f.action_receipt_creation.execution + f.action_function_call.execution +
                 3 * f.action_function_call_per_byte.execution;
  CallOutcome out = call("reserve_then_loop", "", 300 * kTeraGas);
  expect_error(out, CallErrorKind::HostError, "GasExceeded");
  EXPECT_GT(out.gas_burnt, 300 * kTeraGas - reserved);
  EXPECT_LE(out.gas_burnt, 300 * kTeraGas - reserved + 2 * near_mainnet_config().wasm.regular_op_cost);
  EXPECT_TRUE(out.receipts.empty());
}
