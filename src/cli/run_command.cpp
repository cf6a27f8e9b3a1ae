#include "run_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "exit_codes.h"
#include "literals.h"
#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::cli {
namespace {

std::string describe_import(const wasm::Module& module, const wasm::Import& import) {
  std::string what = std::string(wasm::extern_kind_name(import.kind));
  if (import.kind == wasm::ExternKind::Func && import.func_type < module.types.size())
    what += " " + wasm::to_string(module.types[import.func_type]);
  return "\"" + import.module + "\" \"" + import.name + "\" (" + what + ")";
}

}  // namespace

int run_export(const RunOptions& options, std::ostream& out, std::ostream& err) {
  std::ifstream in(options.file, std::ios::binary);
  if (!in) {
    err << "error: cannot read " << options.file << ": " << std::strerror(errno) << "\n";
    return kExitUnreadable;
  }
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                             std::istreambuf_iterator<char>());
  if (in.bad()) {
    err << "error: cannot read " << options.file << "\n";
    return kExitUnreadable;
  }

  wasm::EngineConfig config;
  auto compiled = wasm::compile(bytes, config);
  if (!compiled.ok()) {
    err << "error: " << options.file << ": " << wasm::error_kind_name(compiled.error().kind)
        << ": " << compiled.error().message << "\n";
    return kExitModuleRejected;
  }
  std::shared_ptr<const wasm::Module> module = compiled.value();

  // The command has no host functions to offer: name every import it cannot satisfy.
  if (!module->imports.empty()) {
    err << "error: " << options.file << " needs imports that `syncwasm run` cannot provide:";
    for (const auto& import : module->imports)
      err << "\n  unknown import " << describe_import(*module, import);
    err << "\n";
    return kExitModuleRejected;
  }

  // Check the call before instantiating, so a typo never runs a start function.
  const wasm::Export* exp = module->find_export(options.export_name);
  if (exp == nullptr || exp->kind != wasm::ExternKind::Func) {
    err << "error: " << options.file << " has no exported function \"" << options.export_name
        << "\"";
    std::string names;
    for (const auto& e : module->exports)
      if (e.kind == wasm::ExternKind::Func) names += (names.empty() ? "" : ", ") + e.name;
    err << (names.empty() ? std::string(" (it exports no functions)")
                          : "; exported functions: " + names)
        << "\n";
    return kExitUsage;
  }
  const wasm::FuncType& type = module->func_type(exp->index);
  if (options.args.size() != type.params.size()) {
    err << "error: \"" << options.export_name << "\" " << wasm::to_string(type) << " takes "
        << type.params.size() << " argument(s), " << options.args.size() << " given\n";
    return kExitUsage;
  }
  std::vector<wasm::Slot> args;
  for (size_t i = 0; i < options.args.size(); ++i) {
    std::string reason;
    auto slot = parse_literal(type.params[i], options.args[i], &reason);
    if (!slot) {
      err << "error: argument " << (i + 1) << " \"" << options.args[i] << "\" is not a valid "
          << wasm::val_type_name(type.params[i]) << ": " << reason << "\n";
      return kExitUsage;
    }
    args.push_back(*slot);
  }

  wasm::Store store(config);
  auto instance = store.instantiate(module, {});
  if (!instance.ok()) {
    const bool trapped = instance.error().kind == wasm::ErrorKind::Uninstantiable;
    err << (trapped ? "trap: " : "error: ") << instance.error().message << "\n";
    return trapped ? kExitTrap : kExitModuleRejected;
  }
  auto func = instance.value()->find_export(options.export_name);
  if (!func || func->func == nullptr) {
    err << "error: export \"" << options.export_name << "\" not found in the instance\n";
    return kExitUsage;
  }
  std::vector<wasm::Slot> results(type.results.size(), 0);
  wasm::ExecResult r = store.invoke(func->func, args, results);
  if (!r.ok()) {
    err << "trap: " << (r.message.empty() ? wasm::trap_message(r.trap) : r.message) << "\n";
    return kExitTrap;
  }
  for (size_t i = 0; i < results.size(); ++i)
    out << format_value(type.results[i], results[i]) << "\n";
  return kExitOk;
}

}  // namespace syncwasm::cli
