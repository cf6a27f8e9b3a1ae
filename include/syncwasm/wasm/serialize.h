// Serialized modules: a lowered Module as bytes that load back without decoding, validation or
// lowering (the code cache on disk). The format is versioned, records the engine config it was
// lowered under, and ends with a SHA-256 of everything before it: a corrupt, truncated or
// foreign artifact is rejected, never executed.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "syncwasm/wasm/config.h"
#include "syncwasm/wasm/module.h"
#include "syncwasm/wasm/result.h"

namespace syncwasm::wasm {

constexpr uint32_t kSerializedFormatVersion = 3;

// `config` must be the one the module was compiled with.
std::vector<uint8_t> serialize_module(const Module& module, const EngineConfig& config);

// Errors (ErrorKind::Malformed) name what is wrong: checksum, version, config, truncation.
Result<std::shared_ptr<const Module>> deserialize_module(std::span<const uint8_t> bytes,
                                                         const EngineConfig& config);

}  // namespace syncwasm::wasm
