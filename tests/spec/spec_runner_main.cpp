// spec_runner: runs WebAssembly spec scripts (.wast, converted with wast2json at run time, or
// already-converted .json) against the engine. Ends with one line
// "spec: N passed, N failed, N skipped" and exits non-zero when anything failed.
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "script_runner.h"

namespace fs = std::filesystem;
using syncwasm::spec::ScriptRunner;
using syncwasm::spec::Tally;

namespace {

const char* kUsage =
    "usage: spec_runner [--wast2json PATH] [--summary] --out DIR SCRIPT...\n"
    "  SCRIPT     a .wast file (converted with wast2json into DIR) or a wast2json .json file\n"
    "  --out DIR  where the converted .json and .wasm files go (created if missing)\n"
    "  --wast2json PATH  the converter (default: wast2json from PATH)\n"
    "  --summary  also print the counts per command type\n"
    "  --metering  run with gas metering on (unlimited gas): results must not change\n"
    "Exit status: 0 when every command passed, 1 when any failed, 2 on a usage error.\n";

// Runs argv without a shell; returns its exit status or -1 when it could not start.
int run_program(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    execvp(args[0], args.data());
    std::fprintf(stderr, "spec_runner: cannot run %s: %s\n", args[0], std::strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Converts (if needed), parses and runs one script; adds its counts to total.
void run_script(const fs::path& script, const fs::path& out_dir, const std::string& wast2json,
                const syncwasm::wasm::EngineConfig& config,
                bool summary, Tally& total) {
  fs::path json_path = script;
  if (script.extension() != ".json") {
    json_path = out_dir / (script.stem().string() + ".json");
    int rc = run_program({wast2json, script.string(), "-o", json_path.string()});
    if (rc != 0) {
      std::cout << script.string() << ": wast2json failed (exit status " << rc
                << "); the whole script counts as one failure\n";
      total.failed++;
      return;
    }
  }
  nlohmann::json parsed;
  try {
    std::ifstream in(json_path);
    if (!in) throw std::runtime_error("cannot open " + json_path.string());
    parsed = nlohmann::json::parse(in);
  } catch (const std::exception& e) {
    std::cout << json_path.string() << ": cannot parse: " << e.what() << "\n";
    total.failed++;
    return;
  }
  ScriptRunner runner(json_path.parent_path(), std::cout, config);
  Tally t = runner.run(parsed);
  std::cout << script.filename().string() << "  passed=" << t.passed << " failed=" << t.failed
            << " skipped=" << t.skipped << "\n";
  if (summary) {
    for (const auto& [type, c] : runner.by_command())
      std::cout << "    " << type << "  passed=" << c.passed << " failed=" << c.failed
                << " skipped=" << c.skipped << "\n";
  }
  total += t;
}

}  // namespace

int main(int argc, char** argv) {
  std::string wast2json = "wast2json";
  fs::path out_dir;
  bool summary = false;
  syncwasm::wasm::EngineConfig config;
  std::vector<fs::path> scripts;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if ((arg == "--out" || arg == "--wast2json") && i + 1 < argc) {
      if (arg == "--out")
        out_dir = argv[++i];
      else
        wast2json = argv[++i];
    } else if (arg == "--summary") {
      summary = true;
    } else if (arg == "--metering") {
      config.metering.enabled = true;
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (!arg.empty() && arg[0] == '-') {
      std::cerr << "spec_runner: unknown option " << arg << "\n" << kUsage;
      return 2;
    } else {
      scripts.emplace_back(arg);
    }
  }
  if (scripts.empty() || out_dir.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "spec_runner: cannot create " << out_dir << ": " << ec.message() << "\n";
    return 2;
  }

  Tally total;
  for (const auto& script : scripts) run_script(script, out_dir, wast2json, config, summary, total);
  std::cout << "spec: " << total.passed << " passed, " << total.failed << " failed";
  if (total.skipped) std::cout << ", " << total.skipped << " skipped";
  std::cout << "\n";
  return total.failed == 0 ? 0 : 1;
}
