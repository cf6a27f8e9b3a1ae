#include "run_command.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "command.h"
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
    err << "error: " << options.file << ": " << wasm::error_kind_name(compiled.error().kind) << ": "
        << compiled.error().message << "\n";
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

namespace {

const char* kRunDescription =
    "Compile FILE.wasm, instantiate it and call its exported function EXPORT with ARGS;\n"
    "print each result on its own line.\n"
    "\n"
    "ARGS are literals of the function's parameter types, in the text format's spelling:\n"
    "  i32, i64  decimal or hex, signed or not: 42  -7  0xff  4294967295  1_000\n"
    "  f32, f64  1.5  -0  6.02e23  0x1.8p3  inf  -inf  nan  -nan  nan:0x200000\n"
    "  externref null or a host id; funcref null\n"
    "Put -- before the arguments when one starts with '-' and is not a number (-inf, -nan).\n"
    "Results: integers as signed decimal; floats with the fewest digits that read back\n"
    "to the same bits (nan payloads as nan:0x...).\n"
    "The module may not have imports (no host functions are provided yet).\n"
    "\n"
    "Exit status: 0 success; 1 trap (\"trap: <message>\" on stderr); 2 bad command line,\n"
    "unknown export, wrong argument count or bad literal; 3 unreadable file; 4 module\n"
    "rejected (malformed or invalid: the message names section, offset and reason; or\n"
    "imports that cannot be satisfied).";

}  // namespace

std::vector<std::string> protect_run_literals(std::vector<std::string> args) {
  // The command is the first argument that is neither an option nor the value of --data.
  size_t run_at = 1;
  while (run_at < args.size()) {
    if (args[run_at] == "--data") {
      run_at += 2;
    } else if (!args[run_at].empty() && args[run_at][0] == '-') {
      ++run_at;
    } else {
      break;
    }
  }
  if (run_at >= args.size() || args[run_at] != "run") return args;
  size_t positionals = 0;
  for (size_t i = run_at + 1; i < args.size(); ++i) {
    if (args[i] == "--") break;
    if (!args[i].empty() && args[i][0] == '-' && positionals < 2) continue;  // an option
    if (++positionals == 2) {
      bool needs_guard = false;
      if (i + 1 < args.size() && args[i + 1] == "--") break;
      for (size_t j = i + 1; j < args.size(); ++j)
        needs_guard |=
            args[j].size() > 1 && args[j][0] == '-' && args[j] != "-h" && args[j] != "--help";
      if (needs_guard) args.insert(args.begin() + static_cast<long>(i) + 1, "--");
      break;
    }
  }
  return args;
}

void register_run_command(CLI::App& app, CommandContext& ctx) {
  auto run = std::make_shared<RunOptions>();
  CLI::App* run_cmd =
      app.add_subcommand("run", "Call an exported function of a .wasm module (no state)");
  run_cmd->footer(kRunDescription);
  run_cmd->add_option("FILE", run->file, "The module (.wasm binary)")->required();
  run_cmd->add_option("EXPORT", run->export_name, "The exported function to call")->required();
  run_cmd->add_option("ARGS", run->args, "Arguments, one literal per parameter");
  on_parsed(run_cmd, ctx, [run](CommandContext& c) { return run_export(*run, *c.out, *c.err); });
}

}  // namespace syncwasm::cli
