// BlockRecord: what the chain keeps of one block once it is committed: its height, timestamp, the
// state roots before and after it and a summary of each transaction's outcome. Records are side
// records (syncwasm/state/side_records.h): committed with the block's state changes but outside
// the consensus state, so they never change a state root. Encoded as JSON (a local record for
// operators, not a protocol format).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/state/hash.h"

namespace syncwasm::node {

// Results longer than this are not copied into the record (its size still is).
inline constexpr size_t kMaxRecordedResult = 1024;

struct TransactionSummary {
  std::string kind;       // "create_account" (privileged, no signer) or "transaction"
  std::string signer_id;  // empty for create_account
  std::string receiver_id;
  std::vector<std::string> actions;  // one line per action, e.g. "FunctionCall set_status"
  bool success = true;
  std::string error_kind;  // "Kind" or "Kind/Detail" (call_error.h), on failure
  std::string error_message;
  runtime::Gas gas_burnt = 0;  // summed over the receipts it ran
  uint64_t receipts = 0;       // receipts run, the transaction's own first receipt included
  uint64_t result_size = 0;
  std::optional<std::string> result;  // the value, when it is at most kMaxRecordedResult bytes
  bool operator==(const TransactionSummary&) const = default;
};

struct BlockRecord {
  uint64_t height = 0;
  // The receipts of its transactions ran in rounds height..last_height (one height each), so the
  // next block starts at last_height + 1.
  uint64_t last_height = 0;
  uint64_t timestamp_ns = 0;  // of `height`; round h runs at timestamp_ns + (h - height) seconds
  state::Hash32 prev_root{};
  state::Hash32 root{};
  std::vector<TransactionSummary> transactions;
  bool operator==(const BlockRecord&) const = default;
};

std::string encode_block_record(const BlockRecord& record);
// nullopt when the text is not a block record.
std::optional<BlockRecord> decode_block_record(std::string_view text);

}  // namespace syncwasm::node
