#!/usr/bin/env bash
# Installs the Debian packages ringpool builds and tests with. Idempotent: packages already
# present are left alone, and apt-get runs only when something is missing.
# Usage: scripts/install-deps.sh [--with-bench] [--with-browser]
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates curl ccache
  libboost1.81-dev libboost-test1.81-dev libboost-url1.81-dev nlohmann-json3-dev libcpp-httplib-dev librapidcheck-dev
  libtomlplusplus-dev libcli11-dev libpugixml-dev libfmt-dev libssl-dev
  libyaml-dev  # the Kubernetes recipe test of ringpool simulate reads YAML
  # The sanitizer + fuzz build (scripts/build.sh --fuzz): clang 16, its ASan/UBSan runtimes, libFuzzer.
  clang-16 libclang-rt-16-dev libfuzzer-16-dev
)
for arg in "$@"; do
  case "$arg" in
    --with-bench) packages+=(wrk python3-simpy) ;;
    --with-browser) packages+=(chromium) ;;
    *) echo "install-deps.sh: unknown option '$arg' (known: --with-bench, --with-browser)" >&2; exit 2 ;;
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
