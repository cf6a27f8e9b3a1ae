// Test environment for the real NEAR contracts of ${SYNCWASM_SHARED_DIR}/near-contracts: accounts
// on an in-memory overlay, deploy, call (ContractEnv: one function call; ReceiptChain: a
// transaction whose receipts run block after block). Tests skip (with a message) when the folder
// is absent.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "syncwasm/runtime/account.h"
#include "syncwasm/runtime/executor.h"
#include "syncwasm/runtime/receipt_executor.h"
#include "syncwasm/state/overlay.h"

namespace syncwasm::testing {

inline constexpr runtime::Balance kNear = runtime::Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;

inline std::filesystem::path contracts_dir() { return std::filesystem::path(SYNCWASM_SHARED_DIR) / "near-contracts"; }

// The contract's bytes, or nullopt when the shared folder is absent.
inline std::optional<std::vector<uint8_t>> read_contract(const std::string& file) {
  std::ifstream in(contracts_dir() / file, std::ios::binary);
  if (!in) return std::nullopt;
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(in)), {});
}

#define SKIP_WITHOUT_CONTRACT(var, file)                                                                  \
  auto var##_opt = ::syncwasm::testing::read_contract(file);                                              \
  if (!var##_opt) GTEST_SKIP() << "no " << (::syncwasm::testing::contracts_dir() / file).string()         \
                               << ": the shared NEAR contracts folder is absent (set SYNCWASM_SHARED_DIR)"; \
  const std::vector<uint8_t>& var = *var##_opt

class EmptyReader final : public state::StateReader {
 public:
  state::Result<std::optional<std::string>> get(std::string_view) const override {
    return std::optional<std::string>{};
  }
  state::Status scan_prefix(std::string_view, const Visitor&) const override { return {}; }
};

class ContractEnv {
 public:
  ContractEnv() : executor_(runtime::near_mainnet_config()) {}

  void create(const std::string& account, runtime::Balance balance = 100 * kNear) {
    auto r = executor_.create_account(overlay_, account, balance);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_TRUE(r->ok()) << r->error->message;
  }
  void deploy(const std::string& account, const std::vector<uint8_t>& code) {
    auto r = executor_.deploy_contract(overlay_, account, code);
    ASSERT_TRUE(r.ok()) << r.error().to_string();
    ASSERT_TRUE(r->ok()) << r->error->message;
  }
  // bob.near (the default signer) and `account`, with `code` deployed on `account`.
  void create_bob_and_deploy(const std::string& account, const std::vector<uint8_t>& code) {
    create("bob.near");
    create(account);
    deploy(account, code);
  }
  runtime::CallOutcome call(const std::string& receiver, const std::string& method, const std::string& args = "",
                            const std::string& signer = "bob.near", runtime::Balance deposit = 0, bool view = false) {
    runtime::FunctionCallAction a;
    a.receiver_id = receiver;
    a.method_name = method;
    a.args = args;
    a.signer_id = signer;
    a.deposit = deposit;
    a.view = view;
    auto r = executor_.function_call(overlay_, a, block_);
    EXPECT_TRUE(r.ok()) << r.error().to_string();
    if (!r.ok()) return {};
    runtime::CallOutcome out = *r;
    if (!out.ok()) {
      std::string message = out.error->message;
      last_error_ = std::string(runtime::call_error_kind_name(out.error->kind)) + "/" + out.error->detail + ": " + message;
    }
    return out;
  }
  runtime::CallOutcome view(const std::string& receiver, const std::string& method, const std::string& args = "") {
    return call(receiver, method, args, "bob.near", 0, true);
  }
  const std::string& last_error() const { return last_error_; }
  state::StateOverlay& overlay() { return overlay_; }

 private:
  EmptyReader base_;
  state::StateOverlay overlay_{static_cast<const state::StateReader&>(base_)};
  runtime::Executor executor_;
  runtime::BlockContext block_;
  std::string last_error_;
};

// Transactions whose promises run as receipts in the following blocks (ReceiptExecutor), on an
// in-memory overlay.
struct ReceiptChain {
  EmptyReader base;
  state::StateOverlay overlay{static_cast<const state::StateReader&>(base)};
  runtime::Executor executor{runtime::near_mainnet_config()};
  runtime::ReceiptExecutor receipts{executor};

  void create(const std::string& id, runtime::Balance balance = 100 * kNear) {
    ASSERT_TRUE(executor.create_account(overlay, id, balance)->ok());
  }
  void deploy(const std::string& id, const std::vector<uint8_t>& code) {
    ASSERT_TRUE(executor.deploy_contract(overlay, id, code)->ok());
  }
  // One FunctionCall transaction, signed by `signer` (with the key signer_pk, empty for none).
  runtime::TransactionResult call(const std::string& signer, const std::string& receiver,
                                  const std::string& method, const std::string& args,
                                  runtime::Balance deposit = 0,
                                  runtime::Gas gas = 300 * runtime::kTeraGas,
                                  std::string signer_pk = {}) {
    runtime::Transaction tx{signer,
                            receiver,
                            std::move(signer_pk),
                            {runtime::FunctionCallReceiptAction{method, args, deposit, gas, 0}}};
    auto r = receipts.apply(overlay, tx, runtime::BlockContext{});
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : runtime::TransactionResult{};
  }
  // A view call's return value ("" when it fails, which fails the test).
  std::string view(const std::string& receiver, const std::string& method,
                   const std::string& args = "") {
    auto v = executor.view(overlay, receiver, method, args, {});
    EXPECT_TRUE(v.ok() && v->ok());
    return v.ok() && v->ok() ? v->return_data.value_or("") : "";
  }
};

// A successful outcome's return value ("" when none), with the error in the failure message.
#define EXPECT_RETURNS(outcome, expected)                                                       \
  do {                                                                                          \
    const ::syncwasm::runtime::CallOutcome& o_ = (outcome);                                     \
    ASSERT_TRUE(o_.ok()) << ::syncwasm::runtime::call_error_kind_name(o_.error->kind) << "/"    \
                         << o_.error->detail << ": " << o_.error->message;                      \
    EXPECT_EQ(o_.return_data.value_or(""), expected);                                           \
  } while (0)

}  // namespace syncwasm::testing
