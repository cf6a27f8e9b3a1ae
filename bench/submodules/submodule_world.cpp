#include "submodule_world.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "syncwasm/runtime/submodule_policy.h"
#include "wat.h"

namespace syncwasm::bench {
namespace {

constexpr runtime::Balance kNear = runtime::Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;

// The main contract. Input of "calls" and "local_calls", read to memory 1024:
//   [n u32][method_len u8][args_len u8][method][args][key]
//  calls: submodule_call(key, method, args, gas_limit 0, flags 0, register 1) n times; traps
//         unless every call returns status 0.
//  local_calls: calls $work n times, a local function doing what tiny_submodule's "run" does.
//  add (i64, i64) -> i64 and noop () -> (): what the loop submodule imports or calls back.
const char* kMainWat = R"((module
  (import "env" "input" (func $input (param i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "register_len" (func $register_len (param i64) (result i64)))
  (import "env" "submodule_call"
    (func $submodule_call (param i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)))
  (memory 1)
  (func $load (result i64)
    (call $input (i64.const 0))
    (call $read_register (i64.const 0) (i64.const 1024))
    (call $register_len (i64.const 0)))
  (func (export "calls") (local $len i64) (local $n i32) (local $m i64) (local $a i64)
    (local.set $len (call $load))
    (local.set $n (i32.load (i32.const 1024)))
    (local.set $m (i64.load8_u (i32.const 1028)))
    (local.set $a (i64.load8_u (i32.const 1029)))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (if (i64.ne (call $submodule_call
            (i64.sub (i64.sub (i64.sub (local.get $len) (i64.const 6)) (local.get $m)) (local.get $a))
            (i64.add (i64.add (i64.const 1030) (local.get $m)) (local.get $a))
            (local.get $m) (i64.const 1030)
            (local.get $a) (i64.add (i64.const 1030) (local.get $m))
            (i64.const 0) (i64.const 0) (i64.const 1))
          (i64.const 0))
        (then unreachable))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))))
  (func $work (drop (i64.const 12345)))
  (func (export "local_calls") (local $n i32)
    (drop (call $load))
    (local.set $n (i32.load (i32.const 1024)))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (call $work)
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))))
  (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "noop"))
))";

// The loop submodule; its input is n (u32).
//  import_loop: n calls of parent.add (a literal import, running in the main instance);
//  local_loop: the same loop calling an identical local function;
//  parent_calls: n parent_call("noop") round trips, trapping unless each returns status 0;
//  nothing: returns at once (a hot call of a submodule with imports and a memory).
const char* kLoopSubWat = R"((module
  (import "parent" "add" (func $parent_add (param i64 i64) (result i64)))
  (import "env" "input" (func $input (param i64)))
  (import "env" "read_register" (func $read_register (param i64 i64)))
  (import "env" "parent_call" (func $parent_call (param i64 i64 i64 i64 i64) (result i64)))
  (memory 1)
  (data (i32.const 0) "noop")
  (global $sink (mut i64) (i64.const 0))
  (func $n (result i32)
    (call $input (i64.const 0))
    (call $read_register (i64.const 0) (i64.const 64))
    (i32.load (i32.const 64)))
  (func $add (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  (func (export "import_loop") (local $n i32) (local $acc i64)
    (local.set $n (call $n))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (call $parent_add (local.get $acc) (i64.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (global.set $sink (local.get $acc)))
  (func (export "local_loop") (local $n i32) (local $acc i64)
    (local.set $n (call $n))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (local.set $acc (call $add (local.get $acc) (i64.const 1)))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next)))
    (global.set $sink (local.get $acc)))
  (func (export "parent_calls") (local $n i32)
    (local.set $n (call $n))
    (block $done (loop $next
      (br_if $done (i32.eqz (local.get $n)))
      (if (i64.ne (call $parent_call (i64.const 4) (i64.const 0) (i64.const 0) (i64.const 0)
                                     (i64.const 1))
                  (i64.const 0))
        (then unreachable))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $next))))
  (func (export "nothing"))
))";

runtime::SubmodulePolicy policy_of(const char* json) {
  auto policy = runtime::parse_policy_json(json);
  if (auto* why = std::get_if<std::string>(&policy)) fail("policy: " + *why);
  return std::get<runtime::SubmodulePolicy>(policy);
}

template <typename T>
T check(state::Result<T> result, const char* what) {
  if (!result.ok()) fail(std::string(what) + ": " + result.error().to_string());
  return std::move(result).value();
}

void check_outcome(const runtime::CallOutcome& out, const std::string& what) {
  if (!out.ok())
    fail(what + ": " +
         (out.error ? out.error->detail + " " + out.error->message : std::string("failed")));
}

}  // namespace

void fail(const std::string& what) {
  std::fprintf(stderr, "bench_submodules: %s\n", what.c_str());
  std::exit(1);
}

std::vector<uint8_t> tiny_submodule(uint64_t constant) {
  if (constant >= (uint64_t{1} << 34)) fail("tiny_submodule: constant too large");
  std::vector<uint8_t> m = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,        // magic, version
      0x01, 0x04, 0x01, 0x60, 0x00, 0x00,                    // types: () -> ()
      0x03, 0x02, 0x01, 0x00,                                // functions: one of type 0
      0x07, 0x07, 0x01, 0x03, 'r',  'u',  'n',  0x00, 0x00,  // export "run" func 0
      0x0a, 0x0b, 0x01, 0x09, 0x00, 0x42,  // code: 1 body of 9 bytes, no locals, i64.const
  };
  for (int i = 0; i < 4; ++i) m.push_back(uint8_t(((constant >> (7 * i)) & 0x7f) | 0x80));
  m.push_back(uint8_t((constant >> 28) & 0x3f));  // last byte: sign bit clear
  m.push_back(0x1a);                              // drop
  m.push_back(0x0b);                              // end
  return m;
}

std::string calls_input(uint32_t n, const std::string& method, const std::string& args,
                        const std::string& key) {
  std::string in(reinterpret_cast<const char*>(&n), 4);
  in.push_back(char(method.size()));
  in.push_back(char(args.size()));
  return in + method + args + key;
}

World::World(const std::string& tag) : executor_(runtime::near_mainnet_config()) {
  const char* base = std::getenv("TMPDIR");
  directory_ = (std::filesystem::path(base != nullptr ? base : "/tmp") /
                ("syncwasm-bench-submodules-" + tag + "-" + std::to_string(::getpid())))
                   .string();
  std::filesystem::remove_all(directory_);
  store_ = check(state::StateStore::open(directory_), "opening the state store");
  module_cache_ = std::make_unique<state::ModuleCache>(*store_);
  executor_.submodule_cache().attach_disk(module_cache_.get());
  state::StateOverlay overlay(*store_);
  check_outcome(
      check(executor_.create_account(overlay, kEngineAccount, 1'000'000'000 * kNear), "create"),
      "create");
  check_outcome(
      check(executor_.deploy_contract(overlay, kEngineAccount, testing::wat_to_wasm(kMainWat)),
            "deploy"),
      "deploy main");
  deploy(overlay, "k", tiny_submodule(0), policy_of("{}"));
  deploy(overlay, "l", testing::wat_to_wasm(kLoopSubWat),
         policy_of(R"({"parent_functions": ["add", "noop"]})"));
  check(overlay.commit(*store_), "commit");
}

World::~World() {
  executor_.submodule_cache().attach_disk(nullptr);
  store_.reset();
  std::filesystem::remove_all(directory_);
}

void World::deploy(state::StateOverlay& overlay, const std::string& key,
                   const std::vector<uint8_t>& code, const runtime::SubmodulePolicy& policy) {
  check_outcome(check(executor_.deploy_submodule(overlay, kEngineAccount, key, code, policy),
                      "deploy_submodule"),
                "deploy submodule " + key);
}

runtime::CallOutcome World::run(const std::string& method, const std::string& input) {
  state::StateOverlay overlay(*store_);
  runtime::FunctionCallAction action;
  action.receiver_id = kEngineAccount;
  action.signer_id = kEngineAccount;
  action.method_name = method;
  action.args = input;
  action.prepaid_gas = runtime::near_mainnet_config().limits.max_gas_burnt;  // 1 PGas
  runtime::CallOutcome out =
      check(executor_.function_call(overlay, action, block_), "function_call");
  check_outcome(out, method);
  return out;
}

}  // namespace syncwasm::bench
