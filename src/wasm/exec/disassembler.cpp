#include "exec/disassembler.h"

#include <cstring>
#include <unordered_map>

#include "exec/op_table.h"

namespace syncwasm::wasm {
namespace {

const char* const kOpNames[] = {
#define OP(name, words) #name,
#include "exec/ops.def"
#undef OP
#define UN(code, name, in, out, expr) #name,
#define BIN(code, name, in, out, expr) #name,
#define UN_TRAP(code, name, in, out, expr) #name,
#define BIN_TRAP(code, name, in, out, expr) #name,
#include "exec/numeric.def"
#undef UN
#undef BIN
#undef UN_TRAP
#undef BIN_TRAP
};

}  // namespace

std::string disassemble(const CompiledFunction& f) {
  std::unordered_map<const void*, size_t> ops;
  const void* const* handlers = interpreter_handlers();
  for (size_t i = 0; i < size_t(Op::kCount); ++i) ops.emplace(handlers[i], i);
  std::string out;
  const auto& code = f.code;
  for (size_t pos = 0; pos + 1 < code.size();) {
    const void* h;
    std::memcpy(&h, &code[pos], sizeof h);
    auto it = ops.find(h);
    if (it == ops.end()) return out + "?? bad handler\n";
    size_t op = it->second;
    size_t len = instruction_words(code.data(), code.size(), pos, uint16_t(op));
    if (len == 0) return out + "?? truncated instruction\n";
    out += std::to_string(pos);
    out += ": ";
    out += kOpNames[op];
    for (size_t k = pos + 2; k < pos + len && k < code.size(); ++k) {
      out += ' ';
      out += std::to_string(int32_t(code[k]));
    }
    out += '\n';
    pos += len;
  }
  return out;
}

}  // namespace syncwasm::wasm
