// TimedQueue: a FIFO of pool slots ordered by (time, tiebreak) that is almost always appended in
// order (time only moves forward), with lazy removal. Backs the idle (LRU) and lease queues.
#pragma once

#include "sim/core/time.hpp"

#include <algorithm>
#include <cstdint>
#include <deque>

namespace ringpool::domain {

struct TimedEntry {
  sim::Instant time;
  std::uint64_t tiebreak;    // idle queue: the phone number (P-2 ties); lease queue: sequence
  std::uint32_t slot;
  std::uint32_t generation;  // the slot's generation when queued; a mismatch means "removed"

  bool before(const TimedEntry& other) const {
    return time != other.time ? time < other.time : tiebreak < other.tiebreak;
  }
};

class TimedQueue {
 public:
  // O(1) when `entry` sorts after the back (the usual case), O(n) otherwise.
  void push(const TimedEntry& entry) {
    if (entries_.empty() || !entry.before(entries_.back())) {
      entries_.push_back(entry);
      return;
    }
    auto position = std::upper_bound(entries_.begin(), entries_.end(), entry,
                                     [](const TimedEntry& a, const TimedEntry& b) { return a.before(b); });
    entries_.insert(position, entry);
  }
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }  // including stale entries
  const TimedEntry& front() const { return entries_.front(); }
  void pop_front() { entries_.pop_front(); }
  void clear() { entries_.clear(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }

 private:
  std::deque<TimedEntry> entries_;
};

}  // namespace ringpool::domain
