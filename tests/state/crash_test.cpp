// Crash safety (ctest label `crash`): a writer process commits a known sequence of batches and is
// killed with SIGKILL at random moments, many times. After every kill the store must reopen at
// exactly one committed state: its commit count n is the last acknowledged commit or the one in
// flight, every key equals the state after n batches, and the root is that state's root.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

#include "crash_workload.h"
#include "syncwasm/state/merkle.h"
#include "syncwasm/state/store.h"
#include "temp_directory.h"

namespace syncwasm::state {
namespace {

using Clock = std::chrono::steady_clock;

// Seconds of kill rounds (SYNCWASM_CRASH_SECONDS overrides); verification adds a little.
double budget_seconds() {
  const char* text = std::getenv("SYNCWASM_CRASH_SECONDS");
  return text != nullptr ? std::atof(text) : 40.0;
}

struct Acknowledged {
  uint64_t count = 0;
  std::string root_hex;
};

// Starts the writer, kills it after `delay`, returns the last commit it acknowledged.
Acknowledged run_writer_and_kill(const std::string& directory, uint64_t seed, std::chrono::microseconds delay) {
  int out[2];
  if (::pipe(out) != 0) ADD_FAILURE() << "pipe failed";
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    const std::string seed_text = std::to_string(seed);
    ::execl(SYNCWASM_STATE_CRASH_WRITER, SYNCWASM_STATE_CRASH_WRITER, "run", directory.c_str(), seed_text.c_str(),
            static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::this_thread::sleep_for(delay);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
      << "the writer ended by itself (status " << status << "): it failed before the kill";

  Acknowledged last;
  FILE* stream = ::fdopen(out[0], "r");
  unsigned long long count = 0;
  char root[65] = {};
  while (std::fscanf(stream, "%llu %64s", &count, root) == 2) last = {count, root};
  std::fclose(stream);
  return last;
}

TEST(CrashSafety, EveryKillLeavesExactlyOneCommittedState) {
  testing::TempDirectory dir;
  const uint64_t seed = static_cast<uint64_t>(Clock::now().time_since_epoch().count()) % 1000000;
  std::mt19937 random(static_cast<uint32_t>(seed));
  testing::CrashWorkloadModel model(seed);
  const auto start = Clock::now();
  int kills = 0;
  int interrupted_commits = 0;
  uint64_t previous = 0;
  while (std::chrono::duration<double>(Clock::now() - start).count() < budget_seconds() && kills < 400) {
    // Short delays hit opening and recovery, longer ones hit commits.
    const auto delay = std::chrono::microseconds(random() % 150000);
    Acknowledged acknowledged = run_writer_and_kill(dir.str(), seed, delay);
    if (acknowledged.count < previous) acknowledged = {previous, ""};  // it acknowledged nothing this time
    ++kills;

    auto opened = StateStore::open(dir.str());
    ASSERT_TRUE(opened.ok()) << "kill " << kills << " (seed " << seed << "): " << opened.error().to_string();
    StateStore& store = **opened;
    const uint64_t n = store.commit_count();
    SCOPED_TRACE("kill " + std::to_string(kills) + ", seed " + std::to_string(seed) + ", commit " + std::to_string(n));
    // A commit that returned is never lost; at most the one in flight is added.
    ASSERT_GE(n, acknowledged.count);
    ASSERT_LE(n, acknowledged.count + 1);
    ASSERT_GE(n, previous);
    if (n > acknowledged.count) ++interrupted_commits;
    previous = n;

    model.advance_to(n);
    std::map<std::string, std::string> stored;
    ASSERT_TRUE(store.scan_prefix("", [&](std::string_view key, std::string_view value) {
      stored.emplace(key, value);
      return true;
    }).ok());
    ASSERT_EQ(stored.size(), model.state().size());
    ASSERT_TRUE(stored == model.state()) << "the flat state is not the state after commit " << n;
    const Hash32 expected_root =
        trie_root_of(std::vector<std::pair<std::string, std::string>>(model.state().begin(), model.state().end()));
    ASSERT_EQ(store.root(), expected_root);
    if (n == acknowledged.count && !acknowledged.root_hex.empty()) {
      EXPECT_EQ(to_hex(store.root()), acknowledged.root_hex);
    }
    Status trie = store.verify_trie();
    ASSERT_TRUE(trie.ok()) << trie.error().to_string();
  }
  std::printf("crash test: %d kills, %llu commits, %d kills landed with a commit in flight that survived\n", kills,
              static_cast<unsigned long long>(previous), interrupted_commits);
  EXPECT_GE(kills, 20);
  EXPECT_GT(previous, 0u);
}

}  // namespace
}  // namespace syncwasm::state
