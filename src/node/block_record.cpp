#include "syncwasm/node/block_record.h"

#include <nlohmann/json.hpp>

#include "syncwasm/node/encoding.h"

namespace syncwasm::node {
namespace {

using nlohmann::json;

std::optional<state::Hash32> hash_from_hex(const std::string& hex) {
  if (hex.size() != 64) return std::nullopt;
  state::Hash32 hash{};
  for (size_t i = 0; i < 32; ++i) {
    int value = 0;
    for (size_t j = 0; j < 2; ++j) {
      const char c = hex[2 * i + j];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
      if (d < 0) return std::nullopt;
      value = value * 16 + d;
    }
    hash[i] = static_cast<uint8_t>(value);
  }
  return hash;
}

json summary_to_json(const TransactionSummary& tx) {
  json out = {
      {"kind", tx.kind},         {"signer_id", tx.signer_id},    {"receiver_id", tx.receiver_id},
      {"actions", tx.actions},   {"success", tx.success},        {"gas_burnt", tx.gas_burnt},
      {"receipts", tx.receipts}, {"result_size", tx.result_size}};
  if (!tx.success) out["error"] = {{"kind", tx.error_kind}, {"message", tx.error_message}};
  if (tx.result) out["result_base64"] = base64_encode(*tx.result);
  return out;
}

TransactionSummary summary_from_json(const json& in) {
  TransactionSummary tx;
  tx.kind = in.at("kind").get<std::string>();
  tx.signer_id = in.at("signer_id").get<std::string>();
  tx.receiver_id = in.at("receiver_id").get<std::string>();
  tx.actions = in.at("actions").get<std::vector<std::string>>();
  tx.success = in.at("success").get<bool>();
  tx.gas_burnt = in.at("gas_burnt").get<runtime::Gas>();
  tx.receipts = in.at("receipts").get<uint64_t>();
  tx.result_size = in.at("result_size").get<uint64_t>();
  if (in.contains("error")) {
    tx.error_kind = in["error"].at("kind").get<std::string>();
    tx.error_message = in["error"].at("message").get<std::string>();
  }
  if (in.contains("result_base64")) {
    auto bytes = base64_decode(in["result_base64"].get<std::string>());
    if (!bytes) throw std::invalid_argument("result_base64 is not base64");
    tx.result = std::move(*bytes);
  }
  return tx;
}

}  // namespace

std::string encode_block_record(const BlockRecord& record) {
  json txs = json::array();
  for (const TransactionSummary& tx : record.transactions) txs.push_back(summary_to_json(tx));
  json out = {{"height", record.height},
              {"last_height", record.last_height},
              {"timestamp_ns", record.timestamp_ns},
              {"prev_root", state::to_hex(record.prev_root)},
              {"root", state::to_hex(record.root)},
              {"transactions", std::move(txs)}};
  return out.dump();
}

std::optional<BlockRecord> decode_block_record(std::string_view text) {
  try {
    const json in = json::parse(text);
    BlockRecord record;
    record.height = in.at("height").get<uint64_t>();
    record.last_height = in.at("last_height").get<uint64_t>();
    record.timestamp_ns = in.at("timestamp_ns").get<uint64_t>();
    auto prev_root = hash_from_hex(in.at("prev_root").get<std::string>());
    auto root = hash_from_hex(in.at("root").get<std::string>());
    if (!prev_root || !root || record.last_height < record.height) return std::nullopt;
    record.prev_root = *prev_root;
    record.root = *root;
    for (const json& tx : in.at("transactions"))
      record.transactions.push_back(summary_from_json(tx));
    return record;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace syncwasm::node
