#!/usr/bin/env bash
# The space of valid servers at scale (issue 21): `ringpool conform --target variant:SEED --profile
# vendor` for SERVERS drawn valid servers, `ringpool check --target variant:SEED --runs RUNS`
# for CHECK_SERVERS of them, and `ringpool load` (LOAD_SECONDS, its clock driven at 600x) against
# `ringpool serve --variant SEED` for LOAD_SERVERS of them (the clock driven where the drawn server
# can advance it), with the target file that describes
# each drawn world (`serve --variant SEED --print-target-file`); every one must pass (0 failures,
# 0 violations). Prints each failing seed with its
# reproduce line and the drawn choices, the counts and the wall time. A failing seed is shrunk to
# the fewest choices that still fail by the test (see the last line it prints).
# Exit status: 0 every drawn server passed, 1 some failed, 2 usage.
#
#   scripts/valid-space.sh [--bin build/cli/ringpool] [--servers 1000] [--first-seed 1]
#                          [--check-servers 200] [--check-runs 200] [--load-servers 0]
#                          [--load-seconds 3] [--jobs 2]
set -euo pipefail

bin=build/cli/ringpool
servers=1000
first=1
check_servers=200
check_runs=200
load_servers=0
load_seconds=3
jobs=2
while [[ $# -gt 0 ]]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --servers) servers="$2"; shift 2 ;;
    --first-seed) first="$2"; shift 2 ;;
    --check-servers) check_servers="$2"; shift 2 ;;
    --check-runs) check_runs="$2"; shift 2 ;;
    --load-servers) load_servers="$2"; shift 2 ;;
    --load-seconds) load_seconds="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "valid-space.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[[ -x "$bin" ]] || { echo "valid-space.sh: no ringpool binary at $bin (scripts/build.sh first)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export bin work check_runs load_seconds

# One drawn server: "<seed> <mode> <exit status>"; a failing run keeps its console in $work.
one() {
  local mode="$1" seed="$2" status=0
  if [[ "$mode" == conform ]]; then
    "$bin" conform --target "variant:$seed" --profile vendor --quiet --report "$work/r-$mode-$seed" >"$work/$mode-$seed.txt" 2>&1 || status=$?
  elif [[ "$mode" == load ]]; then
    local port=$((20000 + seed % 20000)) token="valid-space-$seed" server
    "$bin" serve --variant "$seed" --print-target-file >"$work/target-$seed.toml"
    "$bin" serve --variant "$seed" --port "$port" --control --control-token "$token" --quiet >"$work/serve-$seed.txt" 2>&1 &
    server=$!
    for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    # The clock is driven only where the drawn server can advance it (a drawn control API may lack it).
    local drive=()
    [[ $(curl -s -o /dev/null -w '%{http_code}' -X POST -H "X-Control-Token: $token" -d '{"seconds": 0}' \
         "http://127.0.0.1:$port/_control/clock/advance") == 200 ]] && drive=(--clock-speed 600)
    "$bin" load --target "http://127.0.0.1:$port" --target-file "$work/target-$seed.toml" --control-token "$token" \
      --duration "${load_seconds}s" --warmup 0s --connections 4 "${drive[@]}" --quiet --report "$work/r-$mode-$seed" \
      >"$work/$mode-$seed.txt" 2>&1 || status=$?
    kill "$server" 2>/dev/null; wait "$server" 2>/dev/null || true
  else
    "$bin" check --target "variant:$seed" --runs "$check_runs" --no-save --quiet --report "$work/r-$mode-$seed" \
      >"$work/$mode-$seed.txt" 2>&1 || status=$?
  fi
  rm -rf "$work/r-$mode-$seed"
  [[ $status -eq 0 ]] && rm -f "$work/$mode-$seed.txt"
  echo "$seed $mode $status"
}
export -f one

started=$(date +%s.%N)
results=$( { seq "$first" $((first + servers - 1)) | sed 's/^/conform /'
             seq "$first" $((first + check_servers - 1)) | sed 's/^/check /'
             if [[ $load_servers -gt 0 ]]; then seq "$first" $((first + load_servers - 1)) | sed 's/^/load /'; fi; } |
           xargs -P "$jobs" -n 2 bash -c 'one "$0" "$1"')
elapsed=$(echo "$(date +%s.%N) - $started" | bc)

failed=0
while read -r seed mode status; do
  [[ "$status" == 0 ]] && continue
  failed=$((failed + 1))
  echo "FAILED: $mode of the valid server drawn from seed $seed (exit $status): ringpool $mode --target variant:$seed --profile vendor"
  grep -m1 -E '^(ringpool serve: the valid server|  drawn)' "$work/$mode-$seed.txt" || true
  grep -m3 -E 'FAIL|failed|expected' "$work/$mode-$seed.txt" | sed 's/^/  /' || true
done <<<"$results"
conform_ok=$(awk '$2 == "conform" && $3 == 0' <<<"$results" | wc -l)
check_ok=$(awk '$2 == "check" && $3 == 0' <<<"$results" | wc -l)
printf 'conform (vendor): %d of %d drawn valid servers passed (seeds %d-%d)\n' "$conform_ok" "$servers" "$first" $((first + servers - 1))
printf 'check (vendor, %d runs each): %d of %d drawn valid servers passed\n' "$check_runs" "$check_ok" "$check_servers"
if [[ $load_servers -gt 0 ]]; then
  load_ok=$(awk '$2 == "load" && $3 == 0' <<<"$results" | wc -l)
  printf 'load (vendor, %d s each, clock at 600x where it can move): %d of %d drawn valid servers without a violation\n' "$load_seconds" "$load_ok" "$load_servers"
fi
printf 'wall time %.0f s with %d jobs; load average %s\n' "$elapsed" "$jobs" "$(cut -d' ' -f1-3 /proc/loadavg)"
if [[ $failed -gt 0 ]]; then
  echo "shrink one: RINGPOOL_VALID_FIRST_SEED=SEED RINGPOOL_VALID_SERVERS=1 build-fuzz/tests/test_conformance --run_test=valid_space"
  exit 1
fi
