#include "syncwasm/runtime/prepare.h"

#include <cstring>
#include <optional>
#include <string_view>

namespace syncwasm::runtime {
namespace {

using Bytes = std::vector<uint8_t>;

PrepareError deser(std::string msg) { return {PrepareErrorKind::Deserialization, std::move(msg)}; }

// A bounds-checked reader over the contract bytes.
struct Reader {
  std::span<const uint8_t> b;
  size_t pos = 0;
  bool failed = false;

  bool at_end() const { return pos >= b.size(); }
  uint8_t u8() {
    if (pos >= b.size()) { failed = true; return 0; }
    return b[pos++];
  }
  uint32_t u32() {
    uint64_t result = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      uint8_t byte = u8();
      if (failed) return 0;
      result |= uint64_t(byte & 0x7f) << shift;
      if (!(byte & 0x80)) {
        if (result > UINT32_MAX) failed = true;
        return uint32_t(result);
      }
    }
    failed = true;
    return 0;
  }
  std::string_view name() {
    uint32_t n = u32();
    if (failed || n > b.size() - pos) { failed = true; return {}; }
    std::string_view s(reinterpret_cast<const char*>(b.data() + pos), n);
    pos += n;
    return s;
  }
  void skip(size_t n) {
    if (n > b.size() - pos) { failed = true; return; }
    pos += n;
  }
  void limits() {
    uint8_t flags = u8();
    u32();
    if (flags & 1) u32();
  }
};

void put_u32(Bytes& out, uint32_t v) {
  do {
    uint8_t byte = v & 0x7f;
    v >>= 7;
    if (v) byte |= 0x80;
    out.push_back(byte);
  } while (v);
}

void put_section(Bytes& out, uint8_t id, const Bytes& content) {
  out.push_back(id);
  put_u32(out, uint32_t(content.size()));
  out.insert(out.end(), content.begin(), content.end());
}

// The position of a section in the required order (the data count section sits between
// element and code).
int section_rank(uint8_t id) {
  if (id == 12) return 10;  // datacount: after elem (9), before code (10)
  if (id == 10 || id == 11) return id + 1;
  return id;
}
constexpr int kMemoryRank = 5;
constexpr int kExportRank = 7;

// Import section checks: only functions from env (nearcore: Instantiate / Memory).
std::optional<PrepareError> check_imports(std::span<const uint8_t> content) {
  Reader r{content};
  uint32_t n = r.u32();
  for (uint32_t i = 0; i < n && !r.failed; ++i) {
    std::string_view module = r.name();
    std::string_view field = r.name();
    uint8_t kind = r.u8();
    if (r.failed) break;
    if (kind == 2) return PrepareError{PrepareErrorKind::Memory, "contracts may not import a memory"};
    if (module != "env")
      return PrepareError{PrepareErrorKind::Instantiate,
                          "import '" + std::string(module) + "." + std::string(field) + "' is not from env"};
    if (kind != 0)
      return PrepareError{PrepareErrorKind::Instantiate,
                          "import 'env." + std::string(field) + "' is not a function"};
    r.u32();  // type index
  }
  if (r.failed) return deser("malformed import section");
  return std::nullopt;
}

// Export section with a "memory" export of memory 0 added when there is none.
std::variant<Bytes, PrepareError> exports_with_memory(std::span<const uint8_t> content) {
  Reader r{content};
  uint32_t n = r.u32();
  bool has_memory = false;
  for (uint32_t i = 0; i < n && !r.failed; ++i) {
    std::string_view name = r.name();
    uint8_t kind = r.u8();
    r.u32();
    if (name == "memory") {
      if (kind != 2) return deser("export 'memory' is not a memory");
      has_memory = true;
    }
  }
  if (r.failed || !r.at_end()) return deser("malformed export section");
  Bytes out;
  put_u32(out, n + (has_memory ? 0 : 1));
  // Re-emit the entries after the count, then the added one.
  Reader again{content};
  again.u32();
  out.insert(out.end(), content.begin() + again.pos, content.end());
  if (!has_memory) {
    put_u32(out, 6);
    out.insert(out.end(), {'m', 'e', 'm', 'o', 'r', 'y'});
    out.push_back(2);
    put_u32(out, 0);
  }
  return out;
}

PrepareError classify_engine_error(const wasm::Error& e) {
  if (e.kind == wasm::ErrorKind::LimitExceeded) {
    const std::string& m = e.message;
    if (m.find("functions") != std::string::npos) return {PrepareErrorKind::TooManyFunctions, m};
    if (m.find("locals") != std::string::npos) return {PrepareErrorKind::TooManyLocals, m};
    if (m.find("tables") != std::string::npos) return {PrepareErrorKind::TooManyTables, m};
    if (m.find("module of") != std::string::npos) return {PrepareErrorKind::ContractSizeExceeded, m};
  }
  return deser(std::string(wasm::error_kind_name(e.kind)) + ": " + e.message);
}

}  // namespace

wasm::EngineConfig near_engine_config(const RuntimeConfig& config) {
  wasm::EngineConfig ec;
  ec.features.multi_value = false;  // PROTOCOL: nearcore never enabled multi-value
  const LimitConfig& l = config.limits;
  ec.limits.max_module_bytes = l.max_contract_size;
  ec.limits.max_types = l.max_types_per_contract;
  ec.limits.max_functions = uint32_t(l.max_functions_number_per_contract);
  ec.limits.max_tables = l.max_tables_per_contract;
  ec.limits.max_function_body_bytes = l.max_function_body_size;
  ec.limits.max_params = l.max_params_per_function;
  ec.limits.max_memory_pages = l.max_memory_pages;
  ec.limits.max_table_elements = l.max_elements_per_contract_table;
  // nearcore counts 262,144 bytes of frames and operands; the engine counts 8-byte slots.
  ec.limits.max_stack_slots = l.max_stack_height / 8;
  ec.metering.enabled = true;
  ec.metering.regular_op_cost = config.wasm.regular_op_cost;
  return ec;
}

std::variant<Bytes, PrepareError> rewrite_contract(std::span<const uint8_t> code, const RuntimeConfig& config) {
  if (code.size() > config.limits.max_contract_size)
    return PrepareError{PrepareErrorKind::ContractSizeExceeded,
                        "contract of " + std::to_string(code.size()) + " bytes exceeds max_contract_size"};
  static const uint8_t kHeader[8] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
  if (code.size() < 8 || std::memcmp(code.data(), kHeader, 8) != 0) return deser("not a wasm 1.0 binary");

  Bytes memory_section;
  put_u32(memory_section, 1);
  memory_section.push_back(0x01);  // min and max
  put_u32(memory_section, config.limits.initial_memory_pages);
  put_u32(memory_section, config.limits.max_memory_pages);

  Bytes out(kHeader, kHeader + 8);
  Reader r{code, 8};
  bool memory_written = false, exports_written = false;
  int last_rank = 0;
  auto emit_missing_before = [&](int rank) -> std::optional<PrepareError> {
    if (!memory_written && rank > kMemoryRank) {
      put_section(out, 5, memory_section);
      memory_written = true;
    }
    if (!exports_written && rank > kExportRank) {
      static const uint8_t kNoExports[1] = {0};
      auto e = exports_with_memory(std::span<const uint8_t>(kNoExports, 1));
      if (auto* err = std::get_if<PrepareError>(&e)) return *err;
      put_section(out, 7, std::get<Bytes>(e));
      exports_written = true;
    }
    return std::nullopt;
  };
  while (!r.at_end()) {
    uint8_t id = r.u8();
    uint32_t size = r.u32();
    if (r.failed || size > code.size() - r.pos) return deser("malformed section header");
    std::span<const uint8_t> content = code.subspan(r.pos, size);
    r.skip(size);
    if (id == 0) continue;  // custom sections are dropped (discard_custom_sections)
    if (id > 12) return deser("unknown section id " + std::to_string(id));
    int rank = section_rank(id);
    if (rank <= last_rank) return deser("section " + std::to_string(id) + " out of order or repeated");
    last_rank = rank;
    if (auto err = emit_missing_before(rank)) return *err;
    if (id == 2) {
      if (auto err = check_imports(content)) return *err;
    }
    if (id == 5) {
      put_section(out, 5, memory_section);  // the contract's memories are replaced
      memory_written = true;
      continue;
    }
    if (id == 7) {
      auto e = exports_with_memory(content);
      if (auto* err = std::get_if<PrepareError>(&e)) return *err;
      put_section(out, 7, std::get<Bytes>(e));
      exports_written = true;
      continue;
    }
    put_section(out, id, Bytes(content.begin(), content.end()));
  }
  if (auto err = emit_missing_before(1000)) return *err;
  return out;
}

std::variant<std::shared_ptr<const wasm::Module>, PrepareError> prepare_contract(std::span<const uint8_t> code,
                                                                                 const RuntimeConfig& config) {
  auto rewritten = rewrite_contract(code, config);
  if (auto* err = std::get_if<PrepareError>(&rewritten)) return *err;
  const Bytes& bytes = std::get<Bytes>(rewritten);
  auto compiled = wasm::compile(bytes, near_engine_config(config));
  if (!compiled.ok()) return classify_engine_error(compiled.error());
  std::shared_ptr<const wasm::Module> module = std::move(compiled).value();
  const LimitConfig& l = config.limits;
  if (module->func_types.size() > l.max_functions_number_per_contract)
    return PrepareError{PrepareErrorKind::TooManyFunctions, "more than max_functions_number_per_contract"};
  uint64_t locals = 0;
  for (const wasm::CompiledFunction& f : module->functions) locals += uint64_t(f.num_params) + f.num_locals;
  if (locals > l.max_locals_per_contract)
    return PrepareError{PrepareErrorKind::TooManyLocals,
                        std::to_string(locals) + " locals exceed max_locals_per_contract"};
  for (const wasm::TableType& t : module->tables)
    if (t.limits.min > l.max_elements_per_contract_table)
      return PrepareError{PrepareErrorKind::TooManyTableElements,
                          "table of " + std::to_string(t.limits.min) + " elements exceeds max_elements_per_contract_table"};
  return module;
}

}  // namespace syncwasm::runtime
