// Transactions whose promises run as receipts in the following blocks (ReceiptExecutor).
#include "contract_env.h"

using namespace syncwasm;
using namespace syncwasm::runtime;
using namespace syncwasm::testing;

namespace {

std::vector<std::string> returns(const TransactionResult& r) {
  std::vector<std::string> out;
  for (const auto& o : r.receipts)
    out.push_back(o.outcome.ok() ? o.outcome.return_data.value_or("-") : "FAIL: " + o.outcome.error->message);
  return out;
}

}  // namespace

TEST(Receipts, FactorialOfFiveIs120) {
  SKIP_WITHOUT_CONTRACT(code, "cross_contract_low_level.wasm");
  ReceiptChain c;
  c.create("bob.near");
  c.create("cc.near");
  c.deploy("cc.near", code);
  auto r = c.call("bob.near", "cc.near", "factorial", R"({"n":5})");
  EXPECT_EQ(r.status, CallStatus::Success);
  EXPECT_EQ(r.value, std::optional<std::string>("120"));
  // factorial(5..2) each spawn factorial(n-1) and a factorial_mult callback; factorial(1)
  // returns 1; the callbacks multiply on the way back, one block each.
  EXPECT_EQ(returns(r), (std::vector<std::string>{"-", "-", "-", "-", "1", "2", "6", "24", "120"}));
  EXPECT_EQ(r.blocks, 9u);
  EXPECT_EQ(r.receipts.back().block_height, 9u);
  EXPECT_EQ(r.receipts.back().outcome.gas_burnt, 201'781'634'294u);  // golden
  // Not enough rounds: the transaction reports its receipts as pending.
  auto cut = c.receipts.apply(c.overlay, Transaction{"bob.near", "cc.near", {}, {FunctionCallReceiptAction{"factorial", R"({"n":5})", 0, 300 * kTeraGas, 0}}},
                              BlockContext{}, 3);
  ASSERT_TRUE(cut.ok());
  EXPECT_EQ(cut->status, CallStatus::Failure);
  EXPECT_EQ(cut->error->kind, CallErrorKind::ReceiptsPending);
}

TEST(Receipts, CallbackResultsCallAllSeesWhichCallsFailed) {
  SKIP_WITHOUT_CONTRACT(code, "callback_results.wasm");
  ReceiptChain c;
  c.create("bob.near");
  c.create("cb.near");
  c.deploy("cb.near", code);
  // MANIFEST.md: call_all's callback reports, for b, c and d, whether each failed.
  const std::pair<const char*, const char*> cases[] = {
      {R"({"fail_b":false,"c_value":1,"d_value":1})", "[false,false,false]"},
      {R"({"fail_b":true,"c_value":1,"d_value":1})", "[true,false,false]"},
      {R"({"fail_b":false,"c_value":0,"d_value":1})", "[false,true,false]"},
      {R"({"fail_b":false,"c_value":1,"d_value":0})", "[false,false,true]"},
  };
  for (const auto& [args, expected] : cases) {
    SCOPED_TRACE(args);
    auto r = c.call("bob.near", "cb.near", "call_all", args);
    EXPECT_EQ(r.status, CallStatus::Success);
    EXPECT_EQ(r.value, std::optional<std::string>(expected));
    EXPECT_EQ(r.blocks, 4u);
    EXPECT_EQ(r.receipts.size(), 7u);
  }
  auto a = c.call("bob.near", "cb.near", "a", "");
  EXPECT_EQ(a.value, std::optional<std::string>("8"));
  EXPECT_EQ(returns(a), (std::vector<std::string>{"-", "8"}));
}
