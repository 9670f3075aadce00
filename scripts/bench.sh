#!/usr/bin/env bash
# Builds ringpool in Release (scripts/build.sh --release) and measures issue 3's performance
# goals, printing each figure with its goal and the ratio (>= 1.00 meets the goal):
#   a. domain allocations per second, 10,000-number pool, leases expiring   (>= 20 M/s, one core)
#   b. in-process legacy allocate_number.json requests per second          (>= 1 M/s)
#   c. server processing time of a 1000-row Bulk request                   (<= 2 ms)
#   d. `ringpool serve` legacy allocations/s over loopback HTTP with keep-alive, against a
#      cpp-httplib hello-world server measured the same way               (>= 0.8 x hello)
# and issue 9's capacity-planner figures:
#   e. simulated visits/s on one core, 1,000-number pool (M/D/c/c, c = 1000) (>= 20 M/s), and the
#      same model in SimPy (Debian python3-simpy, bench/simpy_textbook.py) as a ratio
#   f. wall time of a 30-day plan at 50 visits/s, 20 replications, on all cores
# and issue 10's property checker:
#   g. `ringpool check` commands/s in process on one core                 (>= 100,000/s)
# Part d needs wrk (scripts/install-deps.sh --with-bench) and curl; without wrk it is skipped.
# The SimPy figure needs python3-simpy (scripts/install-deps.sh --with-bench); without it, skipped.
#
# Usage: scripts/bench.sh
# Environment: WRK_ARGS (default "-t1 -c8 -d3s"), BENCH_ROUNDS (alternating wrk rounds, default 5)
# Not part of the test suite: figures depend on the machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
wrk_args=(${WRK_ARGS:--t1 -c8 -d3s})
rounds="${BENCH_ROUNDS:-5}"

build_dir="$("$root/scripts/build.sh" --release | tail -n 1)"
bench="$build_dir/bench"

tmp="$(mktemp -d)"
server_pids=()
cleanup() {
  for pid in "${server_pids[@]}"; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# field NAME LINE: the value of NAME=value in a benchmark's output line.
field() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<<"$2"; }
# ratio A B: A / B with two decimals.
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v r="$1" 'BEGIN { print (r >= 1 ? "meets goal" : "MISSES goal") }'; }
millions() { awk -v x="$1" 'BEGIN { printf "%.2f M/s", x / 1e6 }'; }
report() {  # report LABEL FIGURE GOAL RATIO
  printf '%-64s %-32s %-15s ratio %s  %s\n' "$1" "$2" "$3" "$4" "$(verdict "$4")"
}

echo "ringpool benchmarks: Release build in ${build_dir#"$root"/}, $(nproc) cores"
echo

out="$("$bench/ringpool_bench_domain")"
rate="$(field allocations_per_second "$out")"
report "a. domain allocations/s (10,000-number pool, leases expiring)" "$(millions "$rate")" \
       "goal >= 20 M/s" "$(ratio "$rate" 20000000)"

out="$("$bench/ringpool_bench_legacy")"
rate="$(field requests_per_second "$out")"
report "b. in-process legacy allocate_number.json requests/s" "$(millions "$rate")" \
       "goal >= 1 M/s" "$(ratio "$rate" 1000000)"
echo "   (a, b: one thread; per CPU second of that thread, median of 5 rounds)"

out="$("$bench/ringpool_bench_bulk")"
median="$(field median_ms "$out")"
p90="$(field p90_ms "$out")"
report "c. 1000-row Bulk request, server processing time (goal/median)" "median $median ms, p90 $p90 ms" \
       "goal <= 2 ms" "$(ratio 2 "$median")"
echo "   (wall time in Service::handle; CPU time median $(field cpu_median_ms "$out") ms)"

# ---- issue 10: the property checker ----
out="$("$bench/ringpool_bench_check")"
rate="$(field commands_per_second "$out")"
report "g. ringpool check commands/s in process, one core (strict)" "$(printf '%.0f /s' "$rate")" \
       "goal >= 100000/s" "$(ratio "$rate" 100000)"
echo "   without the fresh world each run starts from ($(field world_ms "$out") ms, the baseline measured" \
     "in the same rounds): $(field commands_per_second_without_world "$out")/s;" \
     "$(field runs_per_second "$out") runs/s of $(field commands_per_run "$out") commands"

# ---- issue 9: the capacity planner ----
echo "   machine load before e/f: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min averages; $(nproc) cores)"
out="$("$bench/ringpool_bench_simulate")"
rate="$(field textbook_visits_per_second "$out")"
report "e. simulated visits/s, one core, 1,000-number pool (textbook)" "$(millions "$rate")" \
       "goal >= 20 M/s" "$(ratio "$rate" 20000000)"
echo "   with 5% of visitors calling (attribution): $(millions "$(field calls_visits_per_second "$out")");" \
     "overflow $(field overflow "$out") (Erlang-B(1000, 950) = 0.00365)"
if /usr/bin/python3 -c 'import SimPy.Simulation' 2>/dev/null; then
  simpy="$(/usr/bin/python3 "$root/bench/simpy_textbook.py" 200000)"
  simpy_rate="$(field simpy_visits_per_second "$simpy")"
  echo "   the same model in SimPy 2 (one core): $(printf '%.0f' "$simpy_rate") visits/s, overflow $(field overflow "$simpy");" \
       "ringpool is $(ratio "$rate" "$simpy_rate") x faster"
else
  echo "   SimPy comparison skipped: needs python3-simpy (scripts/install-deps.sh --with-bench)"
fi
start_ns="$(date +%s%N)"
"$build_dir/cli/ringpool" simulate "$root/bench/simulate_30_days.toml" --jobs "$(nproc)" --quiet --report "$tmp/simulate" >/dev/null
wall="$(awk -v s="$start_ns" -v e="$(date +%s%N)" 'BEGIN { printf "%.1f", (e - s) / 1e9 }')"
visits="$(awk 'BEGIN { printf "%.0f", 50 * 30 * 86400 * 20 }')"
report "f. 30-day plan, 50 visits/s, 20 replications, $(nproc) cores" "$wall s wall" "(no goal)" \
       "$(awk -v v="$visits" -v w="$wall" 'BEGIN { printf "%.2f", v / w / 1e6 }') M visits/s"
echo "   machine load after e/f: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

if ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
  echo "d. skipped: needs wrk and curl (scripts/install-deps.sh --with-bench)"
  exit 0
fi

# listening_port LOG: waits for a server's "listening on http://127.0.0.1:<port>" line (both
# servers are started with port 0, a free port) and echoes the port.
listening_port() {
  local port=""
  for _ in $(seq 100); do
    port="$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$1" | head -n 1)"
    [ -n "$port" ] && { echo "$port"; return 0; }
    sleep 0.1
  done
  echo "bench.sh: server did not start:" >&2
  cat "$1" >&2
  return 1
}

# wrk_rate URL: requests/s with the shared settings; fails on any non-2xx answer or socket error.
wrk_rate() {
  local result
  result="$(wrk "${wrk_args[@]}" "$1")"
  if grep -qE "Non-2xx|Socket errors" <<<"$result"; then
    echo "bench.sh: wrk saw errors against $1:" >&2
    echo "$result" >&2
    return 1
  fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$result"
}
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# The hello-world baseline.
"$bench/ringpool_bench_hello" 0 >"$tmp/hello.log" 2>&1 &
server_pids+=($!)
hello_port="$(listening_port "$tmp/hello.log")"
hello_url="http://127.0.0.1:$hello_port/hello"

# ringpool serve on wall time sped up 2000x, so that 60 s leases end after 30 ms of real time
# and allocations keep leasing real numbers instead of only answering the overflow number.
"$build_dir/cli/ringpool" serve --quiet --port 0 --clock wall --time-scale 2000 >"$tmp/serve.log" 2>&1 &
server_pids+=($!)
serve_port="$(listening_port "$tmp/serve.log")"
base="http://127.0.0.1:$serve_port"
created="$(curl -sf -H 'Authorization: demo-token' -X POST \
  "$base/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json" \
  -d '{"id_from_network":"bench","max_pool_size":2500,"fill_immediately":true,"allow_overflow":true,"lifetime_seconds":60}')"
pool_id="$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$created")"
pool_key="$(sed -n 's/.*"api_key":"\([0-9a-f]*\)".*/\1/p' <<<"$created")"
if [ -z "$pool_id" ] || [ -z "$pool_key" ]; then
  echo "bench.sh: could not create the benchmark pool: $created" >&2
  exit 1
fi
serve_url="$base/api/2015-12-09/ring_pools/$pool_id/allocate_number.json?ring_pool_key=$pool_key&m1=wrk"

# Loopback throughput on a shared machine drifts from second to second, so the two servers are
# measured in alternating rounds (after a short warm-up of each) and compared by their medians.
wrk -t1 -c8 -d1s "$hello_url" >/dev/null
wrk -t1 -c8 -d1s "$serve_url" >/dev/null
hello_rates=() serve_rates=()
for _ in $(seq "$rounds"); do
  hello_rates+=("$(wrk_rate "$hello_url")")
  serve_rates+=("$(wrk_rate "$serve_url")")
done
hello_rate="$(median <<<"${hello_rates[*]}")"
serve_rate="$(median <<<"${serve_rates[*]}")"
report "d. HTTP legacy allocations/s, ringpool serve / httplib hello" \
       "$(printf '%.0f / %.0f req/s' "$serve_rate" "$hello_rate")" "goal >= 0.8" \
       "$(ratio "$serve_rate" "$(awk -v h="$hello_rate" 'BEGIN { print 0.8 * h }')")"
echo "   serve/hello = $(ratio "$serve_rate" "$hello_rate"): medians of $rounds alternating rounds of wrk ${wrk_args[*]}" \
     "(keep-alive, loopback)"
echo "   rounds, req/s: serve ${serve_rates[*]}; hello ${hello_rates[*]}"
