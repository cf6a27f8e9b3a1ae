// Bulk deployment of submodules, in batches of transactions (one block per batch):
//   submodule deploy-dir ACCOUNT DIR [--policy JSON | --policy-file F] [--key-from name|hash]
//   submodule deploy-gen ACCOUNT --count N [--template FILE.wasm] [--start S] [--policy ...]
// both with [--batch N] [--progress]. Each deployment is one DeploySubmodule transaction; a batch
// is committed only when all of its transactions succeeded. deploy-dir checks every file before
// the first batch (compiled, imports against the policy and the main contract's exports, as the
// DeploySubmodule action checks them), so bad input commits nothing; a failure that only shows when
// a batch runs (the balance runs out) stops after the batches already committed, and the error says
// how many.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include "command.h"
#include "data_dir.h"
#include "progress.h"
#include "submodule_input.h"
#include "submodule_tx.h"
#include "syncwasm/hex.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/contract_cache.h"
#include "syncwasm/runtime/submodule_deployer.h"
#include "syncwasm/runtime/submodule_prepare.h"
#include "syncwasm/runtime/submodule_registry.h"

namespace syncwasm::cli {
namespace {

constexpr uint64_t kDefaultBatch = 10'000;

struct BulkOptions {
  std::string account;
  PolicyOptions policy;
  uint64_t batch = kDefaultBatch;
  bool progress = false;
};

struct DirOptions {
  BulkOptions bulk;
  std::string dir;
  std::string key_from = "name";
};

struct GenOptions {
  BulkOptions bulk;
  uint64_t count = 0;
  uint64_t start = 0;
  std::string template_file;
};

// One deployment: its key, its code, and what to call it in messages.
struct Item {
  std::string key;
  std::string code;
  std::string name;
};

// The main contract of the account as the DeploySubmodule action finds it
// (runtime::deployment_parent), kept in `contracts`; null when there is none (or no account: the
// first batch then fails and commits nothing).
const wasm::Module* deployment_parent(const node::Chain& chain, const std::string& account,
                                      runtime::ContractCache& contracts,
                                      const CommandContext& ctx) {
  auto loaded = runtime::load_account(chain.state(), account);
  if (!loaded.ok()) fail_data_dir(ctx, loaded.error());
  if (!loaded->has_value()) return nullptr;
  auto parent = runtime::deployment_parent(contracts, chain.state(), **loaded);
  if (!parent.ok()) fail_data_dir(ctx, parent.error());
  return *parent;
}

// Compiles the code and checks its imports against the policy and, when the account has a main
// contract (parent), its "parent" imports against that contract's exports: the checks a
// deployment makes with the functions it makes them with, so bad input is refused before any
// batch is committed.
void check_module(const std::string& name, const std::string& code,
                  const runtime::SubmodulePolicy& policy, const runtime::RuntimeConfig& config,
                  const wasm::Module* parent) {
  auto compiled = runtime::compile_submodule(
      std::span(reinterpret_cast<const uint8_t*>(code.data()), code.size()), config);
  if (const auto* why = std::get_if<std::string>(&compiled))
    fail(kExitModuleRejected, name + ": " + *why + " (nothing committed)");
  const auto& module = std::get<std::shared_ptr<const wasm::Module>>(compiled);
  if (std::string why = runtime::check_submodule_imports(*module, policy, parent); !why.empty())
    fail(kExitModuleRejected, name + ": " + why + " (nothing committed)");
}

// Deploys `total` items, produced batch by batch by `next_batch(first, count)`, in blocks of
// options.batch transactions; prints the summary line. `what` describes the items ("files from
// DIR").
template <typename NextBatch>
int deploy_batches(const BulkOptions& options, node::Chain& chain, uint64_t total,
                   const runtime::SubmodulePolicy& policy, const std::string& what,
                   NextBatch next_batch, CommandContext& ctx) {
  const bool terminal = stderr_is_terminal();
  Progress progress(*ctx.err, total, "deployments", options.progress || terminal, terminal);
  uint64_t done = 0;
  uint64_t code_bytes = 0;
  uint64_t first_block = 0, last_block = 0, blocks = 0;
  std::string root;
  while (done < total) {
    const uint64_t count = std::min(options.batch, total - done);
    std::vector<Item> items = next_batch(done, count);
    std::vector<node::BlockOp> ops;
    ops.reserve(items.size());
    uint64_t batch_bytes = 0;
    for (Item& item : items) {
      batch_bytes += item.code.size();
      ops.push_back(
          deploy_submodule_transaction(options.account, item.key, std::move(item.code), policy));
    }
    // On a terminal the bar also shows the block being run; elsewhere one line per block.
    progress.update(done, "running block " + std::to_string(chain.head().last_height + 1),
                    terminal);
    BatchOutcome outcome = apply_all_or_nothing(chain, ops, options.account, ctx);
    if (!outcome.block) {
      progress.finish();
      std::string message = outcome.refusal.message;
      const Item& failed = items[outcome.failed];
      std::string subject = failed.name + " (key " + hex_encode(failed.key) + ")";
      std::string committed =
          done == 0
              ? "nothing committed"
              : "the " + std::to_string(done) + " deployments before it are committed in blocks " +
                    std::to_string(first_block) + ".." + std::to_string(last_block);
      fail(outcome.refusal.code, subject + ": " + message + " (" + committed + ")");
    }
    if (blocks++ == 0) first_block = outcome.block->height;
    last_block = outcome.block->height;
    root = state::to_hex(outcome.block->root);
    done += count;
    code_bytes += batch_bytes;
    progress.update(done, "block " + std::to_string(last_block), true);
  }
  progress.finish();
  char rate[32];
  std::snprintf(rate, sizeof rate, "%.0f", progress.rate(done));
  *ctx.out << "deployed " << done << (done == 1 ? " submodule (" : " submodules (") << what << ", "
           << code_bytes << " bytes of code) to " << options.account << " in " << blocks
           << (blocks == 1 ? " block " : " blocks ") << first_block;
  if (blocks > 1) *ctx.out << ".." << last_block;
  *ctx.out << ", " << rate << " deployments/s; state root " << root << "\n";
  return kExitOk;
}

void check_bulk_options(const BulkOptions& options) {
  check_submodule_account(options.account);
  if (options.batch == 0) fail(kExitUsage, "--batch must be at least 1");
}

int run_deploy_dir(const DirOptions& options, CommandContext& ctx) {
  check_bulk_options(options.bulk);
  if (options.key_from != "name" && options.key_from != "hash")
    fail(kExitUsage, "--key-from must be 'name' or 'hash', not '" + options.key_from + "'");
  const runtime::SubmodulePolicy policy = read_policy(options.bulk.policy);

  // The .wasm files of DIR, by name.
  std::error_code ec;
  std::filesystem::directory_iterator it(options.dir, ec);
  if (ec) fail(kExitUnreadable, "cannot read directory " + options.dir + ": " + ec.message());
  std::vector<std::filesystem::path> files;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) break;
    const std::filesystem::path& path = it->path();
    if (path.extension() == ".wasm" && it->is_regular_file(ec)) files.push_back(path);
  }
  if (ec) fail(kExitUnreadable, "cannot read directory " + options.dir + ": " + ec.message());
  if (files.empty()) fail(kExitUsage, "directory " + options.dir + " holds no .wasm files");
  std::sort(files.begin(), files.end());

  // Keys (a usage error before anything is read), then the files.
  std::vector<Item> items;
  items.reserve(files.size());
  for (const std::filesystem::path& path : files) {
    Item item;
    item.name = path.string();
    if (options.key_from == "name") {
      const std::string stem = path.stem().string();
      item.key = parse_submodule_key("utf8:" + stem, "the key of " + item.name + ",");
    }
    items.push_back(std::move(item));
  }
  for (Item& item : items) {
    item.code = read_file_bytes(item.name);
    if (options.key_from == "hash")
      item.key = std::string(state::as_bytes(state::sha256(item.code)));
  }
  // With hash keys, files with the same code are one submodule.
  size_t duplicates = 0;
  if (options.key_from == "hash") {
    std::vector<Item> unique;
    std::unordered_set<std::string> seen;
    for (Item& item : items) {
      if (!seen.insert(item.key).second) {
        ++duplicates;
        continue;
      }
      unique.push_back(std::move(item));
    }
    items = std::move(unique);
  }

  // Every file is checked before anything is deployed, however many blocks it takes.
  auto chain = open_chain(ctx);
  {
    runtime::ContractCache contracts(chain->config());
    const wasm::Module* parent = deployment_parent(*chain, options.bulk.account, contracts, ctx);
    for (const Item& item : items)
      check_module(item.name, item.code, policy, chain->config(), parent);
  }
  std::string what = std::to_string(files.size()) + " files of " + options.dir + ", keys from " +
                     (options.key_from == "name" ? "file names" : "sha256 of the code");
  if (duplicates > 0)
    what += ", " + std::to_string(duplicates) + " files with code already seen skipped";
  return deploy_batches(
      options.bulk, *chain, items.size(), policy, what,
      [&items](uint64_t first, uint64_t count) {
        return std::vector<Item>(std::make_move_iterator(items.begin() + first),
                                 std::make_move_iterator(items.begin() + first + count));
      },
      ctx);
}

int run_deploy_gen(const GenOptions& options, CommandContext& ctx) {
  check_bulk_options(options.bulk);
  if (options.count == 0) fail(kExitUsage, "--count must be at least 1");
  if (options.count - 1 > UINT64_MAX - options.start)
    fail(kExitUsage, "--start + --count is over 2^64");
  const runtime::SubmodulePolicy policy = read_policy(options.bulk.policy);
  std::string template_wasm;
  if (!options.template_file.empty()) template_wasm = read_file_bytes(options.template_file);

  auto chain = open_chain(ctx);
  if (!options.template_file.empty()) {
    runtime::ContractCache contracts(chain->config());
    check_module(options.template_file, template_wasm, policy, chain->config(),
                 deployment_parent(*chain, options.bulk.account, contracts, ctx));
  }
  const uint64_t last = options.start + options.count - 1;
  const std::string what =
      "generated" + (options.template_file.empty() ? "" : " from " + options.template_file) +
      ", keys " + hex_encode(counter_key(options.start)) + ".." + hex_encode(counter_key(last));
  return deploy_batches(
      options.bulk, *chain, options.count, policy, what,
      [&](uint64_t first, uint64_t count) {
        std::vector<Item> items(count);
        for (uint64_t i = 0; i < count; ++i) {
          const uint64_t n = options.start + first + i;
          items[i].key = counter_key(n);
          items[i].code = options.template_file.empty() ? generated_submodule(n)
                                                        : templated_submodule(template_wasm, n);
          items[i].name = "generated submodule " + std::to_string(n);
        }
        return items;
      },
      ctx);
}

void add_bulk_options(CLI::App* command, BulkOptions& options) {
  command->add_option("ACCOUNT", options.account, "The account (it signs)")->required();
  add_policy_options(command, options.policy);
  command
      ->add_option("--batch", options.batch,
                   "Deployments per block (default " + std::to_string(kDefaultBatch) + ")")
      ->type_name("N");
  command->add_flag("--progress", options.progress,
                    "Show progress on stderr even when it is not a terminal (one line per block)");
}

}  // namespace

void register_submodule_bulk_commands(CLI::App* group, CommandContext& ctx) {
  const std::string batches =
      "Each deployment is a DeploySubmodule transaction; they are committed in blocks of --batch\n"
      "transactions, each block only when all of its deployments succeeded. A progress bar is\n"
      "drawn on stderr when it is a terminal (or with --progress); the last line on stdout sums\n"
      "up: count, code bytes, blocks, deployments per second, state root. The account pays the\n"
      "storage of every entry and of each distinct code: give it the balance (account create\n"
      "--balance), e.g. about 0.002 NEAR per generated submodule.\n";

  auto dir_options = std::make_shared<DirOptions>();
  CLI::App* dir = group->add_subcommand("deploy-dir", "Deploy every .wasm file of a directory");
  add_bulk_options(dir, dir_options->bulk);
  dir->add_option("DIR", dir_options->dir, "The directory (its *.wasm files, not subdirectories)")
      ->required();
  dir->add_option("--key-from", dir_options->key_from,
                  "name: the key is the file name without .wasm, as UTF-8 (default); hash: the "
                  "key is the sha256 of the code (32 bytes)")
      ->type_name("name|hash");
  dir->footer(
      "Files are deployed in name order, all with the same policy. Every file is compiled and\n"
      "its imports checked against the policy and the main contract's exports first, so a bad\n"
      "one commits nothing (the error names it).\n" +
      batches + submodule_exit_statuses());
  on_parsed(dir, ctx, [dir_options](CommandContext& c) { return run_deploy_dir(*dir_options, c); });

  auto gen_options = std::make_shared<GenOptions>();
  CLI::App* gen =
      group->add_subcommand("deploy-gen", "Deploy N generated submodules (tests, benchmarks)");
  add_bulk_options(gen, gen_options->bulk);
  gen->add_option("--count", gen_options->count, "How many submodules")->required()->type_name("N");
  gen->add_option("--start", gen_options->start, "The first counter (default 0)")->type_name("S");
  gen->add_option("--template", gen_options->template_file,
                  "Deploy copies of this module instead, each with a custom section holding its "
                  "counter (so each has its own code hash)")
      ->type_name("FILE.wasm");
  gen->footer(
      "Submodule n (n = S, S+1, ... S+N-1) has the key n as 20 bytes big-endian, like an EVM\n"
      "address (0000000000000000000000000000000000000007 for n = 7). Without --template its code\n"
      "is a tiny module of its own (about 90 bytes) whose method `get` returns n as decimal text\n"
      "(a main contract's submodule_call(key, \"get\") answers \"7\").\n" +
      batches + submodule_exit_statuses());
  on_parsed(gen, ctx, [gen_options](CommandContext& c) { return run_deploy_gen(*gen_options, c); });
}

}  // namespace syncwasm::cli
