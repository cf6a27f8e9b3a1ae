#include "syncwasm/runtime/submodule_prepare.h"

#include "syncwasm/runtime/env_imports.h"
#include "syncwasm/runtime/prepare.h"

namespace syncwasm::runtime {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool is_storage_write(std::string_view name) { return name == "storage_write" || name == "storage_remove"; }
bool is_storage_read(std::string_view name) { return starts_with(name, "storage_") && name != "storage_usage"; }
bool is_submodule_function(std::string_view name) { return starts_with(name, "submodule_"); }

const EnvFunctionInfo* find_env(std::string_view name) {
  for (const EnvFunctionInfo& info : env_functions())
    if (name == info.name) return &info;
  return nullptr;
}

std::string check_env_import(const wasm::Module& module, const wasm::Import& import, const SubmodulePolicy& policy) {
  const std::string what = "import env." + import.name;
  const EnvFunctionInfo* info = import.kind == wasm::ExternKind::Func ? find_env(import.name) : nullptr;
  if (!info) return what + " is not a host function";
  if (!(module.types[import.func_type] == info->type))
    return what + " has type " + wasm::to_string(module.types[import.func_type]) + ", env provides " +
           wasm::to_string(info->type);
  if (is_promise_function(import.name)) return what + ": submodules cannot use promises";
  if (import.name == "parent_call" && policy.parent_functions.empty())
    return what + ": the policy allows no parent functions";
  if (is_submodule_function(import.name) && !policy.nested_calls)
    return what + ": the policy does not allow nested submodule calls";
  if (is_storage_write(import.name) && policy.storage_access != StorageAccess::ReadWrite)
    return what + ": the policy's storage access is " + storage_access_name(policy.storage_access);
  if (is_storage_read(import.name) && policy.storage_access == StorageAccess::None)
    return what + ": the policy's storage access is none";
  return {};
}

}  // namespace

bool is_promise_function(std::string_view env_name) { return starts_with(env_name, "promise_"); }

std::variant<std::shared_ptr<const wasm::Module>, std::string> compile_submodule(std::span<const uint8_t> code,
                                                                               const RuntimeConfig& config) {
  if (code.size() > config.limits.max_contract_size)
    return "code of " + std::to_string(code.size()) + " bytes exceeds max_contract_size (" +
           std::to_string(config.limits.max_contract_size) + ")";
  auto compiled = wasm::compile(code, near_engine_config(config));
  if (!compiled.ok()) return "invalid module: " + compiled.error().message;
  std::shared_ptr<const wasm::Module> module = std::move(compiled).value();
  // PROTOCOL: a submodule keeps the memory it declares, within the account's page limit.
  for (size_t i = module->num_imported_memories; i < module->memories.size(); ++i)
    if (module->memories[i].limits.min > config.limits.max_memory_pages)
      return "memory of " + std::to_string(module->memories[i].limits.min) + " pages exceeds max_memory_pages (" +
             std::to_string(config.limits.max_memory_pages) + ")";
  return module;
}

std::string check_parent_function(const wasm::Module& module, const wasm::Import& import,
                                  const wasm::Module& parent) {
  const std::string what = "import parent." + import.name;
  const wasm::Export* e = parent.find_export(import.name);
  if (!e || e->kind != wasm::ExternKind::Func) return what + ": the main contract exports no such function";
  const wasm::FuncType& wanted = module.types[import.func_type];
  const wasm::FuncType& given = parent.func_type(e->index);
  if (!(wanted == given))
    return what + " has type " + wasm::to_string(wanted) + ", the main contract's export has " +
           wasm::to_string(given);
  return {};
}

std::string check_submodule_imports(const wasm::Module& module, const SubmodulePolicy& policy,
                                    const wasm::Module* parent) {
  for (const wasm::Import& import : module.imports) {
    if (import.module == "env") {
      if (std::string why = check_env_import(module, import, policy); !why.empty()) return why;
    } else if (import.module == "parent" && import.kind == wasm::ExternKind::Memory) {
      if (import.name != "memory") return "import parent." + import.name + ": the only parent memory is 'memory'";
      if (!policy.share_parent_memory) return "import parent.memory: the policy does not share the parent's memory";
    } else if (import.module == "parent" && import.kind == wasm::ExternKind::Func) {
      if (!policy.allows_parent_function(import.name))
        return "import parent." + import.name + ": not in the policy's parent_functions";
      if (parent) {
        if (std::string why = check_parent_function(module, import, *parent); !why.empty()) return why;
      }
    } else {
      return "import " + import.module + "." + import.name + ": submodules import only from env and parent";
    }
  }
  return {};
}

}  // namespace syncwasm::runtime
