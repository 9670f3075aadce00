#!/usr/bin/env bash
# Configures and builds ringpool. Usage: scripts/build.sh [--sanitize] [--release]
# Prints the build directory on its last line.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build"
# Optimised without debug info by default: debug info costs more compile time than the
# optimiser, and CI builds everything twice on two cores. The sanitizer build keeps line tables
# (-g1) so that ASan/UBSan reports name files and lines.
build_type=Release
flags=(-DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG")
sanitize=OFF
for arg in "$@"; do
  case "$arg" in
    --sanitize) build_dir="$root/build-asan"; sanitize=ON; build_type=Debug; flags=(-DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1") ;;
    --release) build_dir="$root/build-release"; build_type=Release; flags=(-DCMAKE_CXX_FLAGS_RELEASE="-O3 -DNDEBUG") ;;
    *) echo "build.sh: unknown option '$arg' (known: --sanitize, --release)" >&2; exit 2 ;;
  esac
done
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DRINGPOOL_WERROR=ON \
      -DRINGPOOL_SANITIZE="$sanitize" "${flags[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" >&2
echo "$build_dir"
