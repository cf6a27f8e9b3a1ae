#include "syncwasm/node/block_log.h"

#include <string>

namespace syncwasm::node {
namespace {

constexpr std::string_view kBlockPrefix = "block/";
constexpr std::string_view kHeadKey = "chain/head";

std::string big_endian(uint64_t value) {
  std::string out(8, '\0');
  for (size_t i = 0; i < 8; ++i) out[7 - i] = static_cast<char>((value >> (8 * i)) & 0xff);
  return out;
}

uint64_t from_big_endian(std::string_view bytes) {
  uint64_t value = 0;
  for (char c : bytes) value = (value << 8) | static_cast<uint8_t>(c);
  return value;
}

std::string block_key(uint64_t height) {
  return std::string(kBlockPrefix) + big_endian(height);
}

}  // namespace

state::ChangeSet BlockLog::append(const BlockRecord& record) {
  return {{block_key(record.height), encode_block_record(record)},
          {std::string(kHeadKey), big_endian(record.height)}};
}

state::Result<std::optional<BlockRecord>> BlockLog::decode(const std::optional<std::string>& bytes,
                                                           uint64_t height) const {
  if (!bytes) return std::optional<BlockRecord>{};
  std::optional<BlockRecord> record = decode_block_record(*bytes);
  if (!record || record->height != height) {
    return state::make_error(state::ErrorCode::Corruption,
                             "the record of block " + std::to_string(height) + " does not decode");
  }
  return record;
}

state::Result<std::optional<BlockRecord>> BlockLog::head() const {
  SW_STATE_TRY_ASSIGN(std::optional<std::string> head, records_.get(kHeadKey));
  if (!head) return std::optional<BlockRecord>{};
  if (head->size() != 8) {
    return state::make_error(state::ErrorCode::Corruption,
                             "the chain's head record is not a height");
  }
  const uint64_t height = from_big_endian(*head);
  SW_STATE_TRY_ASSIGN(std::optional<std::string> bytes, records_.get(block_key(height)));
  if (!bytes) {
    return state::make_error(state::ErrorCode::Corruption,
                             "the head block " + std::to_string(height) + " has no record");
  }
  return decode(bytes, height);
}

state::Result<std::optional<BlockRecord>> BlockLog::covering(uint64_t height) const {
  SW_STATE_TRY_ASSIGN(auto found, records_.last_at_or_before(kBlockPrefix, block_key(height)));
  if (!found) return std::optional<BlockRecord>{};
  const uint64_t start =
      from_big_endian(std::string_view(found->first).substr(kBlockPrefix.size()));
  SW_STATE_TRY_ASSIGN(std::optional<BlockRecord> record, decode(found->second, start));
  if (!record || record->last_height < height) return std::optional<BlockRecord>{};
  return record;
}

}  // namespace syncwasm::node
