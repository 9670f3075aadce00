#!/usr/bin/env bash
# Configures and builds ringpool. Usage: scripts/build.sh [--sanitize] [--release] [--fuzz]
# (--release: -O3, the benchmarks and no tests, in build-release/, for scripts/bench.sh;
#  --fuzz: clang-16 with ASan+UBSan and libFuzzer coverage, the tests and the fuzz/ targets, in
#  build-fuzz/ — the sanitizer build CI runs, and the one scripts/fuzz.sh uses)
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
fuzz=OFF
compiler=()
for arg in "$@"; do
  case "$arg" in
    --sanitize) build_dir="$root/build-asan"; sanitize=ON; build_type=Debug
                flags=(-DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1 -ffile-prefix-map=$root=.") ;;
    --release) build_dir="$root/build-release"; build_type=Release
               flags=(-DCMAKE_CXX_FLAGS_RELEASE="-O3 -DNDEBUG" -DRINGPOOL_BUILD_BENCH=ON -DRINGPOOL_BUILD_TESTS=OFF) ;;
    # -O1: libFuzzer wants speed (executions per second), the tests and ASan want line tables.
    # -ffile-prefix-map: debug info names files relative to the checkout, so that ccache can share
    # objects between clones (CI builds a fresh one); no precompiled headers: CMake passes clang
    # the PCH by absolute path behind -Xclang, where ccache cannot rewrite it, so every object
    # using one missed the cache in a fresh clone (a warm CI build now hits for every object).
    --fuzz) build_dir="$root/build-fuzz"; fuzz=ON; build_type=Debug
            flags=(-DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1 -ffile-prefix-map=$root=." -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON)
            compiler=(-DCMAKE_CXX_COMPILER="${RINGPOOL_CLANG:-clang++-16}") ;;
    *) echo "build.sh: unknown option '$arg' (known: --sanitize, --release, --fuzz)" >&2; exit 2 ;;
  esac
done
# Unity builds compile each target's sources in batches, so the heavy headers (nlohmann, fmt,
# toml++, Boost.Test) are parsed once per batch instead of once per file: 2.6x faster on 2 cores.
# ccache, when installed, makes rebuilds (other worktrees, a clean clone on this machine) cheap;
# the sloppiness settings let it cache objects compiled against CMake's precompiled headers.
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # NOHASHDIR: with -g (the sanitizer and fuzz builds) ccache otherwise hashes the working
  # directory, so a fresh clone (CI's) missed the cache for every object of those builds.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 \
         CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
fi
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DRINGPOOL_WERROR=ON \
      -DCMAKE_UNITY_BUILD=ON -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 \
      -DRINGPOOL_SANITIZE="$sanitize" -DRINGPOOL_FUZZ="$fuzz" "${compiler[@]}" "${launcher[@]}" "${flags[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" >&2
echo "$build_dir"
