// Contract preparation, as nearcore's prepare_v3 does it:
//  - validate with NEAR's feature set (no multi-value; sign-ext, sat-trunc, bulk memory and
//    reference types on) and NEAR's structural limits (LimitConfig, through EngineConfig);
//  - imports only functions, only from "env" (Instantiate); no memory import (Memory);
//  - the contract's memory declaration is replaced by (memory 1024 2048), exported as "memory"
//    (added when the contract does not export it); custom sections are dropped.
// The memory is reserved, not touched: pages are committed when the contract writes them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "syncwasm/runtime/call_error.h"
#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/wasm/config.h"
#include "syncwasm/wasm/module.h"

namespace syncwasm::runtime {

struct PrepareError {
  PrepareErrorKind kind;
  std::string message;
};

// The engine configuration a NEAR contract runs with: features, limits and metering.
wasm::EngineConfig near_engine_config(const RuntimeConfig& config);

// The rewritten binary (memory replaced, exported; custom sections dropped), not yet compiled.
std::variant<std::vector<uint8_t>, PrepareError> rewrite_contract(std::span<const uint8_t> code,
                                                                  const RuntimeConfig& config);

// rewrite_contract, then compile with near_engine_config and check NEAR's limits.
std::variant<std::shared_ptr<const wasm::Module>, PrepareError> prepare_contract(
    std::span<const uint8_t> code, const RuntimeConfig& config);

}  // namespace syncwasm::runtime
