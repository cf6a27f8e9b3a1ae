// BlockLog: where the chain's block records live in a state directory: side records
// (syncwasm/state/side_records.h) "block/<height, 8 bytes big-endian>" -> BlockRecord, and
// "chain/head" -> the head block's height. They are written only with the block's state changes,
// in one atomic commit (Chain::commit), so after a crash the head record always matches the store's
// state root.
#pragma once

#include <cstdint>
#include <optional>

#include "syncwasm/node/block_record.h"
#include "syncwasm/state/change_set.h"
#include "syncwasm/state/side_records.h"
#include "syncwasm/state/status.h"
#include "syncwasm/state/store.h"

namespace syncwasm::node {

class BlockLog {
 public:
  explicit BlockLog(const state::StateStore& store) : records_(store) {}

  // The side-record writes that add `record` and make it the head.
  static state::ChangeSet append(const BlockRecord& record);

  // The head block; nullopt when the directory has no chain (never initialised). A record that
  // does not decode is Corruption.
  state::Result<std::optional<BlockRecord>> head() const;
  // The block whose rounds cover `height` (height <= h <= last_height), or nullopt.
  state::Result<std::optional<BlockRecord>> covering(uint64_t height) const;

 private:
  state::Result<std::optional<BlockRecord>> decode(const std::optional<std::string>& bytes,
                                                   uint64_t height) const;
  state::SideRecords records_;
};

}  // namespace syncwasm::node
