// Submitting a transaction from the command line as the next block. A transaction that cannot
// start (invalid or missing signer or receiver, no contract, no such method, arguments too long,
// deposits over the signer's balance) is refused: CommandError, no block, nothing committed. One
// that ran is committed in a block whether it succeeded or failed (a failed one changes no state).
#pragma once

#include "command.h"
#include "syncwasm/node/block_record.h"
#include "syncwasm/node/chain.h"
#include "syncwasm/runtime/receipt_executor.h"

namespace syncwasm::cli {

struct Submitted {
  runtime::TransactionResult result;
  node::BlockRecord block;
};

Submitted submit_transaction(node::Chain& chain, const runtime::Transaction& tx,
                             const CommandContext& ctx);

// The exit status and message for a call error that means the call could not start, or nullopt
// when the error is the call's own failure (it ran). The one mapping of CallErrorKind to exit
// statuses, shared by every command (call, view, deploy, account create, submodule).
struct Refusal {
  int code;
  std::string message;
};
std::optional<Refusal> refusal_of(const runtime::CallError& error, const std::string& receiver_id,
                                  const std::string& method_name);
// refusal_of, or for the call's own failure kExitCallFailed with describe_error's message: for the
// commands whose failed transactions commit nothing (account create, submodule).
Refusal refusal_or_failure(const runtime::CallError& error, const std::string& receiver_id,
                           const std::string& method_name);

}  // namespace syncwasm::cli
