#!/usr/bin/env bash
# Builds the libFuzzer targets (scripts/build.sh --tests: clang-16, ASan+UBSan, in build-fuzz/) and
# runs them. Each target first replays its regression inputs (fuzz/regressions/<target>/: every
# crash ever found), then fuzzes for --seconds on a working corpus seeded from the repository
# (fuzz/seeds/, the scenarios, the worlds, the target files), with its dictionary.
# Prints per target: executions, coverage (edges), features, corpus size, crashes. Exit 1 when a
# regression input or a new input crashes (the input is saved under build-fuzz/artifacts/).
#
# Usage: scripts/fuzz.sh [TARGET ...] [--seconds N] [--jobs N] [--no-build]
#   TARGET: http_bytes service_request bulk_codec scenario_toml world_toml target_description
#           report_json (default: all)
#   --seconds N  fuzzing time per target (default 60; CI uses a few seconds)
#   --jobs N     parallel fuzzing processes per target (libFuzzer -fork; default 1)
# Environment: FUZZ_ARGS: extra libFuzzer flags (e.g. "-max_len=65536"); ASAN_OPTIONS replaces the
# fuzzing defaults below.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
all_targets=(http_bytes service_request bulk_codec scenario_toml world_toml target_description report_json)
seconds=60
jobs=1
build=1
targets=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --jobs) jobs="${2:?--jobs needs a number}"; shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
    *)
      if [[ " ${all_targets[*]} " != *" $1 "* ]]; then
        echo "fuzz.sh: unknown target '$1'; the targets are: ${all_targets[*]}" >&2
        exit 2
      fi
      targets+=("$1"); shift ;;
  esac
done
[ "${#targets[@]}" -gt 0 ] || targets=("${all_targets[@]}")
[[ "$seconds" =~ ^[0-9]+$ ]] || { echo "fuzz.sh: --seconds takes a whole number, not '$seconds'" >&2; exit 2; }

if [ "$build" -eq 1 ]; then
  build_dir="$("$root/scripts/build.sh" --tests | tail -n 1)"
else
  build_dir="$root/build-fuzz"
fi
work="$build_dir/fuzzing"
mkdir -p "$work"

# dictionary TARGET: the dictionary file a target fuzzes with.
dictionary() {
  case "$1" in
    http_bytes|service_request) echo "$root/fuzz/dictionaries/http.dict" ;;
    bulk_codec|report_json) echo "$root/fuzz/dictionaries/json_api.dict" ;;
    *) echo "$root/fuzz/dictionaries/toml.dict" ;;
  esac
}

# target_flags TARGET: libFuzzer flags of one target. A whole report is ~60 KB and the default
# world 20 KB (5,700 numbers to place); the readers' branches are all reached by the small seeds
# in fuzz/seeds/, so longer inputs only slowed these targets several-fold.
target_flags() {
  case "$1" in
    report_json) echo "-max_len=8192" ;;
    world_toml) echo "-max_len=4096" ;;
  esac
}

# seed_corpus TARGET DIR: copies the repository's inputs for a target into DIR.
seed_corpus() {
  local target="$1" dir="$2"
  mkdir -p "$dir"
  [ -d "$root/fuzz/seeds/$target" ] && cp "$root/fuzz/seeds/$target"/* "$dir"/ 2>/dev/null || true
  case "$target" in
    scenario_toml) find "$root/scenarios" -name '*.toml' -not -path '*/plans/*' -exec cp --backup=numbered -t "$dir" {} + ;;
    world_toml) cp "$root"/worlds/*.toml "$dir"/ ;;
    target_description) cp "$root"/conformance/targets/*.toml "$dir"/ ;;
  esac
}

status=0
printf '%-20s %12s %10s %8s %8s %8s  %s\n' target executions exec/s cov ft corpus result
for target in "${targets[@]}"; do
  binary="$build_dir/fuzz/fuzz_$target"
  [ -x "$binary" ] || { echo "fuzz.sh: $binary is missing (build with scripts/build.sh --tests)" >&2; exit 2; }
  corpus="$work/corpus/$target"
  artifacts="$work/artifacts/$target"
  log="$work/$target.log"
  mkdir -p "$corpus" "$artifacts"
  seed_corpus "$target" "$corpus"
  # shellcheck disable=SC2207
  common=(-dict="$(dictionary "$target")" -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$artifacts/"
          $(target_flags "$target"))
  # 1. Every input that ever crashed a target must not crash it again.
  regressions="$root/fuzz/regressions/$target"
  if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions" 2>/dev/null)" ]; then
    if ! "$binary" "${common[@]}" "$regressions"/* >"$work/$target.regressions.log" 2>&1; then
      echo "fuzz.sh: $target crashes on a regression input again:" >&2
      tail -n 30 "$work/$target.regressions.log" >&2
      status=1
      continue
    fi
  fi
  # 2. Fuzz.
  result=ok
  fork=()
  [ "$jobs" -gt 1 ] && fork=(-fork="$jobs" -ignore_crashes=0)
  # A small quarantine and no allocation stacks: 2-3x the executions per second under ASan (the
  # 256 MB default quarantine kept touching fresh pages). Every error is still detected; replay a
  # saved input (build-fuzz/fuzz/fuzz_TARGET INPUT) for the full report.
  # shellcheck disable=SC2086
  if ! ASAN_OPTIONS="${ASAN_OPTIONS:-quarantine_size_mb=16:malloc_context_size=0:max_malloc_fill_size=0}" "$binary" "${common[@]}" "${fork[@]}" -max_total_time="$seconds" -print_final_stats=1 ${FUZZ_ARGS:-} \
       "$corpus" >"$log" 2>&1; then
    result="CRASH (input in ${artifacts#"$root"/}; log ${log#"$root"/})"
    status=1
  fi
  executions="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)"
  [ -n "$executions" ] || executions="$(grep -oE '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')"
  rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)"
  # Status lines: "#N REDUCE cov: ..." one process, "#N: cov: ..." with --jobs (fork mode, whose
  # final stats lines are absent). No match must not end the script (set -e, pipefail).
  last="$(grep -E '((DONE|pulse|NEW|REDUCE|INITED) +|^#[0-9]+: )cov:' "$log" | tail -n 1 || true)"
  cov="$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")"
  ft="$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")"
  printf '%-20s %12s %10s %8s %8s %8s  %s\n' "$target" "${executions:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" \
    "$(ls "$corpus" | wc -l)" "$result"
  [ "$result" = ok ] || tail -n 40 "$log" >&2
done
exit "$status"
