// What a block applies: transactions (through the ReceiptExecutor) and, on this local chain,
// privileged account creations (the faucet: an account with a balance that nobody pays for, as
// genesis records are on NEAR).
#pragma once

#include <string>
#include <variant>

#include "syncwasm/runtime/gas_config.h"
#include "syncwasm/runtime/receipt_executor.h"

namespace syncwasm::node {

struct CreateAccountOp {
  std::string account_id;
  runtime::Balance balance = 0;
};

using BlockOp = std::variant<CreateAccountOp, runtime::Transaction>;

}  // namespace syncwasm::node
