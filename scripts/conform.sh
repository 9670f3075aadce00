#!/usr/bin/env bash
# The main job on the embedded defaults: installs missing Debian packages, builds, and runs the
# whole conformance suite against the in-process reference with every check (the reference
# profile). Ends by printing where the HTML report is. Extra arguments go to `ringpool conform`,
# e.g. scripts/conform.sh --target http://127.0.0.1:8080 --control-token T --profile vendor
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/install-deps.sh"
build_dir="$("$root/scripts/build.sh" | tail -n 1)"
cd "$root"
if [ "$#" -eq 0 ]; then
  set -- --target reference --profile reference
fi
exec "$build_dir/cli/ringpool" conform --report "$root/reports/out" "$@"
