// EngineConfig: the features a module may use and every deterministic limit of the engine.
// Each limit is a named field with a default; hitting one is a validation error or a trap,
// identical on every machine and build type.
#pragma once

#include <cstdint>

namespace syncwasm::wasm {

struct Features {
  bool sign_extension = true;
  bool mutable_globals = true;  // import/export of mutable globals
  bool multi_value = true;
  bool saturating_float_to_int = true;
  bool bulk_memory = true;
  bool reference_types = true;
};

struct EngineLimits {
  uint64_t max_module_bytes = 64u << 20;
  uint32_t max_types = 1'000'000;
  uint32_t max_functions = 1'000'000;
  uint32_t max_imports = 100'000;
  uint32_t max_exports = 100'000;
  uint32_t max_globals = 1'000'000;
  uint32_t max_tables = 100'000;
  uint32_t max_data_segments = 100'000;
  uint32_t max_elem_segments = 100'000;
  uint32_t max_locals_per_function = 50'000;
  uint32_t max_params = 1'000;
  uint32_t max_results = 1'000;
  uint32_t max_function_body_bytes = 16u << 20;
  uint32_t max_br_table_targets = 1'000'000;
  uint32_t max_memory_pages = 65536;   // 4 GiB
  uint32_t max_table_elements = 10'000'000;
  uint32_t max_call_depth = 10'000;
  // Slots (8 bytes each) for all frames of one call chain: locals + operand stack.
  uint32_t max_stack_slots = 1u << 20;
};

// Gas metering (DESIGN.md §2): charged once per basic block, the block's cost computed at
// lowering time. Costs follow NEAR's: every instruction but block/else/end costs
// regular_op_cost, each function entry pays for its frame, bulk operations pay per unit.
struct Metering {
  bool enabled = false;
  uint64_t regular_op_cost = 822'756;     // PROTOCOL: NEAR's wasm_regular_op_cost (PV49+)
  uint64_t bulk_byte_cost = 822'756 / 8;  // per byte of memory.fill/copy/init
  uint64_t bulk_element_cost = 822'756;   // per element of table.fill/copy/init/grow
  uint64_t memory_grow_page_cost = 822'756 * 8;  // per page added by memory.grow
};

struct EngineConfig {
  Features features;
  EngineLimits limits;
  Metering metering;
};

}  // namespace syncwasm::wasm
