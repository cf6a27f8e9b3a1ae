#include "trie_node.h"

#include "syncwasm/state/merkle.h"

namespace syncwasm::state {
namespace {

bool valid_kind(uint8_t byte) { return byte <= static_cast<uint8_t>(NodeKind::Internal); }

}  // namespace

TrieNode TrieNode::leaf(const Hash32& key_hash, const Hash32& value_hash) {
  TrieNode node;
  node.kind = NodeKind::Leaf;
  node.key_hash = key_hash;
  node.value_hash = value_hash;
  return node;
}

TrieNode TrieNode::internal(NodeKind left_kind, const Hash32& left, NodeKind right_kind, const Hash32& right) {
  TrieNode node;
  node.kind = NodeKind::Internal;
  node.left_kind = left_kind;
  node.right_kind = right_kind;
  node.left = left;
  node.right = right;
  return node;
}

Hash32 TrieNode::hash() const {
  switch (kind) {
    case NodeKind::Leaf:
      return trie_leaf_hash(key_hash, value_hash);
    case NodeKind::Internal:
      return trie_internal_hash(left, right);
    case NodeKind::Empty:
      break;
  }
  return kZeroHash;
}

std::string TrieNode::encode() const {
  std::string out;
  out.push_back(static_cast<char>(kind));
  if (kind == NodeKind::Leaf) {
    out.append(as_bytes(key_hash));
    out.append(as_bytes(value_hash));
  } else if (kind == NodeKind::Internal) {
    out.push_back(static_cast<char>(left_kind));
    out.push_back(static_cast<char>(right_kind));
    out.append(as_bytes(left));
    out.append(as_bytes(right));
  }
  return out;
}

Result<TrieNode> TrieNode::decode(std::string_view bytes, const std::string& where) {
  auto corrupt = [&](const char* what) {
    return make_error(ErrorCode::Corruption, "trie node at " + where + ": " + what + " (" +
                                                 std::to_string(bytes.size()) + " bytes)");
  };
  if (bytes.size() == 65 && bytes[0] == static_cast<char>(NodeKind::Leaf)) {
    return leaf(hash_from_bytes(bytes.substr(1, 32)), hash_from_bytes(bytes.substr(33, 32)));
  }
  if (bytes.size() == 67 && bytes[0] == static_cast<char>(NodeKind::Internal)) {
    auto left_kind = static_cast<uint8_t>(bytes[1]);
    auto right_kind = static_cast<uint8_t>(bytes[2]);
    if (!valid_kind(left_kind) || !valid_kind(right_kind)) return corrupt("unknown child kind");
    return internal(static_cast<NodeKind>(left_kind), hash_from_bytes(bytes.substr(3, 32)),
                    static_cast<NodeKind>(right_kind), hash_from_bytes(bytes.substr(35, 32)));
  }
  return corrupt("not a leaf or internal node encoding");
}

std::string trie_node_key(const Hash32& path, unsigned depth) {
  std::string key;
  const unsigned bytes = (depth + 7) / 8;
  key.reserve(bytes + 1);
  for (unsigned i = 0; i < bytes; ++i) {
    uint8_t byte = path[i];
    const unsigned bits_in_byte = depth - i * 8;
    if (bits_in_byte < 8) byte = static_cast<uint8_t>(byte & (0xff00u >> bits_in_byte));
    key.push_back(static_cast<char>(byte));
  }
  key.push_back(static_cast<char>(depth));
  return key;
}

std::string trie_position(const Hash32& path, unsigned depth) {
  std::string out = "depth " + std::to_string(depth) + " path ";
  const unsigned shown = depth < 64 ? depth : 64;
  for (unsigned i = 0; i < shown; ++i) out.push_back(hash_bit(path, i) ? '1' : '0');
  if (shown < depth) out += "...";
  return out;
}

Hash32 with_bit(Hash32 path, unsigned index, bool bit) {
  const auto mask = static_cast<uint8_t>(0x80u >> (index % 8));
  if (bit) {
    path[index / 8] = static_cast<uint8_t>(path[index / 8] | mask);
  } else {
    path[index / 8] = static_cast<uint8_t>(path[index / 8] & ~mask);
  }
  return path;
}

}  // namespace syncwasm::state
