#!/usr/bin/python3
"""The capacity planner's textbook model in SimPy (Debian python3-simpy, SimPy 2 API), timed beside
ringpool_bench_simulate's "textbook" figure: Poisson visits, a pool of c = 1000 trackable numbers,
leases of exactly 60 s, overflow when every number is leased (M/D/c/c at 950 erlangs).

Usage: simpy_textbook.py [visits]   (default 200,000)
Prints: simpy_visits_per_second=<rate> overflow=<rate> erlang_b=<Erlang-B(1000, 800)>
"""
import random
import sys
import time

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

SERVERS = 1000
LIFETIME = 60.0
LOAD = 950.0
RATE = LOAD / LIFETIME


class Counts:
    visits = 0
    overflow = 0


class Lease(Process):
    def run(self, pool):
        yield request, self, pool
        yield hold, self, LIFETIME
        yield release, self, pool


class Visits(Process):
    def run(self, pool, total):
        for _ in range(total):
            yield hold, self, random.expovariate(RATE)
            Counts.visits += 1
            if len(pool.activeQ) >= SERVERS:
                Counts.overflow += 1  # the overflow number: no lease, no queue
                continue
            lease = Lease()
            activate(lease, lease.run(pool))


def erlang_b(servers, load):
    blocking = 1.0
    for k in range(1, servers + 1):
        blocking = load * blocking / (k + load * blocking)
    return blocking


def main():
    total = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    random.seed(1)
    initialize()
    pool = Resource(capacity=SERVERS)
    visits = Visits()
    activate(visits, visits.run(pool, total))
    start = time.process_time()
    simulate(until=total / RATE * 2)
    elapsed = time.process_time() - start
    print("simpy_visits_per_second=%.0f overflow=%.5f erlang_b=%.5f"
          % (Counts.visits / elapsed, Counts.overflow / max(Counts.visits, 1), erlang_b(SERVERS, LOAD)))


if __name__ == "__main__":
    main()
