// env promise functions: receipts, fees (burnt send fees, reserved exec fees and gas), errors.
#include <gtest/gtest.h>

#include "logic_harness.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using syncwasm::testing::LogicHarness;

namespace {
Gas memory_read(const ExtCosts& c, uint64_t n) { return c.read_memory_base + n * c.read_memory_byte; }
Gas account_read(const ExtCosts& c, uint64_t n) {
  return memory_read(c, n) + c.utf8_decoding_base + n * c.utf8_decoding_byte;
}
}  // namespace

TEST(HostPromises, BatchCreateTransferAndFunctionCallFees) {
  LogicHarness h;
  h.context.account_balance = 1000;
  VmLogic& L = h.start();
  const ExtCosts& c = h.c;
  const ActionFees& f = h.config.fees;
  h.put(0, "bob.near");
  auto idx = L.promise_batch_create(8, 0);
  ASSERT_TRUE(idx.ok());
  EXPECT_EQ(idx.value(), 0u);
  Gas burnt = c.base + account_read(c, 8) + f.action_receipt_creation.send_not_sir;
  Gas used = burnt + f.action_receipt_creation.execution;
  EXPECT_EQ(L.burnt_gas(), burnt);
  EXPECT_EQ(L.used_gas_total(), used);

  h.put(100, std::string("\x64", 1) + std::string(15, '\0'));  // 100 yocto
  ASSERT_TRUE(L.promise_batch_action_transfer(0, 100).ok());
  Gas transfer_burn = c.base + memory_read(c, 16) + f.action_transfer.send_not_sir;
  burnt += transfer_burn;
  used += transfer_burn + f.action_transfer.execution;
  EXPECT_EQ(L.burnt_gas(), burnt);
  EXPECT_EQ(L.used_gas_total(), used);
  EXPECT_EQ(L.current_account_balance(), 1000u + 7 - 100);

  h.put(200, "ping{}");
  const Gas attached = 5'000'000'000'000;
  ASSERT_TRUE(L.promise_batch_action_function_call(0, 4, 200, 2, 204, 100, attached).ok());
  Gas call_burn = c.base + memory_read(c, 4) + memory_read(c, 2) + memory_read(c, 16) + f.action_function_call.send_not_sir +
                  6 * f.action_function_call_per_byte.send_not_sir;
  burnt += call_burn;
  used += call_burn + f.action_function_call.execution + 6 * f.action_function_call_per_byte.execution + attached;
  EXPECT_EQ(L.burnt_gas(), burnt);
  EXPECT_EQ(L.used_gas_total(), used);
  EXPECT_EQ(L.current_account_balance(), 1000u + 7 - 200);
  ASSERT_EQ(L.receipts().size(), 1u);
  EXPECT_EQ(L.receipts()[0], (OutgoingReceipt{"bob.near", {}, {TransferAction{100}, FunctionCallReceiptAction{"ping", "{}", 100, attached, 0}}}));
  // The reservation shrinks what may still burn.
  EXPECT_EQ(h.store.gas_left(), h.context.prepaid_gas - used);
}

TEST(HostPromises, ReceiptsToSelfPaySirFeesAndThenPaysDataReceipts) {
  LogicHarness h;
  VmLogic& L = h.start_with_batch_to_self();
  const ExtCosts& c = h.c;
  const ActionFees& f = h.config.fees;
  Gas before = L.burnt_gas();
  Gas used_before = L.used_gas_total();
  h.put(20, "bob.near");
  ASSERT_EQ(L.promise_batch_then(0, 8, 20).value(), 1u);
  // Dependency receiver alice.near != bob.near: data receipt send_not_sir + exec, both burnt.
  Gas burn = c.base + account_read(c, 8) + f.action_receipt_creation.send_not_sir +
             f.data_receipt_creation_base.send_not_sir + f.data_receipt_creation_base.execution;
  EXPECT_EQ(L.burnt_gas() - before, burn);
  EXPECT_EQ(L.used_gas_total() - used_before, burn + f.action_receipt_creation.execution);
  EXPECT_EQ(L.receipts()[1], (OutgoingReceipt{"bob.near", {0}, {}}));
}

TEST(HostPromises, JointPromises) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "bob.near");
  ASSERT_EQ(L.promise_batch_create(8, 0).value(), 0u);
  ASSERT_EQ(L.promise_batch_create(8, 0).value(), 1u);
  h.put(100, std::string("\x00\0\0\0\0\0\0\0\x01\0\0\0\0\0\0\0", 16));
  Gas before = L.burnt_gas();
  auto joint = L.promise_and(100, 2);
  ASSERT_TRUE(joint.ok());
  EXPECT_EQ(joint.value(), 2u);
  EXPECT_EQ(L.burnt_gas() - before,
            h.c.base + h.c.promise_and_base + 16 * h.c.promise_and_per_promise + memory_read(h.c, 16));
  EXPECT_EQ(L.promise_batch_action_create_account(2).take_error().kind, HostErrorKind::CannotAppendActionToJointPromise);
  EXPECT_EQ(L.promise_return(2).take_error().kind, HostErrorKind::CannotReturnJointPromise);
  ASSERT_EQ(L.promise_batch_then(2, 8, 0).value(), 3u);
  EXPECT_EQ(L.receipts()[2].input_receipts, (std::vector<uint64_t>{0, 1}));
  EXPECT_EQ(L.promise_return(7).take_error().kind, HostErrorKind::InvalidPromiseIndex);
  ASSERT_TRUE(L.promise_return(3).ok());
  EXPECT_EQ(L.returned_receipt(), std::optional<uint64_t>(2));
  h.put(200, std::string("\x09\0\0\0\0\0\0\0", 8));
  EXPECT_EQ(L.promise_and(200, 1).take_error().kind, HostErrorKind::InvalidPromiseIndex);
}

TEST(HostPromises, ErrorsAndLimits) {
  LogicHarness h;
  h.context.account_balance = 10;
  h.context.attached_deposit = 0;
  VmLogic& L = h.start();
  h.put(0, "bob.near");
  h.put(100, std::string("\x0b", 1) + std::string(15, '\0'));  // 11 > balance 10
  ASSERT_EQ(L.promise_batch_create(8, 0).value(), 0u);
  EXPECT_EQ(L.promise_batch_action_transfer(0, 100).take_error().kind, HostErrorKind::BalanceExceeded);
  EXPECT_EQ(L.promise_batch_action_function_call(0, 0, 0, 0, 0, 200, 0).take_error().kind, HostErrorKind::EmptyMethodName);
  EXPECT_EQ(L.promise_batch_action_transfer(5, 200).take_error().kind, HostErrorKind::InvalidPromiseIndex);
  h.put(300, "Bad");
  EXPECT_EQ(L.promise_batch_create(3, 300).take_error().kind, HostErrorKind::InvalidAccountId);
  // Attaching more gas than prepaid is GasExceeded.
  h.put(400, "f");
  EXPECT_EQ(L.promise_batch_action_function_call(0, 1, 400, 0, 0, 200, h.context.prepaid_gas).take_error().kind,
            HostErrorKind::GasExceeded);

  LogicHarness v;
  v.context.view = true;
  VmLogic& V = v.start();
  EXPECT_EQ(V.promise_batch_create(8, 0).take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(V.promise_results_count().take_error().kind, HostErrorKind::ProhibitedInView);
  EXPECT_EQ(v.burnt(), 2 * v.c.base);

  LogicHarness n;
  n.config.limits.max_promises_per_function_call_action = 1;
  VmLogic& N = n.start();
  n.put(0, "bob.near");
  ASSERT_TRUE(N.promise_batch_create(8, 0).ok());
  EXPECT_EQ(N.promise_batch_create(8, 0).take_error().kind, HostErrorKind::NumberPromisesExceeded);
}

TEST(HostPromises, PromiseResults) {
  LogicHarness h;
  h.context.promise_results = {{PromiseResult::Status::Successful, "42"}, {PromiseResult::Status::Failed, {}},
                               {PromiseResult::Status::NotReady, {}}};
  VmLogic& L = h.start();
  EXPECT_EQ(L.promise_results_count().value(), 3u);
  EXPECT_EQ(L.promise_result(0, 5).value(), 1u);
  EXPECT_EQ(L.read_register_content(5).value(), "42");
  EXPECT_EQ(L.promise_result(1, 6).value(), 2u);
  EXPECT_EQ(L.promise_result(2, 6).value(), 0u);
  EXPECT_EQ(L.register_len(6).value(), UINT64_MAX);
  EXPECT_EQ(L.promise_result(3, 6).take_error().kind, HostErrorKind::InvalidPromiseResultIndex);
}

TEST(HostPromises, UnusedGasIsSharedByWeight) {
  LogicHarness h;
  VmLogic& L = h.start();
  h.put(0, "bob.near");
  h.put(100, "f");
  ASSERT_EQ(L.promise_batch_create(8, 0).value(), 0u);
  ASSERT_TRUE(L.promise_batch_action_function_call_weight(0, 1, 100, 0, 0, 200, 1000, 1).ok());
  ASSERT_TRUE(L.promise_batch_action_function_call_weight(0, 1, 100, 0, 0, 200, 0, 2).ok());
  ASSERT_TRUE(L.promise_batch_action_function_call(0, 1, 100, 0, 0, 200, 7).ok());
  Gas unused = h.context.prepaid_gas - L.used_gas_total();
  L.distribute_unused_gas();
  const auto& actions = L.receipts()[0].actions;
  Gas first = std::get<FunctionCallReceiptAction>(actions[0]).gas;
  Gas second = std::get<FunctionCallReceiptAction>(actions[1]).gas;
  EXPECT_EQ(first, 1000 + unused / 3);
  EXPECT_EQ(second, unused - unused / 3);  // 2/3 rounded down plus the remainder
  EXPECT_EQ(std::get<FunctionCallReceiptAction>(actions[2]).gas, 7u);
  EXPECT_EQ(L.used_gas_total(), h.context.prepaid_gas);
}

TEST(HostPromises, ValueReturnPaysDataReceiptsOfWaitingAccounts) {
  LogicHarness h;
  h.context.output_data_receivers = {"alice.near", "bob.near"};
  VmLogic& L = h.start();
  h.put(0, "hello");
  ASSERT_TRUE(L.value_return(5, 0).ok());
  const Fee& b = h.config.fees.data_receipt_creation_per_byte;
  Gas per_receivers = (b.send_sir + b.execution) * 5 + (b.send_not_sir + b.execution) * 5;
  EXPECT_EQ(L.burnt_gas(), h.c.base + memory_read(h.c, 5) + per_receivers);
  EXPECT_EQ(L.used_gas_total(), L.burnt_gas());
}

TEST(HostPromises, KeyStakeAndDeleteAccountActions) {
  LogicHarness h;
  VmLogic& L = h.start();
  const ExtCosts& c = h.c;
  const ActionFees& f = h.config.fees;
  h.put(0, "bob.near");
  ASSERT_EQ(L.promise_batch_create(8, 0).value(), 0u);
  std::string key = std::string(1, '\0') + std::string(32, '\x05');
  h.put(100, key);
  h.put(200, std::string("\x10", 1) + std::string(15, '\0'));  // 16
  Gas before = L.burnt_gas();
  ASSERT_TRUE(L.promise_batch_action_stake(0, 200, 33, 100).ok());
  EXPECT_EQ(L.burnt_gas() - before, c.base + memory_read(c, 16) + memory_read(c, 33) + f.action_stake.send_not_sir);
  ASSERT_TRUE(L.promise_batch_action_add_key_with_full_access(0, 33, 100, 7).ok());
  h.put(300, "carol.near");
  h.put(400, "a,bc");
  before = L.burnt_gas();
  ASSERT_TRUE(L.promise_batch_action_add_key_with_function_call(0, 33, 100, 8, 200, 10, 300, 4, 400).ok());
  EXPECT_EQ(L.burnt_gas() - before, c.base + memory_read(c, 33) + memory_read(c, 16) + account_read(c, 10) +
                                        memory_read(c, 4) + f.action_add_function_call_key.send_not_sir +
                                        (2 + 3) * f.action_add_function_call_key_per_byte.send_not_sir);
  ASSERT_TRUE(L.promise_batch_action_delete_key(0, 33, 100).ok());
  ASSERT_TRUE(L.promise_batch_action_delete_account(0, 10, 300).ok());
  AddKeyAction full{key, 7, true, 0, {}, {}};
  AddKeyAction limited{key, 8, false, 16, "carol.near", {"a", "bc"}};
  EXPECT_EQ(L.receipts()[0].actions,
            (std::vector<ReceiptAction>{StakeAction{16, key}, full, limited, DeleteKeyAction{key},
                                        DeleteAccountAction{"carol.near"}}));
  // A malformed key pays the action fee, then fails.
  before = L.burnt_gas();
  EXPECT_EQ(L.promise_batch_action_delete_key(0, 32, 100).take_error().kind, HostErrorKind::InvalidPublicKey);
  EXPECT_EQ(L.burnt_gas() - before, c.base + memory_read(c, 32) + f.action_delete_key.send_not_sir);
  h.put(500, "a,,b");
  EXPECT_EQ(L.promise_batch_action_add_key_with_function_call(0, 33, 100, 8, 200, 10, 300, 4, 500).take_error().kind,
            HostErrorKind::EmptyMethodName);
}
