// The `spectest` host module that the spec scripts import from (print functions, globals,
// a funcref table of 10..20 elements, a memory of 1..2 pages). One instance per script, so
// the modules of one file share its table and memory.
#pragma once

#include <map>
#include <string>

#include "syncwasm/wasm/result.h"
#include "syncwasm/wasm/store.h"

namespace syncwasm::spec {

// The exports of a module instance by name, as the linker sees them.
using ExportMap = std::map<std::string, wasm::Extern>;

wasm::Result<ExportMap> create_spectest_host(wasm::Store& store);

}  // namespace syncwasm::spec
