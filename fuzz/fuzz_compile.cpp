// libFuzzer target: decode + validate + lower arbitrary bytes. Any input must either compile
// or be rejected with an error; a crash, hang or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <span>

#include "syncwasm/wasm/module.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto module = syncwasm::wasm::compile(std::span<const uint8_t>(data, size));
  (void)module.ok();
  return 0;
}
