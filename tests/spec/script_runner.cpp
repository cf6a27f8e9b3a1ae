#include "script_runner.h"

#include <exception>
#include <fstream>
#include <iterator>

#include "spec_values.h"
#include "syncwasm/wasm/trap.h"

namespace syncwasm::spec {
namespace {

using nlohmann::json;
using wasm::ErrorKind;

std::string str_field(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Export names may hold NUL and control characters: show them escaped in messages.
std::string quoted(const std::string& name) {
  return json(name).dump(-1, ' ', true, json::error_handler_t::replace);
}

std::string describe_error(const wasm::Error& e) {
  return std::string(wasm::error_kind_name(e.kind)) + ": " + e.message;
}

// A trap's text in the suite may carry detail after the kind's own message
// ("uninitialized element 2"), so one must be a prefix of the other.
bool trap_text_matches(wasm::TrapKind kind, const std::string& text) {
  std::string_view message = wasm::trap_message(kind);
  std::string_view expected = text;
  return expected.starts_with(message) || message.starts_with(expected);
}

}  // namespace

ScriptRunner::ScriptRunner(std::filesystem::path json_dir, std::ostream& log, wasm::EngineConfig config)
    : json_dir_(std::move(json_dir)), log_(log), config_(config) {}

Tally ScriptRunner::run(const json& script) {
  Tally tally;
  source_ = str_field(script, "source_filename");
  store_ = std::make_unique<wasm::Store>(config_);
  auto host = create_spectest_host(*store_);
  if (!host.ok()) {
    log_ << source_ << ": cannot create the spectest host module: " << describe_error(host.error())
         << "\n";
    tally.failed++;
    return tally;
  }
  registered_["spectest"] = std::move(host.value());

  const auto commands = script.find("commands");
  if (commands == script.end() || !commands->is_array()) {
    log_ << source_ << ": no \"commands\" array\n";
    tally.failed++;
    return tally;
  }
  for (const auto& command : *commands) {
    const std::string type = str_field(command, "type");
    if (type == "register") {  // bookkeeping, not a test
      auto outcome = do_register(command);
      if (outcome.kind == Outcome::Kind::Failed)
        log_ << source_ << ":" << command.value("line", 0) << ": register: " << outcome.reason
             << "\n";
      continue;
    }
    Outcome outcome;
    try {
      outcome = run_command(command);
    } catch (const std::exception& e) {  // bad JSON shape, allocation failure: fail, go on
      outcome = {Outcome::Kind::Failed, std::string("exception: ") + e.what()};
    }
    Tally& per_type = by_command_[type];
    switch (outcome.kind) {
      case Outcome::Kind::Passed:
        tally.passed++;
        per_type.passed++;
        break;
      case Outcome::Kind::Skipped:
        tally.skipped++;
        per_type.skipped++;
        break;
      case Outcome::Kind::Failed:
        tally.failed++;
        per_type.failed++;
        log_ << source_ << ":" << command.value("line", 0) << ": " << type << ": "
             << outcome.reason << "\n";
        break;
    }
  }
  return tally;
}

ScriptRunner::Outcome ScriptRunner::run_command(const json& command) {
  const std::string type = str_field(command, "type");
  if (type == "module") return do_module(command);
  if (type == "action") return do_action(command);
  if (type == "assert_return") return do_assert_return(command);
  if (type == "assert_trap") return do_assert_trap(command, false);
  if (type == "assert_exhaustion") return do_assert_trap(command, true);
  if (type == "assert_invalid" || type == "assert_malformed" || type == "assert_unlinkable" ||
      type == "assert_uninstantiable")
    return do_assert_module_rejected(command, type);
  return {Outcome::Kind::Failed, "unknown command type " + quoted(type)};
}

wasm::Result<std::shared_ptr<const wasm::Module>> ScriptRunner::compile_file(
    const std::string& filename) {
  const auto path = json_dir_ / filename;
  std::ifstream in(path, std::ios::binary);
  if (filename.empty() || !in)
    return wasm::make_error(ErrorKind::Malformed, "cannot read " + path.string());
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return wasm::compile(bytes, store_->config());
}

wasm::Result<wasm::Instance*> ScriptRunner::link_and_instantiate(
    std::shared_ptr<const wasm::Module> module) {
  // The runner maps names to externs; the engine checks that each extern's type fits.
  std::vector<wasm::Extern> imports;
  imports.reserve(module->imports.size());
  for (const auto& import : module->imports) {
    auto provider = registered_.find(import.module);
    if (provider == registered_.end())
      return wasm::make_error(ErrorKind::Unlinkable,
                              "unknown import " + quoted(import.module) + " " + quoted(import.name) +
                                  ": no module registered as " + quoted(import.module));
    auto field = provider->second.find(import.name);
    if (field == provider->second.end())
      return wasm::make_error(ErrorKind::Unlinkable, "unknown import " + quoted(import.module) +
                                                         " " + quoted(import.name));
    imports.push_back(field->second);
  }
  return store_->instantiate(std::move(module), imports);
}

ExportMap ScriptRunner::exports_of(const wasm::Instance& instance) const {
  ExportMap exports;
  for (const auto& e : instance.module->exports) {
    if (auto ext = instance.find_export(e.name)) exports[e.name] = *ext;
  }
  return exports;
}

ScriptRunner::Outcome ScriptRunner::do_module(const json& command) {
  const std::string name = str_field(command, "name");
  current_ = nullptr;
  current_failed_ = true;
  if (!name.empty()) named_[name] = nullptr;

  auto module = compile_file(str_field(command, "filename"));
  if (!module.ok())
    return {Outcome::Kind::Failed, "module rejected: " + describe_error(module.error())};
  auto instance = link_and_instantiate(std::move(module.value()));
  if (!instance.ok())
    return {Outcome::Kind::Failed, "instantiation failed: " + describe_error(instance.error())};
  current_ = instance.value();
  current_failed_ = false;
  if (!name.empty()) named_[name] = current_;
  return {};
}

ScriptRunner::Outcome ScriptRunner::do_register(const json& command) {
  const std::string as = str_field(command, "as");
  const std::string name = str_field(command, "name");
  wasm::Instance* instance = current_;
  if (!name.empty()) {
    auto it = named_.find(name);
    instance = it == named_.end() ? nullptr : it->second;
  }
  if (instance == nullptr) {
    registered_.erase(as);  // its imports will fail as unknown, and say so
    return {Outcome::Kind::Failed,
            "nothing to register as " + quoted(as) + " (module " +
                (name.empty() ? std::string("current") : name) + " is missing or failed)"};
  }
  registered_[as] = exports_of(*instance);
  return {};
}

wasm::Instance* ScriptRunner::target_instance(const json& action, std::string* error) {
  const std::string name = str_field(action, "module");
  if (name.empty()) {
    if (current_ == nullptr)
      *error = current_failed_ ? "the current module failed to load" : "no current module";
    return current_;
  }
  auto it = named_.find(name);
  if (it == named_.end()) {
    *error = "no module named " + name;
    return nullptr;
  }
  if (it->second == nullptr) *error = "module " + name + " failed to load";
  return it->second;
}

ScriptRunner::ActionResult ScriptRunner::perform(const json& action) {
  ActionResult r;
  wasm::Instance* instance = target_instance(action, &r.setup_error);
  if (instance == nullptr) return r;
  const std::string type = str_field(action, "type");
  const std::string field = str_field(action, "field");
  auto ext = instance->find_export(field);
  if (!ext) {
    r.setup_error = "no export " + quoted(field);
    return r;
  }

  if (type == "get") {
    if (ext->kind != wasm::ExternKind::Global || ext->global == nullptr) {
      r.setup_error = "export " + quoted(field) + " is not a global";
      return r;
    }
    r.types.push_back(ext->global->type.type);
    r.values.push_back(ext->global->value);
    return r;
  }
  if (type != "invoke") {
    r.setup_error = "unknown action type " + quoted(type);
    return r;
  }
  if (ext->kind != wasm::ExternKind::Func || ext->func == nullptr) {
    r.setup_error = "export " + quoted(field) + " is not a function";
    return r;
  }
  // The signature from the module that exports it (the instance's own view of the function).
  const wasm::Export* exp = instance->module->find_export(field);
  if (exp == nullptr) {
    r.setup_error = "no export " + quoted(field) + " in the module";
    return r;
  }
  const wasm::FuncType& ft = instance->module->func_type(exp->index);
  std::vector<wasm::Slot> args;
  if (auto a = action.find("args"); a != action.end() && a->is_array()) {
    for (const auto& arg : *a) {
      std::string error;
      auto slot = parse_arg(arg, &error);
      if (!slot) {
        r.setup_error = "argument " + std::to_string(args.size()) + ": " + error;
        return r;
      }
      args.push_back(*slot);
    }
  }
  if (args.size() != ft.params.size()) {
    r.setup_error = quoted(field) + " takes " + std::to_string(ft.params.size()) +
                    " arguments, the script gives " + std::to_string(args.size());
    return r;
  }
  r.types.assign(ft.results.begin(), ft.results.end());
  r.values.assign(ft.results.size(), 0);
  r.exec = store_->invoke(ext->func, args, r.values);
  return r;
}

ScriptRunner::Outcome ScriptRunner::do_action(const json& command) {
  auto r = perform(command.value("action", json::object()));
  if (!r.setup_error.empty()) return {Outcome::Kind::Failed, r.setup_error};
  if (!r.exec.ok()) return {Outcome::Kind::Failed, "trapped: " + r.exec.message};
  return {};
}

ScriptRunner::Outcome ScriptRunner::do_assert_return(const json& command) {
  auto r = perform(command.value("action", json::object()));
  if (!r.setup_error.empty()) return {Outcome::Kind::Failed, r.setup_error};
  if (!r.exec.ok()) return {Outcome::Kind::Failed, "trapped: " + r.exec.message};
  const json expected = command.value("expected", json::array());
  if (expected.size() != r.values.size())
    return {Outcome::Kind::Failed, "returned " + std::to_string(r.values.size()) +
                                       " values, expected " + std::to_string(expected.size())};
  std::string mismatches;
  for (size_t i = 0; i < expected.size(); ++i) {
    std::string error;
    auto want = parse_expected(expected[i], &error);
    if (!want) return {Outcome::Kind::Failed, "result " + std::to_string(i) + ": " + error};
    if (want->type != r.types[i] || !matches(*want, r.values[i])) {
      mismatches += (mismatches.empty() ? "" : "; ") + std::string("result ") + std::to_string(i) +
                    ": got " + describe(r.types[i], r.values[i]) + ", expected " + describe(*want);
    }
  }
  if (!mismatches.empty()) return {Outcome::Kind::Failed, mismatches};
  return {};
}

ScriptRunner::Outcome ScriptRunner::do_assert_trap(const json& command, bool exhaustion) {
  const std::string text = str_field(command, "text");
  auto r = perform(command.value("action", json::object()));
  if (!r.setup_error.empty()) return {Outcome::Kind::Failed, r.setup_error};
  if (r.exec.ok()) return {Outcome::Kind::Failed, "returned normally, expected trap \"" + text + "\""};
  const bool right_kind = exhaustion ? r.exec.trap == wasm::TrapKind::CallStackExhausted
                                     : trap_text_matches(r.exec.trap, text);
  if (!right_kind)
    return {Outcome::Kind::Failed,
            "trapped with \"" + r.exec.message + "\", expected \"" + text + "\""};
  return {};
}

ScriptRunner::Outcome ScriptRunner::do_assert_module_rejected(const json& command,
                                                              const std::string& type) {
  const std::string text = str_field(command, "text");
  if (str_field(command, "module_type") == "text")
    return {Outcome::Kind::Skipped, "text format (no text parser)"};

  // Which stage must reject the module, and with which error kind.
  ErrorKind want = ErrorKind::Malformed;
  if (type == "assert_invalid") want = ErrorKind::Invalid;
  if (type == "assert_unlinkable") want = ErrorKind::Unlinkable;
  if (type == "assert_uninstantiable") want = ErrorKind::Uninstantiable;
  const std::string expected = "expected " + std::string(wasm::error_kind_name(want)) + " \"" +
                               text + "\"";

  auto module = compile_file(str_field(command, "filename"));
  if (!module.ok()) {
    const ErrorKind got = module.error().kind;
    // A configured limit is a legitimate reason to reject a module at compile time.
    if (got == want || (got == ErrorKind::LimitExceeded &&
                        (want == ErrorKind::Malformed || want == ErrorKind::Invalid)))
      return {};
    return {Outcome::Kind::Failed, "compile failed with " + describe_error(module.error()) + ", " +
                                       expected};
  }
  if (want == ErrorKind::Malformed || want == ErrorKind::Invalid)
    return {Outcome::Kind::Failed, "module was accepted, " + expected};

  auto instance = link_and_instantiate(std::move(module.value()));
  if (instance.ok()) return {Outcome::Kind::Failed, "module instantiated, " + expected};
  if (instance.error().kind != want)
    return {Outcome::Kind::Failed,
            "instantiate failed with " + describe_error(instance.error()) + ", " + expected};
  return {};
}

}  // namespace syncwasm::spec
