#include "syncwasm/state/overlay.h"

#include "syncwasm/state/limits.h"
#include "syncwasm/state/store.h"

namespace syncwasm::state {
namespace {

Status check_write(std::string_view key, std::optional<std::string_view> value) {
  if (key.empty()) return make_error(ErrorCode::InvalidArgument, "empty state key");
  if (key.size() > kMaxKeySize) {
    return make_error(ErrorCode::LimitExceeded, "key " + printable_bytes(key) + " is " + std::to_string(key.size()) +
                                                    " bytes, over kMaxKeySize (" + std::to_string(kMaxKeySize) + ")");
  }
  if (value && value->size() > kMaxValueSize) {
    return make_error(ErrorCode::LimitExceeded, "value of key " + printable_bytes(key) + " is " +
                                                    std::to_string(value->size()) + " bytes, over kMaxValueSize (" +
                                                    std::to_string(kMaxValueSize) + ")");
  }
  return Status{};
}

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

}  // namespace

StateOverlay::StateOverlay(const StateReader& base) : base_(base) {}

Result<std::optional<std::string>> StateOverlay::get(std::string_view key) const {
  auto it = writes_.find(key);
  if (it != writes_.end()) return it->second;
  return base_.get(key);
}

Status StateOverlay::scan_prefix(std::string_view prefix, const Visitor& visit) const {
  auto next = writes_.lower_bound(prefix);
  const auto in_prefix = [&] { return next != writes_.end() && starts_with(next->first, prefix); };
  bool stopped = false;
  // Emits the overlay's own entries ordered before `bound` (all of them when bound is null).
  const auto emit_overlay_before = [&](const std::string_view* bound) {
    while (!stopped && in_prefix() && (bound == nullptr || std::string_view(next->first) < *bound)) {
      if (next->second && !visit(next->first, *next->second)) stopped = true;
      ++next;
    }
  };
  SW_STATE_TRY(base_.scan_prefix(prefix, [&](std::string_view key, std::string_view value) {
    emit_overlay_before(&key);
    if (stopped) return false;
    if (in_prefix() && next->first == key) {
      // The overlay's write or deletion shadows the base entry.
      if (next->second && !visit(next->first, *next->second)) stopped = true;
      ++next;
      return !stopped;
    }
    if (!visit(key, value)) stopped = true;
    return !stopped;
  }));
  emit_overlay_before(nullptr);
  return Status{};
}

Status StateOverlay::put(std::string_view key, std::string_view value) { return write(key, value); }

Status StateOverlay::remove(std::string_view key) { return write(key, std::nullopt); }

Status StateOverlay::write(std::string_view key, std::optional<std::string_view> value) {
  SW_STATE_TRY(check_write(key, value));
  auto it = writes_.find(key);
  if (!checkpoints_.empty()) {
    JournalEntry entry{std::string(key), std::nullopt};
    if (it != writes_.end()) entry.previous = it->second;
    journal_.push_back(std::move(entry));
  }
  std::optional<std::string> stored = value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
  if (it != writes_.end()) {
    it->second = std::move(stored);
  } else {
    writes_.emplace(std::string(key), std::move(stored));
  }
  return Status{};
}

StateOverlay::Checkpoint StateOverlay::checkpoint() {
  const uint64_t id = next_checkpoint_id_++;
  checkpoints_.push_back({id, journal_.size()});
  return Checkpoint{static_cast<uint32_t>(checkpoints_.size() - 1), id};
}

Status StateOverlay::find_open(Checkpoint cp, const char* operation) const {
  if (cp.level >= checkpoints_.size() || checkpoints_[cp.level].id != cp.id) {
    return make_error(ErrorCode::InvalidArgument, std::string("cannot ") + operation + " checkpoint " +
                                                      std::to_string(cp.id) + " (level " + std::to_string(cp.level) +
                                                      "): it is not open");
  }
  return Status{};
}

Status StateOverlay::rollback_to(Checkpoint cp) {
  SW_STATE_TRY(find_open(cp, "roll back to"));
  const size_t keep = checkpoints_[cp.level].journal_size;
  while (journal_.size() > keep) {
    JournalEntry& entry = journal_.back();
    if (entry.previous) {
      writes_.find(entry.key)->second = std::move(*entry.previous);
    } else {
      writes_.erase(entry.key);
    }
    journal_.pop_back();
  }
  checkpoints_.resize(cp.level);
  return Status{};
}

Status StateOverlay::release(Checkpoint cp) {
  SW_STATE_TRY(find_open(cp, "release"));
  checkpoints_.resize(cp.level);
  if (checkpoints_.empty()) journal_.clear();
  return Status{};
}

void StateOverlay::clear() {
  writes_.clear();
  journal_.clear();
  checkpoints_.clear();
}

Result<ChangeSet> StateOverlay::take_changes() {
  if (!checkpoints_.empty()) {
    return make_error(ErrorCode::InvalidArgument, "cannot take the changes of an overlay with " +
                                                      std::to_string(checkpoints_.size()) + " open checkpoints");
  }
  ChangeSet changes;
  changes.reserve(writes_.size());
  for (auto& [key, value] : writes_) changes.push_back({key, std::move(value)});
  writes_.clear();
  return changes;
}

Result<Hash32> StateOverlay::commit(StateStore& store) {
  if (!checkpoints_.empty()) {
    return make_error(ErrorCode::InvalidArgument, "cannot commit an overlay with " +
                                                      std::to_string(checkpoints_.size()) + " open checkpoints");
  }
  ChangeSet changes;
  changes.reserve(writes_.size());
  for (const auto& [key, value] : writes_) changes.push_back({key, value});
  SW_STATE_TRY_ASSIGN(Hash32 root, store.commit(changes));
  clear();  // only after success: a failed commit leaves the overlay as it was
  return root;
}

}  // namespace syncwasm::state
