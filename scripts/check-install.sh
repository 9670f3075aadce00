#!/usr/bin/env bash
# Installs a build into a temporary prefix and runs the installed `ringpool conform --target
# reference` from another directory: the binary must find its scenarios through its own install
# layout (bin/../share/ringpool), with no path back to the source tree. CTest runs it
# (install_runs_the_suite_from_any_directory); cheap: a file copy and one in-process run of the
# vendor profile (scripts/package.sh runs the default profile from the installed package).
# Usage: scripts/check-install.sh [BUILD_DIR]   (default: build/)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$(cd "${1:-$root/build}" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"
cmake --install "$build_dir" --prefix "$prefix" >/dev/null

fail() { echo "check-install: $*" >&2; exit 1; }
[ -x "$prefix/bin/ringpool" ] || fail "no bin/ringpool under the prefix"
# Scenario files (scenarios/plans/ holds capacity plans for `ringpool simulate`, not scenarios).
count_scenarios() { find "$1" -path "$1/plans" -prune -o -name '*.toml' -print | wc -l; }
installed_scenarios="$(count_scenarios "$prefix/share/ringpool/scenarios")"
shipped_scenarios="$(count_scenarios "$root/scenarios")"
[ "$installed_scenarios" -eq "$shipped_scenarios" ] ||
  fail "installed $installed_scenarios scenario files, the source has $shipped_scenarios"
for file in share/ringpool/targets/default-world.toml share/doc/ringpool/VENDORS.md share/doc/ringpool/CHECK.md \
            share/doc/ringpool/LOAD.md share/doc/ringpool/TRANSPORT.md share/ringpool/scenarios/plans/README.md; do
  [ -f "$prefix/$file" ] || fail "$file is not installed"
done
# The old way found scenarios through a compiled-in source path; nothing of the kind is left.
if grep -qF "$root/scenarios" "$prefix/bin/ringpool"; then fail "the binary has the source tree's path compiled in"; fi

# Run from an empty directory elsewhere, with the source tree out of reach of relative paths.
mkdir "$work/elsewhere"
cd "$work/elsewhere"
output="$("$prefix/bin/ringpool" conform --target reference --profile vendor --report "$work/elsewhere/out" 2>&1)" ||
  fail "the installed suite did not pass: $(tail -n 20 <<<"$output")"
grep -qF "suite: $shipped_scenarios scenarios from $prefix/share/ringpool/scenarios" <<<"$output" ||
  fail "it did not run the installed scenarios: $(grep '^suite:' <<<"$output" || echo '(no suite line)')"
[ -f "$work/elsewhere/out/report.html" ] || fail "no report written"
echo "check-install: the installed ringpool ran $shipped_scenarios scenarios from $prefix/share/ringpool (passed)"
