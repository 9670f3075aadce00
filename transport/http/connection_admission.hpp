// What one client may take from all the others (issue 22, finding 5): connection slots and the
// memory of request bodies in flight.
//  - IdleConnections: the connections waiting for their next request, oldest first. When every
//    slot is taken, a new connection takes the slot of the oldest idle one (as nginx does), so
//    a client holding thousands of idle keep-alive sockets cannot lock others out.
//  - BodyBudget: the bytes of request bodies being received, over all connections. A body that
//    would take it past the budget is refused 503 (Retry-After) before it is read, so half-sent
//    bodies cannot take the machine's memory.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>

namespace ringpool::transport {

// A connection that can be asked to close if it is still idle.
class Evictable {
 public:
  virtual ~Evictable() = default;
  // Called from any thread: closes the connection if it is still waiting for a request.
  virtual void evict_if_idle() = 0;
};

class IdleConnections {
 public:
  struct Entry {
    std::weak_ptr<Evictable> connection;
    bool asked = false;  // asked to close already: not picked twice
  };
  using Ticket = std::list<Entry>::iterator;

  // The connection now waits for a request; it must leave() when it stops waiting (a request
  // arrives, it closes, or it was evicted).
  Ticket enter(std::weak_ptr<Evictable> connection);
  void leave(Ticket ticket);
  // Asks the connection idle the longest (not asked before) to close; false when none is idle.
  // The slot it frees may be taken at once: a connection that received a request just before
  // the question stays open, so the connection count may pass its limit by the evictions in
  // flight for a moment.
  bool evict_oldest();
  std::size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::list<Entry> idle_;  // front: idle the longest
};

class BodyBudget {
 public:
  explicit BodyBudget(std::size_t bytes) : limit_(bytes) {}
  // Takes `bytes` from the budget; false (nothing taken) when they do not fit.
  bool try_take(std::uint64_t bytes);
  void give_back(std::uint64_t bytes);
  std::uint64_t in_use() const { return in_use_.load(); }
  std::size_t limit() const { return limit_; }

 private:
  std::size_t limit_;
  std::atomic<std::uint64_t> in_use_{0};
};

}  // namespace ringpool::transport
