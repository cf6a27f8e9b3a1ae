// `syncwasm deploy ACCOUNT FILE.wasm`: deploy a contract to an account (a transaction the account
// signs, in a new block).
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>

#include "command.h"
#include "data_dir.h"
#include "outcome_output.h"
#include "submit.h"
#include "syncwasm/runtime/account_id.h"
#include "syncwasm/runtime/prepare.h"

namespace syncwasm::cli {
namespace {

struct DeployOptions {
  std::string account;
  std::string file;
};

int run_deploy(const DeployOptions& options, CommandContext& ctx) {
  if (auto why = runtime::account_id_error(options.account)) {
    fail(kExitUsage, "ACCOUNT '" + options.account + "' is invalid: " + *why);
  }
  std::ifstream in(options.file, std::ios::binary);
  if (!in) fail(kExitUnreadable, "cannot read " + options.file + ": " + std::strerror(errno));
  std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) fail(kExitUnreadable, "cannot read " + options.file);

  auto chain = open_chain(ctx);
  // nearcore deploys any bytes (calls then fail with CompilationError); the command refuses code
  // that NEAR's preparation rejects, so a typo in a file name never becomes a broken contract.
  auto prepared = runtime::prepare_contract(
      std::span(reinterpret_cast<const uint8_t*>(code.data()), code.size()), chain->config());
  if (const auto* error = std::get_if<runtime::PrepareError>(&prepared)) {
    std::string message = error->message;
    for (char& c : message)
      if (c == '\n') c = ' ';
    fail(kExitModuleRejected,
         options.file + ": " + runtime::prepare_error_name(error->kind) + ": " + message);
  }

  runtime::Transaction tx{
      options.account, options.account, {}, {runtime::DeployContractAction{code}}};
  Submitted submitted = submit_transaction(*chain, tx, ctx);
  if (submitted.result.status != runtime::CallStatus::Success) {
    *ctx.out << "deploy failed in block " << submitted.block.height << " (state unchanged)\n";
    fail(kExitCallFailed, describe_error(*submitted.result.error));
  }
  *ctx.out << "deployed " << options.file << " (" << code.size() << " bytes, sha256 "
           << state::to_hex(state::sha256(code)) << ") to " << options.account << " in block "
           << submitted.block.height << ", state root " << state::to_hex(submitted.block.root)
           << "\n";
  return kExitOk;
}

}  // namespace

void register_deploy_command(CLI::App& app, CommandContext& ctx) {
  auto options = std::make_shared<DeployOptions>();
  CLI::App* deploy = app.add_subcommand("deploy", "Deploy a contract (.wasm) to an account");
  deploy
      ->add_option("ACCOUNT", options->account,
                   "The account that receives the contract (and signs)")
      ->required();
  deploy->add_option("FILE", options->file, "The contract, a .wasm binary")->required();
  deploy->footer(
      "The account signs a DeployContract transaction to itself; a contract already there is\n"
      "replaced (its storage stays). The code is checked first as NEAR prepares contracts\n"
      "(features, limits, imports only from env): rejected code exits 4 and commits nothing.\n" +
      chain_exit_statuses());
  on_parsed(deploy, ctx, [options](CommandContext& c) { return run_deploy(*options, c); });
}

}  // namespace syncwasm::cli
