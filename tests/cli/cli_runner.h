// Runs the built syncwasm binary (SYNCWASM_BINARY) as a child process and captures its exit
// status, stdout and stderr; per-test data directories under the test's temp dir.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace syncwasm::testing {

struct CliResult {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& arg) {
  std::string quoted = "'";
  for (char c : arg) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// `env` is prepended to the command line (e.g. "SYNCWASM_DATA=/x"); SYNCWASM_DATA is otherwise
// unset so the tests never touch a developer's directory.
inline CliResult run_cli(const std::vector<std::string>& args, const std::string& env = "") {
  static int counter = 0;
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) /
      ("syncwasm-cli-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  std::string command = "env -u SYNCWASM_DATA " + env + " " + shell_quote(SYNCWASM_BINARY);
  for (const std::string& arg : args) {  // appended piecewise: GCC 12 warns (-Wrestrict) on " " + temporary
    command += ' ';
    command += shell_quote(arg);
  }
  command +=
      " >" + shell_quote((dir / "out").string()) + " 2>" + shell_quote((dir / "err").string());
  const int raw = std::system(command.c_str());
  CliResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
  result.out = slurp(dir / "out");
  result.err = slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return result;
}

// A fresh, absent data directory path for one test.
inline std::string fresh_data_dir(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) /
                                    ("syncwasm-data-" + std::to_string(getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return dir.string();
}

// A result with its exit status and both streams, for failure messages.
inline std::string describe(const CliResult& r) {
  return "exit " + std::to_string(r.status) + "\n--- stdout:\n" + r.out + "--- stderr:\n" + r.err;
}

inline size_t lines(const std::string& text) {
  return static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
}

// A refusal as every command reports one: the exit status, nothing on stdout, and one
// "error: ..." line on stderr that contains message.
inline void expect_one_line_error(const CliResult& r, int status, const std::string& message) {
  EXPECT_EQ(r.status, status) << describe(r);
  EXPECT_EQ(r.out, "") << describe(r);
  EXPECT_EQ(lines(r.err), 1u) << describe(r);
  EXPECT_EQ(r.err.rfind("error: ", 0), 0u) << describe(r);
  EXPECT_NE(r.err.find(message), std::string::npos) << "stderr lacks \"" << message << "\"\n"
                                                    << describe(r);
}

}  // namespace syncwasm::testing
