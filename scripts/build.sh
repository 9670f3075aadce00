#!/usr/bin/env bash
# Configures and builds ringpool. Prints the build directory on its last line.
# Usage: scripts/build.sh [--tests | --sanitize | --release]
#   (none)      the product: GCC -O2, warnings are errors, the `ringpool` binary and the benchmarks'
#               sources (compiled, not run), no tests, in build/ — what conform.sh and package.sh use
#   --tests     the test build CI runs (scripts/test.sh): clang-16 with AddressSanitizer,
#               UndefinedBehaviorSanitizer and libFuzzer coverage; the product, every test
#               executable and the fuzz/ targets, in build-fuzz/ (also the build scripts/fuzz.sh uses;
#               --fuzz is the same)
#   --sanitize  the tests under ASan+UBSan with GCC instead, in build-asan/
#   --release   -O3 and the benchmarks for scripts/bench.sh, in build-release/
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$root/build"
# Optimised without debug info by default: debug info costs more compile time than the optimiser.
build_type=Release
flags=(-DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DRINGPOOL_BUILD_TESTS=OFF -DRINGPOOL_BUILD_BENCH=ON)
sanitize=OFF
fuzz=OFF
# Unity batches parse the heavy headers (nlohmann, fmt, toml++, Boost) once per batch: the product
# build uses them. The test build compiles the product's files one by one instead, so that a file
# that forgets an include fails CI (a batch would lend it its neighbours' includes), and so that one
# changed file recompiles alone; its test files compile in batches (tests/CMakeLists.txt).
unity=ON
compiler=()
for arg in "$@"; do
  case "$arg" in
    --sanitize) build_dir="$root/build-asan"; sanitize=ON; build_type=Debug; unity=OFF
                flags=(-DCMAKE_CXX_FLAGS_DEBUG="-O0 -g1") ;;
    --release) build_dir="$root/build-release"; build_type=Release
               flags=(-DCMAKE_CXX_FLAGS_RELEASE="-O3 -DNDEBUG" -DRINGPOOL_BUILD_BENCH=ON -DRINGPOOL_BUILD_TESTS=OFF) ;;
    # -O1: libFuzzer wants executions per second, and the suite spends its time in product code
    # (at -O0 under the sanitizers it compiled in half the time but one test took 823 s instead of
    # 4 minutes). Line tables (-gline-tables-only) give file and line in every report for a
    # fraction of -g's compile time.
    --tests|--fuzz) build_dir="$root/build-fuzz"; fuzz=ON; build_type=Debug; unity=OFF
            flags=(-DCMAKE_CXX_FLAGS_DEBUG="-O1 -gline-tables-only")
            compiler=(-DCMAKE_CXX_COMPILER="${RINGPOOL_CLANG:-clang++-16}") ;;
    *) echo "build.sh: unknown option '$arg' (known: --tests, --sanitize, --release)" >&2; exit 2 ;;
  esac
done
# ccache, when installed, makes rebuilds (other worktrees, a clean clone on this machine) cheap.
# The objects name files relative to the checkout (-ffile-prefix-map, in CMakeLists.txt) and no
# build path is compiled in, so a fresh clone hits the cache for every object.
launcher=()
if command -v ccache >/dev/null 2>&1; then
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  # BASEDIR: the compiler's command lines name files under the checkout relatively, so they hash
  # the same in every clone. NOHASHDIR: with line tables ccache otherwise hashes the working
  # directory.
  export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=1 CCACHE_SLOPPINESS=time_macros,include_file_mtime,include_file_ctime
fi
# Ninja schedules both cores across targets and logs each step's time (.ninja_log); a build
# directory configured earlier with another generator keeps it.
generator=()
if command -v ninja >/dev/null 2>&1 && ! grep -qs '^CMAKE_GENERATOR:INTERNAL=' "$build_dir/CMakeCache.txt"; then
  generator=(-G Ninja)
fi
cmake -S "$root" -B "$build_dir" "${generator[@]}" -DCMAKE_BUILD_TYPE="$build_type" -DRINGPOOL_WERROR=ON \
      -DCMAKE_UNITY_BUILD="$unity" -DCMAKE_UNITY_BUILD_BATCH_SIZE=16 \
      -DRINGPOOL_SANITIZE="$sanitize" -DRINGPOOL_FUZZ="$fuzz" "${compiler[@]}" "${launcher[@]}" "${flags[@]}" >/dev/null
cmake --build "$build_dir" -j"$(nproc)" >&2
echo "$build_dir"
