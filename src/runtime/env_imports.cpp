// Adapters from the engine's host-function ABI (slots) to VmLogic methods, and the env linker.
#include "syncwasm/runtime/env_imports.h"

#include <unordered_map>
#include <utility>

namespace syncwasm::runtime {
namespace {

constexpr bool is_promise_name(std::string_view name) { return name.substr(0, 8) == "promise_"; }

// The frame running now (host functions are bound to the EnvLinker's current-frame slot).
VmLogic& current_frame(wasm::HostCall& call) { return **static_cast<VmLogic* const*>(call.user); }

// Calls a VmLogic method with its arguments read from the slots (i32 arguments are the low 32
// bits), and writes its result to slot 0. Promise functions fail first in a submodule frame.
template <auto Method, bool kPromise>
struct HostAdapter;

template <typename R, typename... A, HostResult<R> (VmLogic::*Method)(A...), bool kPromise>
struct HostAdapter<Method, kPromise> {
  static wasm::TrapKind call(wasm::HostCall& call, wasm::Slot* slots) {
    VmLogic& logic = current_frame(call);
    logic.enter(call);
    if constexpr (kPromise) {
      if (auto no = logic.prohibited_in_submodule("promise functions"); !no.ok()) return logic.fail(no.take_error());
    }
    return invoke(logic, slots, std::index_sequence_for<A...>{});
  }
  template <size_t... I>
  static wasm::TrapKind invoke(VmLogic& logic, wasm::Slot* slots, std::index_sequence<I...>) {
    HostResult<R> r = (logic.*Method)(static_cast<A>(slots[I])...);
    if (!r.ok()) return logic.fail(r.take_error());
    if constexpr (!std::is_void_v<R>) slots[0] = wasm::Slot(r.value());
    return wasm::TrapKind::None;
  }
};

// The deterministic failure of an env function syncwasm does not implement yet.
template <size_t Index>
wasm::TrapKind unsupported(wasm::HostCall& call, wasm::Slot*) {
  VmLogic& logic = current_frame(call);
  return logic.fail(host_error(HostErrorKind::Unsupported, env_functions()[Index].name));
}

wasm::FuncType make_type(std::string_view params, std::string_view results) {
  auto conv = [](char c) { return c == 'i' ? wasm::ValType::I32 : wasm::ValType::I64; };
  wasm::FuncType t;
  for (char c : params) t.params.push_back(conv(c));
  for (char c : results) t.results.push_back(conv(c));
  return t;
}

enum : size_t {
#define ENV(name, params, results, method) kIndex_##name,
#define ENV_UNSUPPORTED(name, params, results) kIndex_##name,
#include "syncwasm/runtime/env_functions.def"
#undef ENV
#undef ENV_UNSUPPORTED
  kEnvFunctionCount
};

const wasm::HostFunction kHandlers[kEnvFunctionCount] = {
#define ENV(name, params, results, method) &HostAdapter<&VmLogic::method, is_promise_name(#name)>::call,
#define ENV_UNSUPPORTED(name, params, results) &unsupported<kIndex_##name>,
#include "syncwasm/runtime/env_functions.def"
#undef ENV
#undef ENV_UNSUPPORTED
};

const std::unordered_map<std::string_view, size_t>& env_index() {
  static const auto* index = [] {
    auto* m = new std::unordered_map<std::string_view, size_t>;
    for (size_t i = 0; i < env_functions().size(); ++i) (*m)[env_functions()[i].name] = i;
    return m;
  }();
  return *index;
}

}  // namespace

const std::vector<EnvFunctionInfo>& env_functions() {
  static const std::vector<EnvFunctionInfo> list = {
#define ENV(name, params, results, method) {#name, make_type(params, results), true},
#define ENV_UNSUPPORTED(name, params, results) {#name, make_type(params, results), false},
#include "syncwasm/runtime/env_functions.def"
#undef ENV
#undef ENV_UNSUPPORTED
  };
  return list;
}

EnvLinker::EnvLinker(wasm::Store& store, VmLogic* const* current)
    : store_(store), current_(current), funcs_(env_functions().size(), nullptr) {}

std::variant<wasm::Extern, std::string> EnvLinker::resolve(const wasm::Module& module, const wasm::Import& import) {
  auto it = env_index().find(import.name);
  if (import.module != "env" || import.kind != wasm::ExternKind::Func || it == env_index().end())
    return "unknown import: " + import.module + "." + import.name;
  const EnvFunctionInfo& info = env_functions()[it->second];
  const wasm::FuncType& wanted = module.types[import.func_type];
  if (!(wanted == info.type))
    return "import env." + import.name + " has type " + wasm::to_string(wanted) + ", env provides " +
           wasm::to_string(info.type);
  wasm::FuncInstance*& func = funcs_[it->second];
  if (!func) func = store_.create_host_function(info.type, kHandlers[it->second], const_cast<VmLogic**>(current_));
  wasm::Extern e;
  e.kind = wasm::ExternKind::Func;
  e.func = func;
  return e;
}

std::variant<std::vector<wasm::Extern>, std::string> EnvLinker::link(const wasm::Module& module) {
  std::vector<wasm::Extern> externs;
  externs.reserve(module.imports.size());
  for (const wasm::Import& import : module.imports) {
    auto resolved = resolve(module, import);
    if (auto* message = std::get_if<std::string>(&resolved)) return std::move(*message);
    externs.push_back(std::get<wasm::Extern>(resolved));
  }
  return externs;
}

}  // namespace syncwasm::runtime
