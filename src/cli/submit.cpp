#include "submit.h"

#include "data_dir.h"
#include "outcome_output.h"

namespace syncwasm::cli {

std::optional<Refusal> refusal_of(const runtime::CallError& error, const std::string& receiver_id,
                                  const std::string& method_name) {
  using K = runtime::CallErrorKind;
  // Every kind is listed (no default): a new kind does not build warning-free until it is placed.
  switch (error.kind) {
    // Bad input: the transaction is not valid (nearcore would not accept it) or cannot be paid.
    case K::InvalidAccountId:
    case K::ArgumentsTooLong:
    case K::NotEnoughBalance:
    case K::AccountAlreadyExists:
    case K::DeleteActionMustBeFinal:  // its message says which action is the DeleteAccount
      return Refusal{kExitUsage, describe_error(error)};
    // The signer acts on another account's contract, stake, keys, existence or submodules; its
    // message names both ("'signer' may not deploy a contract to 'receiver'").
    case K::ActorNoPermission:
      return Refusal{kExitUsage, describe_error(error)};
    case K::AccountDoesNotExist:
    case K::SubmoduleDoesNotExist:
      return Refusal{kExitNotFound, error.message};
    case K::SubmoduleRejected:
      return Refusal{kExitModuleRejected, error.message};
    case K::CompilationError:
      if (error.detail == "CodeDoesNotExist") return Refusal{kExitNotFound, error.message};
      return std::nullopt;
    case K::MethodResolveError:
      if (error.detail == "MethodEmptyName") return Refusal{kExitUsage, "the method name is empty"};
      if (error.detail == "MethodInvalidSignature") {
        return Refusal{kExitNotFound, "'" + method_name + "' of '" + receiver_id +
                                          "' is not a contract method (its type is not [] -> [])"};
      }
      return Refusal{kExitNotFound,
                     "the contract of '" + receiver_id + "' has no method '" + method_name + "'"};
    // It ran and failed: the call's own failure (kExitCallFailed, describe_error). A call that
    // created an invalid receipt (NewReceiptValidationError) ran: its message names the receipt's
    // receiver and what is wrong with it.
    case K::LinkError:
    case K::WasmTrap:
    case K::HostError:
    case K::LackBalanceForState:
    case K::ReceiptsPending:
    case K::TriesToStake:
    case K::DeleteAccountStaking:
    case K::AddKeyAlreadyExists:
    case K::DeleteKeyDoesNotExist:
    case K::NewReceiptValidationError:
      return std::nullopt;
  }
  return std::nullopt;
}

Refusal refusal_or_failure(const runtime::CallError& error, const std::string& receiver_id,
                           const std::string& method_name) {
  if (auto refusal = refusal_of(error, receiver_id, method_name)) return std::move(*refusal);
  return Refusal{kExitCallFailed, describe_error(error)};
}

Submitted submit_transaction(node::Chain& chain, const runtime::Transaction& tx,
                             const CommandContext& ctx) {
  auto pending = chain.execute({tx});
  if (!pending.ok()) fail_data_dir(ctx, pending.error());
  const runtime::TransactionResult& result = pending->results().front();
  // Refused: it failed before its first receipt ran, or its first receipt could not start.
  const runtime::CallError* first_error = nullptr;
  if (result.receipts.empty() && result.error) first_error = &*result.error;
  if (!result.receipts.empty() && result.receipts.front().outcome.error) {
    first_error = &*result.receipts.front().outcome.error;
  }
  if (first_error != nullptr) {
    std::string method;
    for (const runtime::ReceiptAction& action : tx.actions) {
      if (const auto* call = std::get_if<runtime::FunctionCallReceiptAction>(&action))
        method = call->method_name;
    }
    if (auto refusal = refusal_of(*first_error, tx.receiver_id, method)) {
      if (first_error->kind == runtime::CallErrorKind::AccountDoesNotExist &&
          result.receipts.empty()) {
        refusal->message = (tx.signer_id == tx.receiver_id ? "account '" : "signer '") +
                           tx.signer_id + "' does not exist";
      }
      fail(refusal->code, refusal->message);
    }
  }
  Submitted submitted{result, {}};
  auto block = chain.commit(std::move(*pending));
  if (!block.ok()) fail_data_dir(ctx, block.error());
  submitted.block = std::move(*block);
  return submitted;
}

}  // namespace syncwasm::cli
