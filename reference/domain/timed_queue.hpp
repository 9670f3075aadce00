// TimedQueue: a FIFO of pool slots ordered by (time, tiebreak) that is almost always appended in
// order (time only moves forward), with lazy removal. Backs the idle queue (LRU at the front, MRU
// at the back) and the lease queues.
//
// Stored as a ring buffer (a power-of-two vector with a moving head): pushing at the back and
// popping at the front, once per allocation on the hot path, never allocate in the steady state.
#pragma once

#include "sim/core/time.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

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
  // Front to back.
  class Iterator {
   public:
    Iterator(const TimedQueue& queue, std::size_t index) : queue_(&queue), index_(index) {}
    const TimedEntry& operator*() const { return queue_->at(index_); }
    Iterator& operator++() {
      ++index_;
      return *this;
    }
    bool operator==(const Iterator& other) const { return index_ == other.index_; }

   private:
    const TimedQueue* queue_;
    std::size_t index_;
  };

  // O(1) amortised when `entry` sorts after the back (the usual case), O(n) otherwise: it goes
  // after every entry that does not sort after it.
  void push(const TimedEntry& entry) {
    if (size_ == ring_.size()) grow();
    std::size_t position = size_;
    if (size_ > 0 && entry.before(at(size_ - 1))) {
      std::size_t low = 0, high = size_ - 1;  // the first entry that sorts after `entry`
      while (low < high) {
        const std::size_t middle = low + (high - low) / 2;
        if (entry.before(at(middle))) high = middle; else low = middle + 1;
      }
      position = low;
      for (std::size_t i = size_; i > position; --i) at(i) = at(i - 1);
    }
    at(position) = entry;
    ++size_;
  }
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }  // including stale entries
  const TimedEntry& front() const { return ring_[head_]; }
  void pop_front() {
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
  }
  const TimedEntry& back() const { return at(size_ - 1); }
  void pop_back() { --size_; }
  void clear() { head_ = size_ = 0; }
  Iterator begin() const { return Iterator(*this, 0); }
  Iterator end() const { return Iterator(*this, size_); }

 private:
  const TimedEntry& at(std::size_t index) const { return ring_[(head_ + index) & (ring_.size() - 1)]; }
  TimedEntry& at(std::size_t index) { return ring_[(head_ + index) & (ring_.size() - 1)]; }

  void grow() {
    std::vector<TimedEntry> larger(std::max<std::size_t>(16, 2 * ring_.size()));
    for (std::size_t i = 0; i < size_; ++i) larger[i] = at(i);
    ring_.swap(larger);
    head_ = 0;
  }

  std::vector<TimedEntry> ring_;  // size 0 or a power of two
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace ringpool::domain
