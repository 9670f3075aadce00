#!/usr/bin/env bash
# Issue 22's measurements of `ringpool serve` under attack (minutes, thousands of connections:
# not part of the test suite). Raises the open-file limit for the server and the clients, then
# runs scripts/attack-serve.py. Usage: scripts/attack-serve.sh [--binary PATH] [--only idle,bodies,...]
set -euo pipefail
cd "$(dirname "$0")/.."
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "attack-serve: ulimit -n $(ulimit -n) (hard $(ulimit -Hn)); load average $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
exec python3 scripts/attack-serve.py "$@"
