// `syncwasm view ACCOUNT METHOD [ARGS] [--json]`: a read-only call on the committed state.
#include "call_args.h"
#include "command.h"
#include "data_dir.h"
#include "outcome_output.h"
#include "submit.h"
#include "syncwasm/runtime/account_id.h"

namespace syncwasm::cli {
namespace {

struct ViewOptions {
  std::string account;
  std::string method;
  ArgsOptions args;
  bool json = false;
};

int run_view(const ViewOptions& options, CommandContext& ctx) {
  if (auto why = runtime::account_id_error(options.account)) {
    fail(kExitUsage, "ACCOUNT '" + options.account + "' is invalid: " + *why);
  }
  auto chain = open_chain(ctx);
  const std::string input = read_args(options.args, chain->config());
  auto outcome = chain->view(options.account, options.method, input);
  if (!outcome.ok()) fail_data_dir(ctx, outcome.error());
  if (outcome->error) {
    if (auto refusal = refusal_of(*outcome->error, options.account, options.method)) {
      fail(refusal->code, refusal->message);
    }
  }
  print_view(*ctx.out, *outcome, options.json);
  if (!outcome->ok()) fail(kExitCallFailed, describe_error(*outcome->error));
  return kExitOk;
}

}  // namespace

void register_view_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<ViewOptions>();
  CLI::App* view =
      app.add_subcommand("view", "Call a contract method read-only (nothing is committed)");
  view->add_option("ACCOUNT", options->account, "The contract's account")->required();
  view->add_option("METHOD", options->method, "The method (an exported function)")->required();
  add_args_options(view, options->args);
  view->add_flag("--json", options->json,
                 "Print one JSON object: status, result_base64, result_utf8, logs, gas_burnt, "
                 "error {kind, detail, message}");
  view->footer(
      "Runs on the state of the head block with NEAR's view gas limit (200 Tgas). Writing\n"
      "storage, creating promises and reading the signer or predecessor fail with\n"
      "HostError/ProhibitedInView, as on NEAR.\n" +
      chain_exit_statuses());
  on_parsed(view, ctx, [options](CommandContext& c) { return run_view(*options, c); });
}

}  // namespace syncwasm::cli
