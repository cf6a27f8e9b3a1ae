#include "syncwasm/state/trie_proof.h"

#include "syncwasm/state/limits.h"
#include "syncwasm/state/merkle.h"

namespace syncwasm::state {
namespace {

bool same_prefix(const Hash32& a, const Hash32& b, unsigned bits) {
  for (unsigned i = 0; i < bits; ++i) {
    if (hash_bit(a, i) != hash_bit(b, i)) return false;
  }
  return true;
}

Error malformed(std::string what) { return make_error(ErrorCode::InvalidArgument, "malformed trie proof: " + what); }

}  // namespace

std::string TrieProof::serialize() const {
  std::string out;
  const size_t depth = siblings.size();
  out.push_back(static_cast<char>(terminal));
  out.push_back(static_cast<char>(depth));
  std::string bitmap((depth + 7) / 8, '\0');
  std::string hashes;
  for (size_t i = 0; i < depth; ++i) {
    if (siblings[i] == kZeroHash) continue;  // most siblings near the leaves of a sparse path are empty
    bitmap[i / 8] = static_cast<char>(bitmap[i / 8] | (1 << (i % 8)));
    hashes.append(as_bytes(siblings[i]));
  }
  out += bitmap;
  out += hashes;
  if (terminal == Terminal::OtherLeaf) {
    out.append(as_bytes(other_key_hash));
    out.append(as_bytes(other_value_hash));
  }
  return out;
}

Result<TrieProof> TrieProof::parse(std::string_view bytes) {
  if (bytes.size() < 2) return malformed("shorter than its 2-byte header");
  TrieProof proof;
  auto terminal = static_cast<uint8_t>(bytes[0]);
  if (terminal > static_cast<uint8_t>(Terminal::Empty)) {
    return malformed("unknown terminal " + std::to_string(terminal));
  }
  proof.terminal = static_cast<Terminal>(terminal);
  const size_t depth = static_cast<uint8_t>(bytes[1]);
  size_t pos = 2;
  const size_t bitmap_size = (depth + 7) / 8;
  if (bytes.size() < pos + bitmap_size) return malformed("truncated sibling bitmap");
  std::string_view bitmap = bytes.substr(pos, bitmap_size);
  pos += bitmap_size;
  proof.siblings.assign(depth, kZeroHash);
  for (size_t i = 0; i < depth; ++i) {
    if (!((static_cast<uint8_t>(bitmap[i / 8]) >> (i % 8)) & 1)) continue;
    if (bytes.size() < pos + 32) return malformed("truncated sibling at depth " + std::to_string(i + 1));
    proof.siblings[i] = hash_from_bytes(bytes.substr(pos, 32));
    pos += 32;
  }
  if (proof.terminal == Terminal::OtherLeaf) {
    if (bytes.size() < pos + 64) return malformed("truncated other leaf");
    proof.other_key_hash = hash_from_bytes(bytes.substr(pos, 32));
    proof.other_value_hash = hash_from_bytes(bytes.substr(pos + 32, 32));
    pos += 64;
  }
  if (pos != bytes.size()) return malformed(std::to_string(bytes.size() - pos) + " trailing bytes");
  return proof;
}

bool verify_proof(const Hash32& root, std::string_view key, std::optional<std::string_view> value,
                  const TrieProof& proof) {
  const size_t depth = proof.siblings.size();
  if (depth > kMaxTrieDepth) return false;
  const Hash32 key_hash = trie_key_hash(key);
  Hash32 hash;
  switch (proof.terminal) {
    case TrieProof::Terminal::Leaf:
      if (!value) return false;
      hash = trie_leaf_hash(key_hash, trie_value_hash(*value));
      break;
    case TrieProof::Terminal::OtherLeaf:
      // The other leaf must sit on our key's path (share the prefix) and be a different key.
      if (value || proof.other_key_hash == key_hash ||
          !same_prefix(proof.other_key_hash, key_hash, static_cast<unsigned>(depth))) {
        return false;
      }
      hash = trie_leaf_hash(proof.other_key_hash, proof.other_value_hash);
      break;
    case TrieProof::Terminal::Empty:
      if (value) return false;
      hash = kZeroHash;
      break;
    default:
      return false;
  }
  for (size_t i = depth; i-- > 0;) {
    hash = hash_bit(key_hash, static_cast<unsigned>(i)) ? trie_internal_hash(proof.siblings[i], hash)
                                                        : trie_internal_hash(hash, proof.siblings[i]);
  }
  return hash == root;
}

}  // namespace syncwasm::state
