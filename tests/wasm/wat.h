// Test helper: converts WebAssembly text to binary with wabt's wat2wasm at test time.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

namespace syncwasm::testing {

inline std::vector<uint8_t> wat_to_wasm(const std::string& wat) {
  char dir_template[] = "/tmp/syncwasm-wat-XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (!dir) throw std::runtime_error("mkdtemp failed");
  std::string in = std::string(dir) + "/m.wat", out = std::string(dir) + "/m.wasm";
  std::ofstream(in) << wat;
  std::string cmd = std::string(WAT2WASM) + " " + in + " -o " + out + " 2>&1";
  int rc = std::system(cmd.c_str());
  std::ifstream f(out, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(f)), {});
  std::remove(in.c_str());
  std::remove(out.c_str());
  rmdir(dir);
  if (rc != 0 || bytes.empty()) throw std::runtime_error("wat2wasm failed on:\n" + wat);
  return bytes;
}

}  // namespace syncwasm::testing
