// Creating, opening and closing the database directory, and the ways opening fails.
#include <rocksdb/db.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "syncwasm/state/store.h"
#include "temp_directory.h"

namespace syncwasm::state {
namespace {

using testing::TempDirectory;

std::unique_ptr<StateStore> open_ok(const std::string& directory, const StoreOptions& options = {}) {
  auto store = StateStore::open(directory, options);
  EXPECT_TRUE(store.ok()) << store.error().to_string();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Runs the probe (another process) on the directory; returns what it printed.
std::string probe_from_another_process(const std::string& directory) {
  const std::string command = std::string(SYNCWASM_STATE_PROBE) + " probe '" + directory + "'";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return "popen failed";
  std::string out;
  char buffer[256];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) out += buffer;
  ::pclose(pipe);
  return out;
}

TEST(StoreOpen, CreatesAnEmptyStateWithTheZeroRoot) {
  TempDirectory dir;
  auto store = open_ok(dir.sub("db"));
  ASSERT_TRUE(store);
  EXPECT_EQ(store->root(), kZeroHash);
  EXPECT_EQ(store->commit_count(), 0u);
  EXPECT_EQ(store->directory(), dir.sub("db"));
}

TEST(StoreOpen, ReopenKeepsEntriesRootAndCommitCount) {
  TempDirectory dir;
  Hash32 root;
  {
    auto store = open_ok(dir.str());
    ASSERT_TRUE(store);
    auto committed = store->commit({{"k1", "v1"}, {"k2", "v2"}});
    ASSERT_TRUE(committed.ok());
    root = *committed;
  }
  auto store = open_ok(dir.str());
  ASSERT_TRUE(store);
  EXPECT_EQ(store->root(), root);
  EXPECT_EQ(store->commit_count(), 1u);
  auto value = store->get("k2");
  ASSERT_TRUE(value.ok());
  EXPECT_EQ(*value, std::optional<std::string>("v2"));
  EXPECT_TRUE(store->verify_trie().ok());
}

TEST(StoreOpen, ATrailingSlashNamesTheSameDirectory) {
  TempDirectory dir;
  {
    auto store = open_ok(dir.sub("db") + "/");
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->commit({{"k", "v"}}).ok());
  }
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "db" / "CURRENT"));
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "db.syncwasm-creating"));
  auto store = open_ok(dir.sub("db"));
  ASSERT_TRUE(store);
  EXPECT_EQ(store->commit_count(), 1u);
}

TEST(StoreOpen, AnEmptyExistingDirectoryIsCreatedIn) {
  TempDirectory dir;
  std::filesystem::create_directories(dir.path() / "empty");
  auto store = open_ok(dir.sub("empty"));
  ASSERT_TRUE(store);
  EXPECT_EQ(store->root(), kZeroHash);
}

TEST(StoreOpen, MissingDirectoryWithoutCreateIsNotFound) {
  TempDirectory dir;
  StoreOptions options;
  options.create_if_missing = false;
  auto store = StateStore::open(dir.sub("missing"), options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::NotFound);
  EXPECT_NE(store.error().message.find("missing"), std::string::npos);
}

TEST(StoreOpen, ASecondOpenInTheSameProcessIsLocked) {
  TempDirectory dir;
  auto first = open_ok(dir.str());
  ASSERT_TRUE(first);
  auto second = StateStore::open(dir.str());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::Locked) << second.error().to_string();
}

TEST(StoreOpen, AnOpenFromAnotherProcessIsLocked) {
  TempDirectory dir;
  {
    auto first = open_ok(dir.str());
    ASSERT_TRUE(first);
    EXPECT_EQ(probe_from_another_process(dir.str()), "database locked\n");
  }
  // Closed: the other process can open it.
  EXPECT_EQ(probe_from_another_process(dir.str()), "ok\n");
}

TEST(StoreOpen, AFileIsNotOurs) {
  TempDirectory dir;
  std::filesystem::create_directories(dir.path());
  std::ofstream(dir.sub("file")) << "hello";
  auto store = StateStore::open(dir.sub("file"));
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::NotOurs);
  EXPECT_NE(store.error().message.find("not a directory"), std::string::npos);
}

TEST(StoreOpen, ADirectoryOfOtherFilesIsNotOursAndIsLeftAlone) {
  TempDirectory dir;
  std::filesystem::create_directories(dir.path());
  std::ofstream(dir.sub("notes.txt")) << "my files";
  auto store = StateStore::open(dir.str());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::NotOurs);
  EXPECT_NE(store.error().message.find("no CURRENT file"), std::string::npos);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(StoreOpen, AnotherRocksDbDatabaseIsNotOurs) {
  TempDirectory dir;
  {
    rocksdb::Options options;
    options.create_if_missing = true;
    rocksdb::DB* db = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, dir.str(), &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "theirs", "data").ok());
    delete db;
  }
  auto store = StateStore::open(dir.str());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::NotOurs);
  EXPECT_NE(store.error().message.find("column family 'flat'"), std::string::npos) << store.error().message;
}

TEST(StoreOpen, ADatabaseWithOurFamiliesButAnotherFormatIsNotOurs) {
  TempDirectory dir;
  { ASSERT_TRUE(open_ok(dir.str())); }
  {
    rocksdb::DB* db = nullptr;
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "flat", "trie", "modules"}) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), dir.str(), families, &handles, &db).ok());
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[0], "syncwasm.format", "syncwasm-state/999").ok());
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
  }
  auto store = StateStore::open(dir.str());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::NotOurs);
  EXPECT_NE(store.error().message.find("syncwasm-state/999"), std::string::npos) << store.error().message;
}

TEST(StoreOpen, DefaultDirectoryIsDocumented) { EXPECT_EQ(kDefaultDataDirectory, "./syncwasm-data"); }

}  // namespace
}  // namespace syncwasm::state
