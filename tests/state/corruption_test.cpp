// A damaged database is reported as Corruption (never a crash, never silently wrong data).
#include <rocksdb/db.h>

#include <gtest/gtest.h>

#include <fstream>

#include "syncwasm/state/merkle.h"
#include "syncwasm/state/store.h"
#include "temp_directory.h"
#include "trie_node.h"

namespace syncwasm::state {
namespace {

using testing::TempDirectory;

constexpr int kEntries = 3000;

std::string key_of(int i) { return "key-" + std::to_string(i); }

void fill_and_close(const std::string& directory) {
  auto store = StateStore::open(directory);
  ASSERT_TRUE(store.ok()) << store.error().to_string();
  ChangeSet changes;
  for (int i = 0; i < kEntries; ++i) changes.push_back({key_of(i), std::string(200, static_cast<char>('a' + i % 26))});
  ASSERT_TRUE((*store)->commit(changes).ok());
  ASSERT_TRUE((*store)->compact().ok());  // everything into table files
}

void overwrite(const std::filesystem::path& file, std::streamoff offset, const std::string& bytes) {
  std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
  stream.seekp(offset);
  stream.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Opens raw RocksDB with our column families, to damage what the StateStore API cannot.
struct RawDatabase {
  explicit RawDatabase(const std::string& directory) {
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const char* name : {"default", "flat", "trie", "modules"}) families.emplace_back(name, rocksdb::ColumnFamilyOptions());
    ok = rocksdb::DB::Open(rocksdb::DBOptions(), directory, families, &handles, &db).ok();
  }
  ~RawDatabase() {
    for (auto* handle : handles) db->DestroyColumnFamilyHandle(handle);
    delete db;
  }
  rocksdb::DB* db = nullptr;
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  bool ok = false;
};

TEST(Corruption, DamagedTableFilesAreReportedNotCrashedOn) {
  TempDirectory dir;
  fill_and_close(dir.str());
  int damaged = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().extension() != ".sst") continue;
    const auto size = static_cast<std::streamoff>(std::filesystem::file_size(entry.path()));
    overwrite(entry.path(), size / 3, std::string(512, '\xab'));
    ++damaged;
  }
  ASSERT_GT(damaged, 0);

  auto store = StateStore::open(dir.str());
  if (!store.ok()) {
    EXPECT_EQ(store.error().code, ErrorCode::Corruption) << store.error().to_string();
    return;
  }
  Status checksums = (*store)->verify_checksums();
  ASSERT_FALSE(checksums.ok());
  EXPECT_EQ(checksums.error().code, ErrorCode::Corruption) << checksums.error().to_string();

  // Reads of the damaged blocks fail with Corruption; the others still answer correctly.
  int corrupt_reads = 0;
  for (int i = 0; i < kEntries; ++i) {
    auto value = (*store)->get(key_of(i));
    if (value.ok()) {
      EXPECT_EQ(*value, std::optional<std::string>(std::string(200, static_cast<char>('a' + i % 26))));
    } else {
      EXPECT_EQ(value.error().code, ErrorCode::Corruption) << value.error().to_string();
      EXPECT_NE(value.error().message.find(printable_bytes(key_of(i))), std::string::npos);
      ++corrupt_reads;
    }
  }
  Status scan = (*store)->scan_prefix("", [](std::string_view, std::string_view) { return true; });
  Status trie = (*store)->verify_trie();
  EXPECT_TRUE(corrupt_reads > 0 || !scan.ok() || !trie.ok());
  if (!scan.ok()) {
    EXPECT_EQ(scan.error().code, ErrorCode::Corruption);
  }
}

TEST(Corruption, AGarbledCurrentFileFailsToOpen) {
  TempDirectory dir;
  fill_and_close(dir.str());
  std::ofstream(dir.path() / "CURRENT", std::ios::trunc) << "garbage\n";
  auto store = StateStore::open(dir.str());
  ASSERT_FALSE(store.ok());
  EXPECT_TRUE(store.error().code == ErrorCode::Corruption || store.error().code == ErrorCode::Io)
      << store.error().to_string();
}

TEST(Corruption, ATruncatedManifestFailsToOpen) {
  TempDirectory dir;
  fill_and_close(dir.str());
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    if (entry.path().filename().string().rfind("MANIFEST-", 0) == 0) {
      overwrite(entry.path(), 0, std::string(64, '\xff'));
    }
  }
  auto store = StateStore::open(dir.str());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Corruption) << store.error().to_string();
}

TEST(Corruption, AWrongSizedRootIsCorruption) {
  TempDirectory dir;
  fill_and_close(dir.str());
  {
    RawDatabase raw(dir.str());
    ASSERT_TRUE(raw.ok);
    ASSERT_TRUE(raw.db->Put(rocksdb::WriteOptions(), raw.handles[0], "syncwasm.root", "short").ok());
  }
  auto store = StateStore::open(dir.str());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.error().code, ErrorCode::Corruption);
  EXPECT_NE(store.error().message.find("syncwasm.root"), std::string::npos) << store.error().message;
}

TEST(Corruption, AGarbledTrieNodeIsFoundByVerifyAndProve) {
  TempDirectory dir;
  fill_and_close(dir.str());
  {
    RawDatabase raw(dir.str());
    ASSERT_TRUE(raw.ok);
    // The root node (depth 0) becomes garbage.
    ASSERT_TRUE(raw.db->Put(rocksdb::WriteOptions(), raw.handles[2], trie_node_key(kZeroHash, 0), "junk").ok());
  }
  auto store = StateStore::open(dir.str());
  ASSERT_TRUE(store.ok());
  Status verified = (*store)->verify_trie();
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::Corruption);
  EXPECT_NE(verified.error().message.find("depth 0"), std::string::npos) << verified.error().message;
  auto proof = (*store)->prove(key_of(1));
  ASSERT_FALSE(proof.ok());
  EXPECT_EQ(proof.error().code, ErrorCode::Corruption);
  auto commit = (*store)->commit({{key_of(1), "new"}});
  ASSERT_FALSE(commit.ok());
  EXPECT_EQ(commit.error().code, ErrorCode::Corruption);
}

TEST(Corruption, AFlatEntryWithoutTrieLeafIsFoundByVerify) {
  TempDirectory dir;
  fill_and_close(dir.str());
  {
    RawDatabase raw(dir.str());
    ASSERT_TRUE(raw.ok);
    ASSERT_TRUE(raw.db->Put(rocksdb::WriteOptions(), raw.handles[1], key_of(7), "changed behind the trie").ok());
  }
  auto store = StateStore::open(dir.str());
  ASSERT_TRUE(store.ok());
  Status verified = (*store)->verify_trie();
  ASSERT_FALSE(verified.ok());
  EXPECT_EQ(verified.error().code, ErrorCode::Corruption);
  EXPECT_NE(verified.error().message.find("disagrees with the flat state"), std::string::npos) << verified.error().message;
}

}  // namespace
}  // namespace syncwasm::state
