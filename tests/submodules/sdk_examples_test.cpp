// The C SDK's submodule examples (sdk/examples/submodules, built by the sdk_examples target with
// clang --target=wasm32): each decodes and validates with the engine under NEAR's configuration,
// with exactly the imports and exports docs/submodules-sdk.md describes; every "parent" import
// matches an export of main.c; the shared-memory submodule imports a NEAR-sized memory and keeps
// its data and stack in the region main.c leaves to it. The examples that need no submodule host
// function (sub_isolated, sub_reader, token_sub) also run as plain contracts through the Executor,
// and SdkSubmoduleExamplesEndToEnd runs the test plan of docs/submodules-sdk.md through the runtime.
// Everything skips when clang could not build wasm32 modules at configure time.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <map>
#include <set>

#include "logic_harness.h"
#include "syncwasm/runtime/env_imports.h"
#include "syncwasm/runtime/executor.h"
#include "syncwasm/runtime/prepare.h"
#include "syncwasm/wasm/module.h"

using namespace syncwasm;
using namespace syncwasm::runtime;

namespace {

constexpr uint64_t kSharedBase = 32u << 20;  // main.c's SW_SHARED_BASE

#define SKIP_WITHOUT_EXAMPLES()                                                                         \
  do {                                                                                                  \
    if (!SYNCWASM_SDK_EXAMPLES) GTEST_SKIP() << "the SDK examples were not built: clang cannot target " \
                                                "wasm32 here (needs clang + wasm-ld, see CMake output)"; \
  } while (0)

std::vector<uint8_t> read_example(const std::string& name) {
  std::ifstream in(std::string(SYNCWASM_SDK_EXAMPLES_DIR) + "/submodules/" + name + ".wasm", std::ios::binary);
  EXPECT_TRUE(in.good()) << name << ".wasm is missing: build the sdk_examples target";
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

// A submodule: the engine under NEAR's features, limits and metering; its memory as declared.
std::shared_ptr<const wasm::Module> compile_submodule_example(const std::string& name) {
  auto compiled = wasm::compile(read_example(name), near_engine_config(near_mainnet_config()));
  EXPECT_TRUE(compiled.ok()) << name << ": " << compiled.error().message;
  return compiled.ok() ? compiled.value() : nullptr;
}

// A main contract: NEAR's preparation (memory replaced by 1024..2048 pages, env imports only).
std::shared_ptr<const wasm::Module> prepare_main_example(const std::string& name) {
  auto prepared = prepare_contract(read_example(name), near_mainnet_config());
  if (auto* err = std::get_if<PrepareError>(&prepared)) {
    ADD_FAILURE() << name << ": " << err->message;
    return nullptr;
  }
  return std::get<std::shared_ptr<const wasm::Module>>(prepared);
}

std::set<std::string> imports_of(const wasm::Module& m) {
  std::set<std::string> out;
  for (const wasm::Import& i : m.imports) out.insert(i.module + "." + i.name);
  return out;
}

// Exported functions (the memory export is not listed).
std::map<std::string, std::string> exports_of(const wasm::Module& m) {
  std::map<std::string, std::string> out;
  for (const wasm::Export& e : m.exports)
    if (e.kind == wasm::ExternKind::Func) out[e.name] = wasm::to_string(m.func_type(e.index));
  return out;
}

std::string entry_type() { return wasm::to_string(wasm::FuncType{}); }

const std::set<std::string> kSubmoduleFunctions = {"submodule_deploy", "submodule_remove", "submodule_exists",
                                                    "submodule_call", "parent_call"};

std::string sig(std::initializer_list<wasm::ValType> params,
                std::initializer_list<wasm::ValType> results) {
  return wasm::to_string(wasm::FuncType{params, results});
}
constexpr wasm::ValType I64 = wasm::ValType::I64;

// Every env import has the name and signature of a function of the runtime's env list.
void expect_env_imports_known(const wasm::Module& m, const std::string& name) {
  std::map<std::string, wasm::FuncType> env;
  for (const EnvFunctionInfo& f : env_functions()) env[f.name] = f.type;
  uint32_t func = 0;
  for (const wasm::Import& i : m.imports) {
    if (i.kind != wasm::ExternKind::Func) continue;
    const wasm::FuncType& type = m.func_type(func++);
    if (i.module != "env") continue;
    auto it = env.find(i.name);
    // A runtime that predates the submodule host functions: nothing to check those against yet.
    if (it == env.end() && !env.count("submodule_call") && kSubmoduleFunctions.count(i.name)) continue;
    if (it == env.end()) {
      ADD_FAILURE() << name << " imports env." << i.name << ", which the runtime does not provide";
      continue;
    }
    EXPECT_EQ(wasm::to_string(type), wasm::to_string(it->second)) << name << ": env." << i.name;
  }
}

// Every "parent" function import has the signature of the main contract's export.
void expect_parent_imports_match(const wasm::Module& sub, const wasm::Module& main, const std::string& name) {
  uint32_t func = 0;
  for (const wasm::Import& i : sub.imports) {
    if (i.kind != wasm::ExternKind::Func) continue;
    const wasm::FuncType& type = sub.func_type(func++);
    if (i.module != "parent") continue;
    const wasm::Export* e = main.find_export(i.name);
    ASSERT_TRUE(e && e->kind == wasm::ExternKind::Func) << name << ": main.c does not export " << i.name;
    EXPECT_EQ(wasm::to_string(type), wasm::to_string(main.func_type(e->index))) << name << ": parent." << i.name;
  }
}

void expect_entry_points(const std::map<std::string, std::string>& exports, const std::set<std::string>& names,
                         const std::string& module) {
  for (const std::string& n : names) {
    auto it = exports.find(n);
    ASSERT_NE(it, exports.end()) << module << " does not export " << n;
    EXPECT_EQ(it->second, entry_type()) << module << "." << n << " is not () -> ()";
  }
}

std::set<std::string> keys_of(const std::map<std::string, std::string>& m) {
  std::set<std::string> out;
  for (const auto& [k, v] : m) out.insert(k);
  return out;
}

}  // namespace

TEST(SdkSubmoduleExamples, MainContract) {
  SKIP_WITHOUT_EXAMPLES();
  auto main = prepare_main_example("main");
  ASSERT_TRUE(main);
  expect_env_imports_known(*main, "main");
  EXPECT_EQ(imports_of(*main),
            (std::set<std::string>{"env.input", "env.register_len", "env.read_register", "env.value_return",
                                   "env.panic_utf8", "env.log_utf8", "env.storage_read", "env.storage_write",
                                   "env.submodule_deploy", "env.submodule_remove", "env.submodule_exists",
                                   "env.submodule_call"}));
  auto exports = exports_of(*main);
  const std::set<std::string> methods = {"deploy", "remove", "exists", "call", "call_n", "call_shared",
                                          "echo", "remember", "recall", "boom", "read_counter"};
  expect_entry_points(exports, methods, "main");
  EXPECT_EQ(exports["add_u64"], sig({I64, I64}, {I64}));
  EXPECT_EQ(exports["log_twice"], sig({I64}, {}));
  EXPECT_EQ(exports["get_counter"], sig({}, {I64}));
  EXPECT_EQ(exports["put_counter"], sig({I64}, {}));
  EXPECT_EQ(exports["log_bytes"], sig({I64, I64}, {}));
  EXPECT_EQ(exports.size(), methods.size() + 5);
  // Prepared with NEAR's memory; its data and stack stay below the submodules' region.
  ASSERT_EQ(main->memories.size(), 1u);
  EXPECT_EQ(main->memories[0].limits.min, 1024u);
  for (const wasm::DataSegment& d : main->datas) EXPECT_LT(d.offset.value + d.bytes.size(), kSharedBase);
  for (const wasm::GlobalDef& g : main->globals) EXPECT_LT(g.init.value, kSharedBase);
}

TEST(SdkSubmoduleExamples, TokenMain) {
  SKIP_WITHOUT_EXAMPLES();
  auto main = prepare_main_example("token_main");
  ASSERT_TRUE(main);
  expect_env_imports_known(*main, "token_main");
  std::set<std::string> imports = imports_of(*main);
  for (const char* f : {"env.submodule_deploy", "env.submodule_exists", "env.submodule_call",
                        "env.predecessor_account_id", "env.current_account_id"})
    EXPECT_TRUE(imports.count(f)) << f;
  auto exports = exports_of(*main);
  const std::set<std::string> methods = {"set_code", "create_token", "transfer", "balance_of", "total_supply"};
  expect_entry_points(exports, methods, "token_main");
  EXPECT_EQ(keys_of(exports), methods);
}

struct SubmoduleCase {
  const char* name;
  std::set<std::string> imports;
  std::set<std::string> entry_points;
  std::map<std::string, std::string> other_exports;
};

void PrintTo(const SubmoduleCase& c, std::ostream* os) { *os << c.name; }

class SdkSubmoduleExample : public ::testing::TestWithParam<SubmoduleCase> {};

TEST_P(SdkSubmoduleExample, DecodesValidatesAndLinksAsDocumented) {
  SKIP_WITHOUT_EXAMPLES();
  const SubmoduleCase& c = GetParam();
  auto sub = compile_submodule_example(c.name);
  ASSERT_TRUE(sub);
  auto main = prepare_main_example("main");
  ASSERT_TRUE(main);
  EXPECT_EQ(imports_of(*sub), c.imports);
  expect_env_imports_known(*sub, c.name);
  expect_parent_imports_match(*sub, *main, c.name);
  auto exports = exports_of(*sub);
  expect_entry_points(exports, c.entry_points, c.name);
  for (const auto& [n, type] : c.other_exports) EXPECT_EQ(exports[n], type) << c.name << "." << n;
  EXPECT_EQ(exports.size(), c.entry_points.size() + c.other_exports.size());
  for (const wasm::Import& i : sub->imports) {
    if (i.module == "env" && std::string(c.name) != "sub_promise") {
      EXPECT_FALSE(i.name.starts_with("promise_")) << i.name;
    }
  }
  bool shares = imports_of(*sub).count("parent.memory") > 0;
  if (!shares) {
    // A submodule keeps the memory it declares: one page here.
    ASSERT_EQ(sub->memories.size(), 1u) << c.name;
    EXPECT_EQ(sub->num_imported_memories, 0u);
    EXPECT_EQ(sub->memories[0].limits.min, 1u) << c.name;
  }
}

const std::set<std::string> kReadArgs = {"env.input", "env.register_len", "env.read_register", "env.value_return",
                                         "env.panic_utf8"};

std::set<std::string> with(std::set<std::string> base, std::initializer_list<const char*> more) {
  for (const char* m : more) base.insert(m);
  return base;
}

INSTANTIATE_TEST_SUITE_P(
    Examples, SdkSubmoduleExample,
    ::testing::Values(
        SubmoduleCase{"sub_isolated",
                      with(kReadArgs, {"env.storage_read", "env.storage_write", "env.storage_has_key"}),
                      {"increment", "get", "echo", "fail", "trap", "spin", "increment_fail", "has_count"},
                      {{"not_entry", sig({I64}, {I64})}}},
        SubmoduleCase{"sub_reader",
                      {"env.storage_read", "env.register_len", "env.read_register", "env.value_return"},
                      {"get"},
                      {}},
        SubmoduleCase{"sub_imports",
                      with(kReadArgs, {"parent.add_u64", "parent.log_twice", "parent.get_counter",
                                       "parent.put_counter"}),
                      {"sum", "bump", "peek"},
                      {}},
        SubmoduleCase{"sub_shared_memory", with(kReadArgs, {"parent.memory", "parent.log_bytes"}),
                      {"upper", "sum", "log"}, {}},
        SubmoduleCase{"sub_callback", with(kReadArgs, {"env.parent_call"}), {"relay", "relay_fail", "loop"}, {}},
        SubmoduleCase{"sub_nested", with(kReadArgs, {"env.submodule_call"}), {"forward", "forward_ro", "dive"}, {}},
        SubmoduleCase{"sub_promise", {"env.promise_batch_create", "env.value_return"}, {"try_promise"}, {}},
        SubmoduleCase{"token_sub",
                      with(kReadArgs, {"env.storage_read", "env.storage_write", "env.storage_has_key"}),
                      {"init", "transfer", "balance_of", "total_supply"},
                      {}}),
    [](const ::testing::TestParamInfo<SubmoduleCase>& info) { return std::string(info.param.name); });

TEST(SdkSubmoduleExamples, SharedMemoryLayout) {
  SKIP_WITHOUT_EXAMPLES();
  auto sub = compile_submodule_example("sub_shared_memory");
  ASSERT_TRUE(sub);
  // "parent" "memory" with NEAR's limits, no memory of its own.
  ASSERT_EQ(sub->num_imported_memories, 1u);
  EXPECT_EQ(sub->memories.size(), 1u);
  const wasm::Import* memory = nullptr;
  for (const wasm::Import& i : sub->imports)
    if (i.kind == wasm::ExternKind::Memory) memory = &i;
  ASSERT_TRUE(memory);
  EXPECT_EQ(memory->module, "parent");
  EXPECT_EQ(memory->name, "memory");
  EXPECT_EQ(memory->memory.limits.min, 1024u);
  EXPECT_EQ(memory->memory.limits.max, std::optional<uint64_t>(2048));
  // Its data and stack (the __stack_pointer global) live at 32 MiB and up, below 64 MiB.
  for (const wasm::DataSegment& d : sub->datas) {
    EXPECT_GE(d.offset.value, kSharedBase);
    EXPECT_LE(d.offset.value + d.bytes.size(), 2 * kSharedBase);
  }
  ASSERT_FALSE(sub->globals.empty());
  for (const wasm::GlobalDef& g : sub->globals) {
    EXPECT_GT(g.init.value, kSharedBase);
    EXPECT_LE(g.init.value, 2 * kSharedBase);
  }
}

// Accounts with contracts on an in-memory overlay. sub_isolated, sub_reader and token_sub import
// only NEAR's env functions, so they also run as ordinary contracts (storage unprefixed).
class PlainContract {
 public:
  PlainContract() : overlay_{static_cast<const state::StateReader&>(base_)}, executor_(near_mainnet_config()) {}

  void deploy(const std::string& account, const std::string& example) {
    const Balance ten_near = Balance(10) * 1'000'000'000'000ull * 1'000'000'000'000ull;
    ASSERT_TRUE(executor_.create_account(overlay_, account, ten_near)->ok());
    ASSERT_TRUE(executor_.deploy_contract(overlay_, account, read_example(example))->ok());
  }
  CallOutcome call(const std::string& account, const char* method, std::string args = "",
                   const std::string& signer = "") {
    FunctionCallAction a;
    a.receiver_id = account;
    a.signer_id = signer.empty() ? account : signer;
    a.method_name = method;
    a.args = std::move(args);
    return executor_.function_call(overlay_, a, BlockContext{}).value();
  }

 private:
  syncwasm::testing::EmptyState base_;
  state::StateOverlay overlay_;
  Executor executor_;
};

std::string u64le(uint64_t v) {
  std::string s(8, '\0');
  for (int i = 0; i < 8; ++i) s[i] = char(v >> (8 * i));
  return s;
}
std::string field(const std::string& bytes) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = char(bytes.size() >> (8 * i));
  return s + bytes;
}

TEST(SdkSubmoduleExamples, IsolatedLogicAsPlainContract) {
  SKIP_WITHOUT_EXAMPLES();
  PlainContract c;
  c.deploy("iso.near", "sub_isolated");
  c.deploy("reader.near", "sub_reader");
  using R = std::optional<std::string>;
  EXPECT_EQ(c.call("iso.near", "get").return_data, R("0"));
  EXPECT_EQ(c.call("iso.near", "has_count").return_data, R("0"));
  EXPECT_EQ(c.call("iso.near", "increment").return_data, R("1"));
  EXPECT_EQ(c.call("iso.near", "increment").return_data, R("2"));
  EXPECT_EQ(c.call("iso.near", "get").return_data, R("2"));
  EXPECT_EQ(c.call("iso.near", "has_count").return_data, R("1"));
  EXPECT_EQ(c.call("iso.near", "echo", std::string("a\0b", 3)).return_data, R(std::string("a\0b", 3)));
  CallOutcome fail = c.call("iso.near", "fail");
  ASSERT_TRUE(fail.error);
  EXPECT_EQ(fail.error->kind, CallErrorKind::HostError);
  EXPECT_EQ(fail.error->detail, "GuestPanic");
  EXPECT_EQ(fail.error->message, "isolated: fail");
  CallOutcome after = c.call("iso.near", "increment_fail");
  ASSERT_TRUE(after.error);
  EXPECT_EQ(after.error->message, "isolated: after write");
  EXPECT_EQ(c.call("iso.near", "get").return_data, R("2"));  // the write was rolled back
  CallOutcome trap = c.call("iso.near", "trap");
  ASSERT_TRUE(trap.error);
  EXPECT_EQ(trap.error->kind, CallErrorKind::WasmTrap);
  EXPECT_EQ(trap.error->detail, "Unreachable");
  EXPECT_TRUE(c.call("iso.near", "not_entry").error);  // not a () -> () method
  EXPECT_EQ(c.call("reader.near", "get").return_data, R("0"));
}

TEST(SdkSubmoduleExamples, TokenLogicAsPlainContract) {
  SKIP_WITHOUT_EXAMPLES();
  PlainContract c;
  c.deploy("tok.near", "token_sub");
  using R = std::optional<std::string>;
  EXPECT_TRUE(c.call("tok.near", "init", u64le(1000) + "alice.near").ok());
  CallOutcome again = c.call("tok.near", "init", u64le(5) + "bob.near");
  ASSERT_TRUE(again.error);
  EXPECT_EQ(again.error->message, "token: already initialised");
  EXPECT_EQ(c.call("tok.near", "total_supply").return_data, R("1000"));
  EXPECT_EQ(c.call("tok.near", "balance_of", "alice.near").return_data, R("1000"));
  EXPECT_EQ(c.call("tok.near", "balance_of", "bob.near").return_data, R("0"));
  EXPECT_EQ(c.call("tok.near", "transfer", u64le(300) + field("alice.near") + "bob.near").return_data, R("700"));
  EXPECT_EQ(c.call("tok.near", "transfer", u64le(0) + field("alice.near") + "alice.near").return_data, R("700"));
  EXPECT_EQ(c.call("tok.near", "transfer", u64le(50) + field("alice.near") + "alice.near").return_data, R("700"));
  CallOutcome too_much = c.call("tok.near", "transfer", u64le(301) + field("bob.near") + "alice.near");
  ASSERT_TRUE(too_much.error);
  EXPECT_EQ(too_much.error->message, "token: insufficient balance");
  EXPECT_EQ(c.call("tok.near", "balance_of", "alice.near").return_data, R("700"));
  EXPECT_EQ(c.call("tok.near", "balance_of", "bob.near").return_data, R("300"));
  EXPECT_EQ(c.call("tok.near", "total_supply").return_data, R("1000"));
}

// ---- End to end through the runtime: docs/submodules-sdk.md, "The examples and their expected
// results", sections 1 to 8, in order (each step depends on the state the previous ones left). ----

namespace {

std::string str(const std::vector<uint8_t>& v) { return std::string(v.begin(), v.end()); }
std::string example(const std::string& name) { return str(read_example(name)); }

// A result as the docs spell it: the returned bytes, "<none>" without value_return, or
// "<FAIL detail: message>".
std::string result_of(const CallOutcome& o) {
  if (!o.ok()) return "<FAIL " + o.error->detail + ": " + o.error->message + ">";
  return o.return_data ? *o.return_data : "<none>";
}

struct MainHarness {
  PlainContract chain;
  std::vector<std::string> last_logs;
  MainHarness() { chain.deploy("main.near", "main"); }
  std::string M(const char* method, const std::string& args) {
    CallOutcome o = chain.call("main.near", method, args);
    last_logs = o.logs;
    return result_of(o);
  }
  std::string deploy(const std::string& key, const std::string& policy, const std::string& code) {
    return M("deploy", field(key) + field(policy) + code);
  }
  std::string call(const std::string& key, const std::string& method, const std::string& args, uint64_t flags = 0,
                   uint64_t gas = 0) {
    return M("call", u64le(gas) + u64le(flags) + field(key) + field(method) + args);
  }
};

}  // namespace

TEST(SdkSubmoduleExamplesEndToEnd, MainContractTestPlan) {
  SKIP_WITHOUT_EXAMPLES();
  MainHarness h;
  const std::string iso = example("sub_isolated"), reader = example("sub_reader");
  // 1. Registry
  EXPECT_EQ(h.M("exists", "iso"), "0");
  EXPECT_EQ(h.deploy("iso", R"({"storage_prefix_hex":"69736f2f"})", iso), "0");
  EXPECT_EQ(h.M("exists", "iso"), "1");
  EXPECT_EQ(h.deploy("bad", R"({"storage_access":"write"})", iso),
            R"(1policy: storage_access must be "none", "read" or "read_write")");
  EXPECT_EQ(h.deploy("bad", R"({"colour":1})", iso), "1policy: unknown policy field 'colour'");
  EXPECT_EQ(h.deploy("bad", "{}", "not wasm"), "1invalid module: magic header not detected at offset 0");
  EXPECT_EQ(h.deploy("bad", R"({"storage_access":"read"})", iso),
            "1import env.storage_write: the policy's storage access is read");
  EXPECT_EQ(h.deploy("bad", R"({"storage_access":"none"})", reader),
            "1import env.storage_read: the policy's storage access is none");
  EXPECT_EQ(h.deploy("bad", "{}", example("sub_promise")),
            "1import env.promise_batch_create: submodules cannot use promises");
  EXPECT_EQ(h.deploy("bad", "{}", example("sub_nested")),
            "1import env.submodule_call: the policy does not allow nested submodule calls");
  EXPECT_EQ(h.deploy("bad", "{}", example("sub_shared_memory")),
            "1import parent.memory: the policy does not share the parent's memory");
  EXPECT_EQ(h.deploy("bad", R"({"share_parent_memory":true})", example("sub_shared_memory")),
            "1import parent.log_bytes: not in the policy's parent_functions");
  EXPECT_EQ(h.M("exists", "bad"), "0");
  EXPECT_EQ(h.deploy("tmp", "{}", reader), "0");
  EXPECT_EQ(h.M("remove", "tmp"), "1");
  EXPECT_EQ(h.M("remove", "tmp"), "0");
  EXPECT_EQ(h.M("exists", "tmp"), "0");
  EXPECT_EQ(h.call("tmp", "get", ""), "3");
  EXPECT_EQ(h.deploy("", "{}", reader).rfind("<FAIL InvalidSubmoduleKey", 0), 0u);

  // 2. sub_isolated
  EXPECT_EQ(h.call("iso", "get", ""), "00");
  EXPECT_EQ(h.call("iso", "has_count", ""), "00");
  EXPECT_EQ(h.call("iso", "increment", ""), "01");
  EXPECT_EQ(h.call("iso", "increment", ""), "02");
  EXPECT_EQ(h.call("iso", "get", ""), "02");
  EXPECT_EQ(h.call("iso", "has_count", ""), "01");
  EXPECT_EQ(h.call("iso", "echo", "hello"), "0hello");
  EXPECT_EQ(h.call("iso", "echo", ""), "0");
  EXPECT_EQ(h.call("iso", "fail", ""), "1Smart contract panicked: isolated: fail");
  EXPECT_EQ(h.call("iso", "trap", ""), "1WebAssembly trap: Unreachable (unreachable)");
  EXPECT_EQ(h.call("iso", "increment_fail", ""), "1Smart contract panicked: isolated: after write");
  EXPECT_EQ(h.call("iso", "get", ""), "02");
  EXPECT_EQ(h.call("iso", "spin", "", 0, 5 * kTeraGas), "2");
  EXPECT_EQ(h.call("iso", "increment", "", 1), "1StorageAccessDenied: storage_write in a read-only call");
  EXPECT_EQ(h.call("iso", "get", "", 1), "02");
  EXPECT_EQ(h.call("iso", "missing", ""), "4");
  EXPECT_EQ(h.call("iso", "not_entry", ""), "4");
  EXPECT_EQ(h.call("iso", "memory", ""), "4");
  EXPECT_EQ(h.call("iso", "get", "", 2).rfind("<FAIL InvalidSubmoduleFlags", 0), 0u);
  EXPECT_EQ(h.M("call_n", u64le(3) + u64le(0) + u64le(0) + field("iso") + field("increment")), "0005");
  EXPECT_EQ(h.M("call_n", u64le(3) + u64le(0) + u64le(0) + field("iso") + field("increment_fail")),
            "111Smart contract panicked: isolated: after write");
  EXPECT_EQ(h.call("iso", "get", ""), "05");
  EXPECT_EQ(h.deploy("iso2", R"({"storage_prefix_hex":"69736f322f"})", iso), "0");
  EXPECT_EQ(h.call("iso2", "increment", ""), "01");
  EXPECT_EQ(h.call("iso", "get", ""), "05");
  EXPECT_EQ(h.deploy("root", "{}", iso), "0");
  EXPECT_EQ(h.call("root", "increment", ""), "01");
  // 3. sub_reader, replacing iso2
  EXPECT_EQ(h.deploy("iso2", R"({"storage_prefix_hex":"69736f2f","storage_access":"read"})", reader), "0");
  EXPECT_EQ(h.call("iso2", "get", ""), "05");
  EXPECT_EQ(h.call("iso2", "increment", ""), "4");

  // 4. sub_imports
  const std::string imports = example("sub_imports");
  const std::string all4 = R"(["add_u64","get_counter","log_twice","put_counter"])";
  EXPECT_EQ(h.deploy("imp", R"({"parent_functions":)" + all4 + "}", imports), "0");
  EXPECT_EQ(h.call("imp", "sum", u64le(2) + u64le(40)), "042");
  EXPECT_EQ(h.call("imp", "sum", u64le(~0ull) + u64le(2)), "01");
  EXPECT_EQ(h.call("imp", "sum", "x"), "1Smart contract panicked: sum: args must be two u64");
  EXPECT_EQ(h.call("imp", "peek", ""), "00");
  EXPECT_EQ(h.call("imp", "bump", ""), "01");
  EXPECT_EQ(h.last_logs, (std::vector<std::string>{"1", "1"}));
  EXPECT_EQ(h.call("imp", "bump", ""), "02");
  EXPECT_EQ(h.last_logs, (std::vector<std::string>{"2", "2"}));
  EXPECT_EQ(h.M("read_counter", ""), "2");
  EXPECT_EQ(h.call("imp", "bump", "", 1), "1StorageAccessDenied: storage_write in a read-only call");
  EXPECT_TRUE(h.last_logs.empty());
  EXPECT_EQ(h.M("read_counter", ""), "2");
  EXPECT_EQ(h.call("imp", "peek", "", 1), "02");
  EXPECT_EQ(h.deploy("imp2", R"({"storage_prefix_hex":"696d702f","parent_functions":)" + all4 + "}", imports), "0");
  EXPECT_EQ(h.call("imp2", "bump", ""), "01");
  EXPECT_EQ(h.M("read_counter", ""), "2");
  EXPECT_EQ(h.deploy("bad", R"({"parent_functions":["add_u64","get_counter","log_twice"]})", imports),
            "1import parent.put_counter: not in the policy's parent_functions");
  EXPECT_EQ(h.deploy("impr", R"({"storage_access":"read","parent_functions":)" + all4 + "}", imports), "0");
  EXPECT_EQ(h.call("impr", "bump", ""), "1StorageAccessDenied: storage_write with storage access read");
  EXPECT_EQ(h.call("impr", "peek", ""), "02");

  // 5. sub_shared_memory
  EXPECT_EQ(h.deploy("shm", R"({"share_parent_memory":true,"parent_functions":["log_bytes"]})",
                     example("sub_shared_memory")),
            "0");
  auto cs = [&](const char* method, const std::string& data) {
    return h.M("call_shared", u64le(0) + u64le(0) + field("shm") + field(method) + data);
  };
  EXPECT_EQ(cs("upper", "Hello, World"), "0HELLO, WORLD8");
  EXPECT_EQ(cs("sum", "abc"), "0abc294");
  EXPECT_EQ(cs("log", "hi there"), "0hi there");
  EXPECT_EQ(h.last_logs, (std::vector<std::string>{"hi there"}));
  EXPECT_EQ(cs("upper", ""), "00");
  EXPECT_EQ(cs("sum", ""), "00");
  EXPECT_EQ(cs("upper", "x"), "0X1");
  EXPECT_EQ(h.M("echo", "z"), "echo:z");

  // 6. sub_callback
  const std::string callback = example("sub_callback");
  EXPECT_EQ(h.deploy("cb", R"({"parent_functions":["add_u64","boom","call","echo","ghost","recall","remember"]})",
                     callback),
            "0");
  auto relay = [&](const std::string& method, const std::string& bytes, uint64_t flags = 0) {
    return h.call("cb", "relay", field(method) + bytes, flags);
  };
  EXPECT_EQ(relay("echo", "hi"), "00echo:hi");
  EXPECT_EQ(relay("remember", "x1"), "00ok");
  EXPECT_EQ(h.M("recall", ""), "x1");
  EXPECT_EQ(relay("recall", ""), "00x1");
  EXPECT_EQ(relay("boom", ""), "01Smart contract panicked: boom");
  EXPECT_EQ(h.M("recall", ""), "x1");
  EXPECT_EQ(relay("read_counter", ""), "04");
  EXPECT_EQ(relay("ghost", ""), "04");
  EXPECT_EQ(relay("add_u64", ""), "04");
  EXPECT_EQ(h.call("cb", "relay_fail", field("remember") + "lost"),
            "1Smart contract panicked: callback: after parent_call");
  EXPECT_EQ(h.M("recall", ""), "x1");
  EXPECT_EQ(relay("remember", "ro", 1), "01StorageAccessDenied: storage_write in a read-only call");
  EXPECT_EQ(h.M("recall", ""), "x1");
  EXPECT_EQ(h.call("cb", "loop", "cb"), "01ProhibitedInSubmodule: nested submodule calls");
  EXPECT_EQ(h.deploy("cb2", R"({"nested_calls":true,"parent_functions":["call"]})", callback), "0");
  EXPECT_EQ(h.call("cb2", "loop", "cb2"), std::string(16, '0') + "5");

  // 7. sub_nested
  EXPECT_EQ(h.deploy("nest", R"({"nested_calls":true})", example("sub_nested")), "0");
  auto fw = [&](const std::string& key, const std::string& method, uint64_t flags = 0) {
    return h.call("nest", "forward", field(key) + field(method), flags);
  };
  EXPECT_EQ(fw("iso", "get"), "005");
  EXPECT_EQ(fw("iso", "increment"), "006");
  EXPECT_EQ(h.call("nest", "forward_ro", field("iso") + field("increment")),
            "01StorageAccessDenied: storage_write in a read-only call");
  EXPECT_EQ(h.call("iso", "get", ""), "06");
  EXPECT_EQ(fw("iso", "increment", 1), "01StorageAccessDenied: storage_write in a read-only call");
  EXPECT_EQ(fw("iso", "increment_fail"), "01Smart contract panicked: isolated: after write");
  EXPECT_EQ(fw("ghost", "get"), "03");
  EXPECT_EQ(fw("iso", "missing"), "04");
  EXPECT_EQ(h.call("nest", "dive", "nest"), std::string(16, '0') + "5");
}

TEST(SdkSubmoduleExamplesEndToEnd, TokenRegistryTestPlan) {
  SKIP_WITHOUT_EXAMPLES();
  PlainContract chain;
  chain.deploy("tokens.near", "token_main");
  auto T = [&](const char* method, const std::string& args, const std::string& signer) {
    return result_of(chain.call("tokens.near", method, args, signer));
  };
  const std::string A(20, '\x11'), B(20, '\x22'), C(20, '\x33'), code = example("token_sub");
  EXPECT_EQ(T("create_token", A + u64le(1000), "alice.near"), "<FAIL GuestPanic: token_main: no code, call set_code>");
  EXPECT_EQ(T("set_code", code, "alice.near"), "<FAIL GuestPanic: token_main: only the account may set the code>");
  EXPECT_EQ(T("set_code", code, "tokens.near"), "<none>");
  EXPECT_EQ(T("create_token", A + u64le(1000), "alice.near"), "<none>");
  EXPECT_EQ(T("balance_of", A + "alice.near", "x.near"), "1000");
  EXPECT_EQ(T("total_supply", A, "x.near"), "1000");
  EXPECT_EQ(T("transfer", A + u64le(300) + "bob.near", "alice.near"), "700");
  EXPECT_EQ(T("balance_of", A + "bob.near", "x.near"), "300");
  EXPECT_EQ(T("transfer", A + u64le(301) + "alice.near", "bob.near"),
            "<FAIL GuestPanic: Smart contract panicked: token: insufficient balance>");
  EXPECT_EQ(T("balance_of", A + "bob.near", "x.near"), "300");
  EXPECT_EQ(T("transfer", A + u64le(50) + "alice.near", "alice.near"), "700");
  EXPECT_EQ(T("create_token", A + u64le(5), "bob.near"), "<FAIL GuestPanic: token_main: token exists>");
  EXPECT_EQ(T("create_token", B + u64le(7), "bob.near"), "<none>");
  EXPECT_EQ(T("balance_of", B + "bob.near", "x.near"), "7");
  EXPECT_EQ(T("balance_of", A + "bob.near", "x.near"), "300");
  EXPECT_EQ(T("total_supply", A, "x.near"), "1000");
  EXPECT_EQ(T("balance_of", C + "bob.near", "x.near"), "<FAIL GuestPanic: token_main: no such token>");
  EXPECT_EQ(T("balance_of", A.substr(1), "x.near"), "<FAIL GuestPanic: token_main: bad arguments>");
}
