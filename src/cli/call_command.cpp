// `syncwasm call ACCOUNT METHOD [ARGS] --signer ACCOUNT [--gas GAS] [--deposit YOCTO] [--json]`:
// a function-call transaction in a new block; its receipts run in the following heights.
#include "call_args.h"
#include "command.h"
#include "data_dir.h"
#include "outcome_output.h"
#include "submit.h"
#include "syncwasm/runtime/account_id.h"
#include "units.h"

namespace syncwasm::cli {
namespace {

struct CallOptions {
  std::string account;
  std::string method;
  ArgsOptions args;
  std::string signer;
  std::string gas = "300Tgas";
  std::string deposit = "0";
  bool json = false;
};

int run_call(const CallOptions& options, CommandContext& ctx) {
  for (const auto& [id, what] :
       {std::pair{&options.account, "ACCOUNT"}, std::pair{&options.signer, "--signer"}}) {
    if (auto why = runtime::account_id_error(*id))
      fail(kExitUsage, std::string(what) + " '" + *id + "' is invalid: " + *why);
  }
  std::string why;
  auto gas = parse_gas(options.gas, &why);
  if (!gas) fail(kExitUsage, "--gas '" + options.gas + "': " + why);
  auto deposit = parse_yocto(options.deposit, &why);
  if (!deposit) fail(kExitUsage, "--deposit '" + options.deposit + "': " + why);

  auto chain = open_chain(ctx);
  const runtime::Gas max_gas = chain->config().limits.max_total_prepaid_gas;
  if (*gas > max_gas) {
    fail(kExitUsage, "--gas " + options.gas + " is over the limit of " + format_gas(max_gas) +
                         " per transaction (max_total_prepaid_gas)");
  }
  const std::string input = read_args(options.args, chain->config());
  runtime::Transaction tx{
      options.signer,
      options.account,
      {},
      {runtime::FunctionCallReceiptAction{options.method, input, *deposit, *gas, 0}}};
  Submitted submitted = submit_transaction(*chain, tx, ctx);
  print_call(*ctx.out, submitted.result, submitted.block, options.json);
  if (submitted.result.status != runtime::CallStatus::Success) {
    fail(kExitCallFailed, describe_error(*submitted.result.error));
  }
  return kExitOk;
}

}  // namespace

void register_call_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<CallOptions>();
  CLI::App* call =
      app.add_subcommand("call", "Call a contract method in a transaction (a new block)");
  call->add_option("ACCOUNT", options->account, "The contract's account")->required();
  call->add_option("METHOD", options->method, "The method (an exported function)")->required();
  add_args_options(call, options->args);
  call->add_option("--signer", options->signer, "The account that signs and pays the deposit")
      ->required()
      ->type_name("ACCOUNT");
  call->add_option("--gas", options->gas,
                   "Prepaid gas: 300000000000000, 300Tgas, 30Ggas (default 300Tgas)")
      ->type_name("GAS");
  call->add_option("--deposit", options->deposit,
                   "Attached deposit: yoctoNEAR, or NEAR with the unit (1NEAR) (default 0)")
      ->type_name("YOCTO");
  call->add_flag("--json", options->json,
                 "Print one JSON object: status, result_base64, result_utf8, logs, gas_burnt, "
                 "receipts (when promises ran), error {kind, detail, message}, block_height, "
                 "state_root");
  call->footer(
      "The signer pays the deposit; the call's promises run as receipts in the following\n"
      "heights, and the result is that of the last receipt in the promise_return chain.\n"
      "A call that cannot start (no such account, contract or method, bad input) is refused\n"
      "and nothing is committed; a call that runs and fails is recorded in a block, its state\n"
      "changes rolled back (exit 1, 'error: <kind>: <message>' on stderr).\n" +
      chain_exit_statuses());
  on_parsed(call, ctx, [options](CommandContext& c) { return run_call(*options, c); });
}

}  // namespace syncwasm::cli
