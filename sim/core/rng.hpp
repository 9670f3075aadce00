// Seeded randomness (spec T-2): one root seed per run, named sub-streams derived from it, and
// distributions computed from raw bits so that every platform draws the same values.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ringpool::sim {

// xoshiro256** seeded through splitmix64. Cheap to copy; a copy continues the same sequence.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);

  // An independent stream named `name`. Depends only on this generator's seed and the name, not
  // on how many values were drawn, so adding a draw in one component never shifts another's.
  Rng stream(std::string_view name) const;

  std::uint64_t seed() const { return seed_; }
  std::uint64_t next_u64();
  // Uniform in [0, bound), unbiased (Lemire's multiply-and-reject). bound must be > 0.
  std::uint64_t below(std::uint64_t bound);
  // Uniform in [low, high], inclusive. Requires low <= high.
  std::int64_t between(std::int64_t low, std::int64_t high);
  // Uniform in [0, 1) with 53 random bits.
  double unit();
  bool chance(double probability);
  // `count` lowercase hexadecimal characters.
  std::string hex(std::size_t count);

 private:
  std::uint64_t seed_;
  std::array<std::uint64_t, 4> state_{};
};

// FNV-1a, used to turn stream names into seeds; stable across platforms.
std::uint64_t fnv1a64(std::string_view text);

}  // namespace ringpool::sim
