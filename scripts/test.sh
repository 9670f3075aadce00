#!/usr/bin/env bash
# Sets everything up and runs the whole test suite: installs missing Debian packages, builds with
# -Wall -Wextra -Werror, runs every test through CTest and ends with "tests: N passed, N failed".
# Usage: scripts/test.sh [--sanitize | --fuzz]   (--sanitize: GCC ASan+UBSan build in build-asan/;
#        --fuzz: clang-16 ASan+UBSan build with libFuzzer coverage and the fuzz targets, in build-fuzz/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build_dir="$("$root/scripts/build.sh" "$@" | tail -n 1)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
status=0
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir "$build_dir" --output-on-failure -j"$(nproc)" 2>&1 | tee "$log" || status=$?
summary="$(grep -E '[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1 || true)"
if [ -z "$summary" ]; then
  echo "tests: 0 passed, 1 failed (ctest printed no summary; see above)"
  exit 1
fi
failed="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")"
total="$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$summary")"
echo "tests: $((total - failed)) passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
