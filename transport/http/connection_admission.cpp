#include "transport/http/connection_admission.hpp"

namespace ringpool::transport {

IdleConnections::Ticket IdleConnections::enter(std::weak_ptr<Evictable> connection) {
  std::lock_guard lock(mutex_);
  return idle_.insert(idle_.end(), Entry{std::move(connection), false});
}

void IdleConnections::leave(Ticket ticket) {
  std::lock_guard lock(mutex_);
  idle_.erase(ticket);
}

bool IdleConnections::evict_oldest() {
  std::shared_ptr<Evictable> oldest;
  {
    std::lock_guard lock(mutex_);
    for (Entry& entry : idle_) {
      if (entry.asked) continue;
      oldest = entry.connection.lock();
      if (!oldest) continue;  // closing: it leaves the list itself
      entry.asked = true;
      break;
    }
  }
  if (!oldest) return false;
  oldest->evict_if_idle();  // outside the lock: it may drop the last reference
  return true;
}

std::size_t IdleConnections::size() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

bool BodyBudget::try_take(std::uint64_t bytes) {
  std::uint64_t used = in_use_.load();
  do {
    if (used + bytes > limit_) return false;
  } while (!in_use_.compare_exchange_weak(used, used + bytes));
  return true;
}

void BodyBudget::give_back(std::uint64_t bytes) { in_use_.fetch_sub(bytes); }

}  // namespace ringpool::transport
