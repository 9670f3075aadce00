#!/usr/bin/env bash
# Configures and builds ringpool. Usage: scripts/build.sh [--sanitize] [--release]
# Prints the build directory on its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build"
build_type=RelWithDebInfo
sanitize=OFF
for arg in "$@"; do
  case "$arg" in
    --sanitize) build_dir="$root/build-asan"; sanitize=ON; build_type=Debug ;;
    --release) build_dir="$root/build-release"; build_type=Release ;;
    *) echo "build.sh: unknown option '$arg' (known: --sanitize, --release)" >&2; exit 2 ;;
  esac
done
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DRINGPOOL_WERROR=ON \
      -DRINGPOOL_SANITIZE="$sanitize" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" >&2
echo "$build_dir"
