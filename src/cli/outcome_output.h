// The outcome of a call (a transaction and its receipts) or a view, printed as text for people or,
// with --json, as one JSON object:
//   status         "success" or "failure"
//   result_base64  the returned bytes ("" when none or on failure)
//   result_utf8    the same as text, when the bytes are valid UTF-8
//   logs           every log line, in execution order (receipts included)
//   gas_burnt      gas burnt by the VM, summed over the receipts
//   receipts       call only, when the call created promises: one object per receipt run
//                  (receipt_id, block_height, predecessor_id, receiver_id, status, gas_burnt, logs,
//                  result_base64, error)
//   error          on failure: {kind, detail, message} (kinds as in call_error.h)
//   block_height, state_root   call only: the block that recorded it and the root after it
#pragma once

#include <ostream>
#include <string>

#include "syncwasm/node/block_record.h"
#include "syncwasm/runtime/executor.h"
#include "syncwasm/runtime/receipt_executor.h"

namespace syncwasm::cli {

// "Kind/Detail: message" (the detail only when there is one).
std::string describe_error(const runtime::CallError& error);

void print_call(std::ostream& out, const runtime::TransactionResult& result,
                const node::BlockRecord& block, bool json);
void print_view(std::ostream& out, const runtime::CallOutcome& outcome, bool json);

}  // namespace syncwasm::cli
