#!/usr/bin/env bash
# Installs the Debian packages a job needs, and only those. Idempotent: packages already present
# are left alone, and apt-get runs only when something is missing.
# Usage: scripts/install-deps.sh [--with-tests] [--with-bench] [--with-browser]
#   (none)          build and run the product (`ringpool`, scripts/conform.sh, the .deb): GCC,
#                   CMake and the libraries it links
#   --with-tests    the test build (scripts/test.sh, scripts/fuzz.sh): adds Boost.Test, RapidCheck,
#                   clang 16 with its sanitizer runtimes and libFuzzer, libhttp-parser (the http_bytes
#                   fuzzer's differential oracle)
#   --with-bench    scripts/bench.sh's anchors: wrk, SimPy
#   --with-browser  scripts/check-html-report.sh: chromium
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git ca-certificates curl ccache
  libboost1.81-dev libboost-url1.81-dev nlohmann-json3-dev libcpp-httplib-dev
  libtomlplusplus-dev libcli11-dev libpugixml-dev libfmt-dev libssl-dev
)
for arg in "$@"; do
  case "$arg" in
    # The tests' libraries and the sanitizer + fuzz build (scripts/build.sh --tests): clang 16,
    # its ASan/UBSan runtimes, libFuzzer.
    --with-tests) packages+=(libboost-test1.81-dev librapidcheck-dev libyaml-dev clang-16 libclang-rt-16-dev libfuzzer-16-dev libhttp-parser-dev) ;;
    --with-bench) packages+=(wrk python3-simpy) ;;
    --with-browser) packages+=(chromium) ;;
    *) echo "install-deps.sh: unknown option '$arg' (known: --with-tests, --with-bench, --with-browser)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run this script as root (or with sudo) to install them" >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
