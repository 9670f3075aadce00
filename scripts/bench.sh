#!/usr/bin/env bash
# Builds ringpool in Release (scripts/build.sh --release) and measures issue 3's performance
# goals, printing each figure with its goal and the ratio (>= 1.00 meets the goal):
#   a. domain allocations per second, 10,000-number pool, leases expiring   (>= 20 M/s, one core)
#   b. in-process legacy allocate_number.json requests per second          (>= 1 M/s)
#   c. server processing time of a 1000-row Bulk request                   (<= 2 ms)
#   d. `ringpool serve` (one io thread) legacy allocations/s over loopback HTTP with keep-alive,
#      against a minimal Beast hello-world server (one io thread) measured the same way, with the
#      cpp-httplib hello-world beside it                                  (>= 0.8 x Beast hello)
# and issue 9's capacity-planner figures:
#   e. simulated visits/s on one core, 1,000-number pool (M/D/c/c, c = 1000) (>= 20 M/s), and the
#      same model in SimPy (Debian python3-simpy, bench/simpy_textbook.py) as a ratio
#   f. wall time of a 30-day plan at 50 visits/s, 20 replications, on all cores
# and issue 11's serving-at-scale figures:
#   g. the io threads sharing the single-writer Service (a mutex): serve --threads 2 against
#      --threads 1, at 8 and 64 connections                                 (reported)
#   h. 1000-row Bulk requests per second over HTTP                        (reported)
#   i. 1,000 concurrent keep-alive connections, each making requests (ringpool load, open loop at
#      G_RATE req/s in all, default 5000): every connection served within 1 s, p99 < 50 ms, no
#      errors; wrk -c1000 (closed loop) for reference
#   j. `ringpool load` against the Beast hello-world, client and server each pinned to one core,
#      against wrk on the same core: rate >= 0.8 x wrk's, p50 and p99 within 10 % of wrk --latency
# Parts d and g-j need wrk (scripts/install-deps.sh --with-bench) and curl; without wrk they are
# skipped. The machine load (1-minute load average) is printed with the figures: compare quiet runs.
# and issue 10's property checker:
#   k. `ringpool check` commands/s in process on one core                 (>= 100,000/s)
# The SimPy figure needs python3-simpy (scripts/install-deps.sh --with-bench); without it, skipped.
#
# Usage: scripts/bench.sh
# Environment: WRK_ARGS (default "-t1 -c8 -d3s"), BENCH_ROUNDS (alternating rounds, default 5),
#              G_RATE (part i's total request rate, default 5000),
#              BENCH_PARTS (the parts to run, e.g. "dghij" for the HTTP figures only; default all)
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
# want PART: whether BENCH_PARTS selects the part (all parts when it is unset).
want() { [ -z "${BENCH_PARTS:-}" ] || [[ "$BENCH_PARTS" == *"$1"* ]]; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }
verdict() { awk -v r="$1" 'BEGIN { print (r >= 1 ? "meets goal" : "MISSES goal") }'; }
millions() { awk -v x="$1" 'BEGIN { printf "%.2f M/s", x / 1e6 }'; }
report() {  # report LABEL FIGURE GOAL RATIO (a figure without a goal is only reported)
  if [[ "$3" == goal* ]]; then
    printf '%-64s %-32s %-15s ratio %s  %s\n' "$1" "$2" "$3" "$4" "$(verdict "$4")"
  else
    printf '%-64s %-32s %-15s %s\n' "$1" "$2" "$3" "$([ "$4" = "-" ] || echo "$4")"
  fi
}

echo "ringpool benchmarks: Release build in ${build_dir#"$root"/}, $(nproc) cores"
echo

if want a; then
out="$("$bench/ringpool_bench_domain")"
rate="$(field allocations_per_second "$out")"
report "a. domain allocations/s (10,000-number pool, leases expiring)" "$(millions "$rate")" \
       "goal >= 20 M/s" "$(ratio "$rate" 20000000)"
fi

if want b; then
out="$("$bench/ringpool_bench_legacy")"
rate="$(field requests_per_second "$out")"
report "b. in-process legacy allocate_number.json requests/s" "$(millions "$rate")" \
       "goal >= 1 M/s" "$(ratio "$rate" 1000000)"
echo "   (a, b: one thread; per CPU second of that thread, median of 5 rounds)"
fi

if want c; then

out="$("$bench/ringpool_bench_bulk")"
median="$(field median_ms "$out")"
p90="$(field p90_ms "$out")"
report "c. 1000-row Bulk request, server processing time (goal/median)" "median $median ms, p90 $p90 ms" \
       "goal <= 2 ms" "$(ratio 2 "$median")"
echo "   (wall time in Service::handle; CPU time median $(field cpu_median_ms "$out") ms)"
fi

# ---- issue 10: the property checker ----
if want k; then
out="$("$bench/ringpool_bench_check")"
rate="$(field commands_per_second "$out")"
report "k. ringpool check commands/s in process, one core (strict)" "$(printf '%.0f /s' "$rate")" \
       "goal >= 100000/s" "$(ratio "$rate" 100000)"
baseline="$(field baseline_commands_per_second "$out")"
echo "   the path before (scenario printed and re-parsed, world TOML parsed per run), same rounds:" \
     "$(printf '%.0f' "$baseline")/s; $(ratio "$rate" "$baseline") x faster; load $(cut -d' ' -f1 /proc/loadavg)"
echo "   without the fresh world each run starts from ($(field world_ms "$out") ms, the baseline measured" \
     "in the same rounds): $(field commands_per_second_without_world "$out")/s;" \
     "$(field runs_per_second "$out") runs/s of $(field commands_per_run "$out") commands"
echo "   the service alone (the same runs' requests replayed on fresh worlds, no checker):" \
     "$(field service_only_commands_per_second "$out")/s, the ceiling of a checker that drives the real answers"
fi

# ---- issue 9: the capacity planner ----
if want e || want f; then
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
fi
want d || want g || want h || want i || want j || exit 0

if ! command -v wrk >/dev/null || ! command -v curl >/dev/null; then
  echo "d, g-j. skipped: need wrk and curl (scripts/install-deps.sh --with-bench)"
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

# wrk_rate URL [WRK ARGS]: requests/s (with the shared settings unless others are given); fails on
# any non-2xx answer or socket error.
wrk_rate() {
  local result url="$1"
  shift
  if [ "$#" -gt 0 ]; then result="$(wrk "$@" "$url")"; else result="$(wrk "${wrk_args[@]}" "$url")"; fi
  if grep -qE "Non-2xx|Socket errors" <<<"$result"; then
    echo "bench.sh: wrk saw errors against $url:" >&2
    echo "$result" >&2
    return 1
  fi
  awk '/^Requests\/sec:/ { print $2 }' <<<"$result"
}
median() { tr ' ' '\n' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

# ---- d. serve against a minimal Beast hello-world (and the cpp-httplib one) --------------------

# Both hello-world servers answer GET /hello with a short JSON body.
"$bench/ringpool_bench_beast_hello" 0 1 >"$tmp/beast_hello.log" 2>&1 &
server_pids+=($!)
beast_hello_url="http://127.0.0.1:$(listening_port "$tmp/beast_hello.log")/hello"
"$bench/ringpool_bench_hello" 0 >"$tmp/hello.log" 2>&1 &
server_pids+=($!)
httplib_hello_url="http://127.0.0.1:$(listening_port "$tmp/hello.log")/hello"

# start_serve NAME ARGS...: `ringpool serve` on a free port; sets serve_base.
start_serve() {
  local name="$1"
  shift
  "$build_dir/cli/ringpool" serve --quiet --port 0 "$@" >"$tmp/$name.log" 2>&1 &
  server_pids+=($!)
  serve_base="http://127.0.0.1:$(listening_port "$tmp/$name.log")"
}
# legacy_url BASE: creates a 2,500-number pool on BASE and echoes its allocate_number.json URL.
legacy_url() {
  local created pool_id pool_key
  created="$(curl -sf -H 'Authorization: demo-token' -X POST \
    "$1/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools.json" \
    -d '{"id_from_network":"bench","max_pool_size":2500,"fill_immediately":true,"allow_overflow":true,"lifetime_seconds":60}')"
  pool_id="$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$created")"
  pool_key="$(sed -n 's/.*"api_key":"\([0-9a-f]*\)".*/\1/p' <<<"$created")"
  if [ -z "$pool_id" ] || [ -z "$pool_key" ]; then
    echo "bench.sh: could not create the benchmark pool: $created" >&2
    return 1
  fi
  echo "$1/api/2015-12-09/ring_pools/$pool_id/allocate_number.json?ring_pool_key=$pool_key&m1=wrk"
}

# ringpool serve on wall time sped up 2000x, so that 60 s leases end after 30 ms of real time
# and allocations keep leasing real numbers instead of only answering the overflow number.
start_serve serve1 --threads 1 --clock wall --time-scale 2000
serve1_url="$(legacy_url "$serve_base")"
start_serve serve2 --threads 2 --clock wall --time-scale 2000
serve2_url="$(legacy_url "$serve_base")"

load_average() { cut -d' ' -f1 /proc/loadavg; }
echo "machine load before the HTTP figures: $(load_average) (1-minute load average, $(nproc) cores)"

# Loopback throughput on a shared machine drifts from second to second, so the servers are
# measured in alternating rounds (after a short warm-up of each) and compared by their medians.
for url in "$beast_hello_url" "$httplib_hello_url" "$serve1_url" "$serve2_url"; do wrk -t1 -c8 -d1s "$url" >/dev/null; done
beast_rates=() httplib_rates=() serve1_rates=() serve2_rates=()
for _ in $(seq "$rounds"); do
  beast_rates+=("$(wrk_rate "$beast_hello_url")")
  httplib_rates+=("$(wrk_rate "$httplib_hello_url")")
  serve1_rates+=("$(wrk_rate "$serve1_url")")
  serve2_rates+=("$(wrk_rate "$serve2_url")")
done
beast_rate="$(median <<<"${beast_rates[*]}")"
httplib_rate="$(median <<<"${httplib_rates[*]}")"
serve1_rate="$(median <<<"${serve1_rates[*]}")"
serve2_rate="$(median <<<"${serve2_rates[*]}")"
report "d. HTTP legacy allocations/s, ringpool serve / Beast hello" \
       "$(printf '%.0f / %.0f req/s' "$serve1_rate" "$beast_rate")" "goal >= 0.8" \
       "$(ratio "$serve1_rate" "$(awk -v h="$beast_rate" 'BEGIN { print 0.8 * h }')")"
echo "   serve/Beast hello = $(ratio "$serve1_rate" "$beast_rate"); cpp-httplib hello $(printf '%.0f' "$httplib_rate") req/s" \
     "(serve/httplib hello = $(ratio "$serve1_rate" "$httplib_rate"), Beast hello/httplib hello = $(ratio "$beast_rate" "$httplib_rate"))"
echo "   medians of $rounds alternating rounds of wrk ${wrk_args[*]} (keep-alive, loopback), one io thread each;" \
     "machine load $(load_average)"
echo "   rounds, req/s: serve ${serve1_rates[*]}; Beast hello ${beast_rates[*]}; httplib hello ${httplib_rates[*]}"

# ---- g. io threads sharing the Service -----------------------------------------------------------

serve2_c64=() serve1_c64=()
for _ in $(seq "$rounds"); do
  serve1_c64+=("$(wrk_rate "$serve1_url" -t1 -c64 -d3s)")
  serve2_c64+=("$(wrk_rate "$serve2_url" -t1 -c64 -d3s)")
done
report "g. serve --threads 2 / --threads 1 (8 connections)" \
       "$(printf '%.0f / %.0f req/s' "$serve2_rate" "$serve1_rate")" "reported" "ratio $(ratio "$serve2_rate" "$serve1_rate")"
report "   serve --threads 2 / --threads 1 (64 connections)" \
       "$(printf '%.0f / %.0f req/s' "$(median <<<"${serve2_c64[*]}")" "$(median <<<"${serve1_c64[*]}")")" "reported" \
       "ratio $(ratio "$(median <<<"${serve2_c64[*]}")" "$(median <<<"${serve1_c64[*]}")")"
echo "   (2 cores shared with wrk: a second io thread competes with the client for the same cores)"

# ---- h. 1000-row Bulk requests over HTTP -----------------------------------------------------------

created="$(curl -sf -H 'Authorization: demo-token' -X POST \
  "${serve_base%/}/api/2022-08-01/1/advertisers/adv-bulk/advertiser_campaigns/camp-bulk/ring_pools.json" \
  -d '{"id_from_network":"bench-bulk","max_pool_size":2500,"fill_immediately":true,"lifetime_seconds":60}')"
bulk_id="$(sed -n 's/.*"id":\([0-9]*\).*/\1/p' <<<"$created")"
bulk_key="$(sed -n 's/.*"api_key":"\([0-9a-f]*\)".*/\1/p' <<<"$created")"
rows=""
for i in $(seq 0 999); do
  rows+="${rows:+,}{\"api_suffix\":\"ring_pools/$bulk_id/allocate_number.json?ring_pool_key=$bulk_key&m1=r$i\",\"request_id\":\"$i\"}"
done
printf '{"requests":[%s]}' "$rows" >"$tmp/bulk.json"
cat >"$tmp/bulk.lua" <<LUA
local file = io.open("$tmp/bulk.json", "rb")
wrk.method = "POST"
wrk.body = file:read("*a")
wrk.headers["Content-Type"] = "application/json"
file:close()
LUA
bulk_url="${serve_base%/}/api/2013-07-01/bulk.json"
bulk_rates=()
for _ in $(seq "$rounds"); do bulk_rates+=("$(wrk_rate "$bulk_url" -t1 -c4 -d3s -s "$tmp/bulk.lua")"); done
bulk_rate="$(median <<<"${bulk_rates[*]}")"
report "h. 1000-row Bulk requests/s over HTTP (serve --threads 2)" \
       "$(printf '%.0f req/s = %.0f rows/s' "$bulk_rate" "$(awk -v r="$bulk_rate" 'BEGIN { print r * 1000 }')")" "reported" "-"
echo "   wrk -t1 -c4 -d3s with a 1000-row body ($(wc -c <"$tmp/bulk.json") bytes), median of $rounds rounds: ${bulk_rates[*]}"

# ---- i. 1,000 concurrent keep-alive connections --------------------------------------------------

# Open loop: 1,000 connections each making G_RATE/1000 requests a second, latency from when each
# was due. (A closed loop at full speed measures queueing instead: by Little's law its mean
# latency is 1,000 / throughput, whatever the server does; wrk -c1000 below shows that.)
g_rate="${G_RATE:-5000}"
ulimit -n 8192 2>/dev/null || ulimit -n "$(ulimit -Hn)"
start_serve serve_g --control --control-token bench-control
g_out="$("$build_dir/cli/ringpool" load --target "$serve_base" --control-token bench-control --clock-speed 60 \
  --mix json=1 --connections 1000 --rate "$g_rate" --duration 5s --warmup 1s --pools 4 --pool-size 100 --quiet \
  --report "$tmp/g" 2>&1)" || true
first_wait="$(sed -n 's/.*the slowest waited \([0-9.]*\) ms for its first answer.*/\1/p' <<<"$g_out")"
never="$(sed -n 's/.*; \([0-9]*\) NEVER got an answer.*/\1/p' <<<"$g_out")"
g_p99="$(sed -n 's/.*latency .* p99 \([0-9.]*\) .*/\1/p' <<<"$g_out" | head -n 1)"
g_errors="$(sed -n 's/.*; errors \([0-9,]*\) .*/\1/p' <<<"$g_out" | head -n 1 | tr -d ,)"
g_violations="$(grep -c 'VIOLATIONS' <<<"$g_out" || true)"
report "i. 1,000 keep-alive connections at $g_rate req/s: p99" "p99 ${g_p99:-?} ms" "goal < 50 ms" \
       "$(ratio 50 "${g_p99:-1e9}")"
report "   slowest connection's wait for its first answer" "${first_wait:-?} ms" "goal < 1000 ms" \
       "$(ratio 1000 "${first_wait:-1e9}")"
report "   errors" "${g_errors:-?}" "goal 0" "$([ "${g_errors:-1}" = 0 ] && echo 1.00 || echo 0.00)"
echo "   connections never answered ${never:-0}, invariant violations ${g_violations}; ringpool load --connections 1000" \
     "--rate $g_rate --mix json=1, serve --threads $(nproc); machine load $(load_average)"
[ -z "${g_p99:-}" ] && echo "$g_out" >&2
wrk_g="$(wrk -t2 -c1000 -d5s --latency "$serve2_url" 2>&1)"
echo "   closed loop for reference, wrk -t2 -c1000 -d5s --latency (serve --threads 2):" \
     "$(awk '/^Requests\/sec:/ { print $2 }' <<<"$wrk_g") req/s, p50 $(awk '$1 == "50%" { print $2 }' <<<"$wrk_g")," \
     "p99 $(awk '$1 == "99%" { print $2 }' <<<"$wrk_g"), $(grep -E 'Socket errors|Non-2xx' <<<"$wrk_g" | tr -s ' ' || echo 'no errors')"

# ---- j. ringpool load against wrk, on the Beast hello-world ----------------------------------------

# to_ms VALUE: wrk's "123.45us", "1.23ms", "1.00s" in milliseconds.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.4f", n }'; }
pin_server=() pin_client=()
if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin_server=(taskset -c 0); pin_client=(taskset -c 1); fi
"${pin_server[@]}" "$bench/ringpool_bench_beast_hello" 0 1 >"$tmp/beast_pinned.log" 2>&1 &
server_pids+=($!)
pinned_url="http://127.0.0.1:$(listening_port "$tmp/beast_pinned.log")/hello"
wrk_rates=() wrk_p50=() wrk_p99=() load_rates=() load_p50=() load_p99=()
for _ in $(seq "$rounds"); do
  out="$("${pin_client[@]}" wrk -t1 -c8 -d3s --latency "$pinned_url")"
  wrk_rates+=("$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")")
  wrk_p50+=("$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")")
  wrk_p99+=("$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")")
  out="$("${pin_client[@]}" "$build_dir/cli/ringpool" load --target "$pinned_url" --mix url=1 --connections 8 \
    --duration 3s --warmup 0.5s --quiet --report "$tmp/h")"
  load_rates+=("$(sed -n 's/.* = \([0-9]*\) req\/s.*/\1/p' <<<"$out" | head -n 1)")
  load_p50+=("$(sed -n 's/.*latency *p50 \([0-9.]*\) .*/\1/p' <<<"$out")")
  load_p99+=("$(sed -n 's/.*latency .* p99 \([0-9.]*\) .*/\1/p' <<<"$out")")
done
wrk_rate_h="$(median <<<"${wrk_rates[*]}")"
load_rate_h="$(median <<<"${load_rates[*]}")"
report "j. ringpool load / wrk request rate (Beast hello, one core each)" \
       "$(printf '%.0f / %.0f req/s' "$load_rate_h" "$wrk_rate_h")" "goal >= 0.8" \
       "$(ratio "$load_rate_h" "$(awk -v w="$wrk_rate_h" 'BEGIN { print 0.8 * w }')")"
for q in p50 p99; do
  declare -n wrk_q="wrk_$q" load_q="load_$q"
  w="$(median <<<"${wrk_q[*]}")"
  l="$(median <<<"${load_q[*]}")"
  report "   $q: ringpool load / wrk --latency" "$(printf '%.3f / %.3f ms' "$l" "$w")" "goal within 10 %" \
         "$(awk -v l="$l" -v w="$w" 'BEGIN { d = (l > w ? l - w : w - l) / w; printf "%.2f", (d > 0 ? 0.10 / d : 99) }')"
done
echo "   medians of $rounds alternating rounds of wrk -t1 -c8 -d3s --latency and ringpool load --mix url=1 --connections 8" \
     "--duration 3s; ${pin_client[*]:-unpinned} client, ${pin_server[*]:-unpinned} server; machine load $(load_average)"
echo "   rounds: load req/s ${load_rates[*]}; wrk req/s ${wrk_rates[*]}"
echo "   rounds: load p50 ${load_p50[*]} p99 ${load_p99[*]}; wrk p50 ${wrk_p50[*]} p99 ${wrk_p99[*]} (ms)"
