// ScriptRunner: executes one converted spec script (the JSON that wast2json writes) against
// the engine and counts its commands, as ../shared/spectest/README.md specifies.
//
// Every command except `register` counts once: passed, failed, or skipped (text-format
// assertions, which need a text parser the engine does not have). A `module` command that
// fails counts as one failure; actions on it later fail too. Failures are printed to `log`
// as "FILE:LINE: COMMAND: reason".
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spectest_host.h"
#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/result.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::spec {

struct Tally {
  uint64_t passed = 0;
  uint64_t failed = 0;
  uint64_t skipped = 0;
  Tally& operator+=(const Tally& o) {
    passed += o.passed;
    failed += o.failed;
    skipped += o.skipped;
    return *this;
  }
};

class ScriptRunner {
 public:
  // json_dir holds the script's .wasm files. Not copyable: it owns the Store of the script.
  // `config` is the engine's (e.g. with metering on, to check that gas lowering changes nothing).
  ScriptRunner(std::filesystem::path json_dir, std::ostream& log, wasm::EngineConfig config = {});
  ScriptRunner(const ScriptRunner&) = delete;
  ScriptRunner& operator=(const ScriptRunner&) = delete;

  // Runs every command of the script in order. Never throws for bad scripts or bad modules.
  Tally run(const nlohmann::json& script);

  // Per command type ("assert_return" -> its tally), for the summary.
  const std::map<std::string, Tally>& by_command() const { return by_command_; }

 private:
  // The outcome of one command: ok, or the reason it failed.
  struct Outcome {
    enum class Kind : uint8_t { Passed, Failed, Skipped } kind = Kind::Passed;
    std::string reason;
  };
  struct ActionResult {
    std::string setup_error;  // non-empty: the action could not be performed at all
    wasm::ExecResult exec;
    std::vector<wasm::ValType> types;
    std::vector<wasm::Slot> values;
  };

  Outcome run_command(const nlohmann::json& command);
  Outcome do_module(const nlohmann::json& command);
  Outcome do_register(const nlohmann::json& command);
  Outcome do_action(const nlohmann::json& command);
  Outcome do_assert_return(const nlohmann::json& command);
  Outcome do_assert_trap(const nlohmann::json& command, bool exhaustion);
  Outcome do_assert_module_rejected(const nlohmann::json& command, const std::string& type);

  ActionResult perform(const nlohmann::json& action);
  wasm::Result<std::shared_ptr<const wasm::Module>> compile_file(const std::string& filename);
  wasm::Result<wasm::Instance*> link_and_instantiate(std::shared_ptr<const wasm::Module> module);
  wasm::Instance* target_instance(const nlohmann::json& action, std::string* error);
  ExportMap exports_of(const wasm::Instance& instance) const;

  std::filesystem::path json_dir_;
  std::ostream& log_;
  std::string source_;
  std::unique_ptr<wasm::Store> store_;
  wasm::EngineConfig config_;
  std::map<std::string, ExportMap> registered_;     // importable module name -> exports
  std::map<std::string, wasm::Instance*> named_;    // "$M1" -> instance (null: it failed)
  wasm::Instance* current_ = nullptr;
  bool current_failed_ = false;
  std::map<std::string, Tally> by_command_;
};

}  // namespace syncwasm::spec
