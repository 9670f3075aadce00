// A set of inventory indices kept as a bitmap: ascending iteration, the lowest element, insert
// and erase without an allocation per element. The inventory's available numbers were
// std::sets of thousands of nodes, built and freed with every fresh world (`ringpool check`
// starts each run afresh; that was a third of its time).
//
// Invariants (checked in debug builds by check()):
//  (1) size_ is the number of bits set in words_;
//  (2) every word below lowest_word_ is zero (so lowest() never looks at them).
// check() is linear; the owner calls it in its own debug check, not on every insert.
#pragma once

#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <optional>
#include <vector>

namespace ringpool::domain {

class IndexSet {
 public:
  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::uint32_t;
    using difference_type = std::ptrdiff_t;
    using pointer = const std::uint32_t*;
    using reference = std::uint32_t;

    const_iterator() = default;
    std::uint32_t operator*() const { return value_; }
    const_iterator& operator++() {
      seek(value_ + 1);
      return *this;
    }
    const_iterator operator++(int) {
      const_iterator before = *this;
      ++*this;
      return before;
    }
    bool operator==(const const_iterator& other) const { return value_ == other.value_; }

   private:
    friend class IndexSet;
    const_iterator(const IndexSet* set, std::uint64_t from) : set_(set) { seek(from); }
    // The first element at or after `from`; the end (value kEnd) when there is none.
    void seek(std::uint64_t from) {
      std::size_t word = static_cast<std::size_t>(from / 64);
      if (word >= set_->words_.size()) {
        value_ = kEnd;
        return;
      }
      std::uint64_t bits = set_->words_[word] & (~std::uint64_t{0} << (from % 64));
      while (bits == 0) {
        if (++word >= set_->words_.size()) {
          value_ = kEnd;
          return;
        }
        bits = set_->words_[word];
      }
      value_ = static_cast<std::uint32_t>(word * 64 + static_cast<std::size_t>(std::countr_zero(bits)));
    }

    static constexpr std::uint32_t kEnd = UINT32_MAX;
    const IndexSet* set_ = nullptr;
    std::uint32_t value_ = kEnd;
  };

  const_iterator begin() const { return const_iterator(this, std::uint64_t{lowest_word_} * 64); }
  const_iterator end() const { return const_iterator(); }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  bool contains(std::uint32_t index) const {
    const std::size_t word = index / 64;
    return word < words_.size() && (words_[word] >> (index % 64) & 1U) != 0;
  }

  // False when it was already there. UINT32_MAX is not a valid element (it marks the end).
  bool insert(std::uint32_t index) {
    assert(index != const_iterator::kEnd);
    const std::size_t word = index / 64;
    if (word >= words_.size()) words_.resize(word + 1, 0);
    const std::uint64_t bit = std::uint64_t{1} << (index % 64);
    if ((words_[word] & bit) != 0) return false;
    words_[word] |= bit;
    ++size_;
    if (size_ == 1 || word < lowest_word_) lowest_word_ = word;
    return true;
  }

  // False when it was not there.
  bool erase(std::uint32_t index) {
    if (!contains(index)) return false;
    const std::size_t word = index / 64;
    words_[word] &= ~(std::uint64_t{1} << (index % 64));
    --size_;
    if (size_ == 0) {
      lowest_word_ = words_.size();  // nothing to look for: the next insert sets it
      return true;
    }
    while (words_[lowest_word_] == 0) ++lowest_word_;  // stops: a set bit lies at or after it
    return true;
  }

  std::optional<std::uint32_t> lowest() const {
    if (size_ == 0) return std::nullopt;
    return *begin();
  }

  bool check() const {
    std::size_t bits = 0;
    for (std::size_t word = 0; word < words_.size(); ++word) {
      bits += static_cast<std::size_t>(std::popcount(words_[word]));
      if (word < lowest_word_ && words_[word] != 0) return false;
    }
    return bits == size_;
  }

 private:
  std::vector<std::uint64_t> words_;
  std::size_t size_ = 0;
  std::size_t lowest_word_ = 0;
};

}  // namespace ringpool::domain
