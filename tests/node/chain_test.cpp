// The chain library (src/node): side records beside the consensus state, blocks committed with
// their records, restart, execute-without-commit, stale pending blocks, deterministic roots.
#include "syncwasm/node/chain.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "syncwasm/node/block_log.h"
#include "syncwasm/node/encoding.h"
#include "syncwasm/runtime/account.h"
#include "syncwasm/state/side_records.h"
#include "syncwasm/state/store.h"

namespace syncwasm::node {
namespace {

constexpr runtime::Balance kNear = runtime::Balance(1'000'000'000'000ull) * 1'000'000'000'000ull;

class TempDir {
 public:
  explicit TempDir(const std::string& name)
      : path_((std::filesystem::path(::testing::TempDir()) /
               ("syncwasm-node-" + std::to_string(getpid()) + "-" + name))
                  .string()) {
    std::filesystem::remove_all(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

ChainOptions fast() {
  ChainOptions options;
  options.sync_commits = false;
  return options;
}

TEST(SideRecords, CommittedWithTheStateButOutsideIt) {
  TempDir a("side-a"), b("side-b");
  auto plain = state::StateStore::open(a.path());
  auto with_side = state::StateStore::open(b.path());
  ASSERT_TRUE(plain.ok() && with_side.ok());
  const state::ChangeSet changes = {{"\x01key", std::string("value")}};
  auto root_plain = (*plain)->commit(changes);
  state::Hash32 seen{};
  auto root_side = (*with_side)->commit(changes, nullptr, [&](const state::Hash32& root) {
    seen = root;
    return state::ChangeSet{{"note", std::string("beside")}, {"gone", std::nullopt}};
  });
  ASSERT_TRUE(root_plain.ok() && root_side.ok());
  EXPECT_EQ(*root_plain, *root_side);
  EXPECT_EQ(seen, *root_side);
  state::SideRecords side(**with_side);
  EXPECT_EQ(side.get("note").value(), std::optional<std::string>("beside"));
  EXPECT_EQ(side.get("gone").value(), std::nullopt);
  EXPECT_EQ((*with_side)->get("note").value(), std::nullopt);  // not in the flat state
  size_t entries = 0;
  ASSERT_TRUE(
      (*with_side)
          ->scan_prefix("", [&](std::string_view, std::string_view) { return ++entries, true; })
          .ok());
  EXPECT_EQ(entries, 1u);
  EXPECT_TRUE((*with_side)->verify_trie().ok());
  auto found = side.last_at_or_before("n", "nz");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->first, "note");
  EXPECT_FALSE(side.last_at_or_before("n", "na").value().has_value());
}

TEST(Chain, BlocksSurviveARestart) {
  TempDir dir("restart");
  BlockRecord head;
  {
    auto chain = Chain::init(dir.path(), fast());
    ASSERT_TRUE(chain.ok()) << chain.error().to_string();
    EXPECT_EQ((*chain)->head().height, 0u);
    auto block = (*chain)->apply({CreateAccountOp{"alice.near", 5 * kNear}});
    ASSERT_TRUE(block.ok()) << block.error().to_string();
    EXPECT_EQ(block->height, 1u);
    EXPECT_EQ(block->timestamp_ns, kDefaultGenesisTimeNs + kSecondNs);
    EXPECT_EQ(block->root, (*chain)->state_root());
    EXPECT_NE(block->root, block->prev_root);
    head = *block;
  }
  auto chain = Chain::open(dir.path(), fast());
  ASSERT_TRUE(chain.ok()) << chain.error().to_string();
  EXPECT_EQ((*chain)->head(), head);
  EXPECT_EQ((*chain)->block(1).value(), std::optional<BlockRecord>(head));
  EXPECT_EQ((*chain)->block(2).value(), std::nullopt);
  ASSERT_EQ(head.transactions.size(), 1u);
  EXPECT_EQ(head.transactions[0].kind, "create_account");
  EXPECT_TRUE(head.transactions[0].success);
  auto locked = Chain::init(dir.path(), fast());  // while this process has it open
  ASSERT_FALSE(locked.ok());
  EXPECT_EQ(locked.error().code, state::ErrorCode::Locked);
  chain->reset();
  auto again = Chain::init(dir.path(), fast());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, state::ErrorCode::InvalidArgument);
}

TEST(Chain, FailedTransactionMakesABlockWithTheSameRoot) {
  TempDir dir("failed");
  auto chain = std::move(Chain::init(dir.path(), fast()).value());
  ASSERT_TRUE(chain->apply({CreateAccountOp{"alice.near", kNear}}).ok());
  const state::Hash32 before = chain->state_root();
  runtime::Transaction tx{"alice.near", "bob.near", {}, {runtime::TransferAction{2 * kNear}}};
  std::vector<runtime::TransactionResult> results;
  auto block = chain->apply({tx}, &results);
  ASSERT_TRUE(block.ok());
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].status, runtime::CallStatus::Failure);
  EXPECT_EQ(block->height, 2u);
  EXPECT_EQ(block->root, before);
  EXPECT_EQ(chain->state_root(), before);
  EXPECT_FALSE(block->transactions[0].success);
  EXPECT_EQ(block->transactions[0].error_kind, "NotEnoughBalance");
}

TEST(Chain, ExecuteWritesNothingAndStaleBlocksAreRefused) {
  TempDir dir("pending");
  {
    auto chain = std::move(Chain::init(dir.path(), fast()).value());
    auto first = chain->execute({CreateAccountOp{"alice.near", kNear}});
    auto second = chain->execute({CreateAccountOp{"bob.near", kNear}});
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(first->height(), 1u);
    ASSERT_TRUE(chain->commit(std::move(*first)).ok());
    auto stale = chain->commit(std::move(*second));
    ASSERT_FALSE(stale.ok());
    EXPECT_EQ(stale.error().code, state::ErrorCode::InvalidArgument);
    auto dropped = chain->execute({CreateAccountOp{"carol.near", kNear}});
    ASSERT_TRUE(dropped.ok());
  }
  auto chain = std::move(Chain::open(dir.path(), fast()).value());
  EXPECT_EQ(chain->head().height, 1u);
  EXPECT_TRUE(runtime::load_account(chain->state(), "alice.near").value().has_value());
  EXPECT_FALSE(runtime::load_account(chain->state(), "bob.near").value().has_value());
  EXPECT_FALSE(runtime::load_account(chain->state(), "carol.near").value().has_value());
}

TEST(Chain, ReplayGivesTheSameBlocks) {
  std::vector<BlockRecord> runs[2];
  for (int run = 0; run < 2; ++run) {
    TempDir dir("replay-" + std::to_string(run));
    auto chain = std::move(Chain::init(dir.path(), fast()).value());
    runs[run].push_back(chain->head());
    for (const char* id : {"alice.near", "bob.near"}) {
      runs[run].push_back(chain->apply({CreateAccountOp{id, 3 * kNear}}).value());
    }
    runtime::Transaction pay{"alice.near", "bob.near", {}, {runtime::TransferAction{kNear}}};
    runs[run].push_back(chain->apply({pay, pay}).value());
  }
  EXPECT_EQ(runs[0], runs[1]);
  EXPECT_EQ(runs[0].back().transactions.size(), 2u);
}

TEST(Encoding, Base64AndUtf8) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode(std::string("\xff\x00", 2)), "/wA=");
  EXPECT_EQ(base64_decode("Zm9vYg=="), std::optional<std::string>("foob"));
  EXPECT_EQ(base64_decode("Zm9vYmE="), std::optional<std::string>("fooba"));
  EXPECT_FALSE(base64_decode("Zg="));
  EXPECT_FALSE(base64_decode("Zh=="));  // non-zero padding bits
  EXPECT_FALSE(base64_decode("Z=g="));
  EXPECT_FALSE(base64_decode("Zm9v\n"));
  EXPECT_TRUE(is_valid_utf8("héllo €"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

}  // namespace
}  // namespace syncwasm::node
