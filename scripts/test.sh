#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: installs missing Debian packages (with the
# test ones), builds the test build — clang-16 with AddressSanitizer + UndefinedBehaviorSanitizer,
# warnings as errors, -O0, the product file by file and the tests in unity batches, in build-fuzz/
# (scripts/build.sh --tests) — runs every test
# through CTest and ends with "tests: N passed, N failed". This is the command CI runs.
# Usage: scripts/test.sh [--sanitize] [--slow]   (--sanitize: the same suite built with GCC instead, in
#        build-asan/; --slow: also the cases labelled slow, minutes each, which CI leaves out)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mode=--tests
labels=(-LE slow)
for arg in "$@"; do
  case "$arg" in
    --sanitize|--tests|--fuzz) mode="$arg" ;;
    --slow) labels=() ;;
    *) echo "test.sh: unknown option '$arg' (known: --sanitize, --slow)" >&2; exit 2 ;;
  esac
done
"$root/scripts/install-deps.sh" --with-tests
build_dir="$("$root/scripts/build.sh" "$mode" | tail -n 1)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir "$build_dir" "${labels[@]}" --output-on-failure -j"$(nproc)" 2>&1 | tee "$log" || status=$?
summary="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
if [ -z "$summary" ]; then
  echo "tests: 0 passed, 1 failed (ctest printed no summary; see above)"
  exit 1
fi
failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")"
total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$summary")"
echo "tests: $((total - failed)) passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
