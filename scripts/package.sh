#!/usr/bin/env bash
# Builds the Debian package of ringpool with CPack from the product build (scripts/build.sh without
# options: GCC, -O2, no tests, so nothing is compiled twice and no test tool is needed), and prints
# its path and how long it took. The package holds bin/ringpool, share/ringpool/{scenarios,targets,
# worlds} and the guides under share/doc/ringpool. Run as root it then installs it with apt, as a
# vendor would, and runs `ringpool conform --target reference` from /tmp with the installed binary.
# packaging/Dockerfile turns the .deb into a container image (see there).
# Usage: scripts/package.sh [--no-install]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
install=yes
for arg in "$@"; do
  case "$arg" in
    --no-install) install=no ;;
    *) echo "package.sh: unknown option '$arg' (known: --no-install)" >&2; exit 2 ;;
  esac
done
started=$SECONDS
build_dir="$("$root/scripts/build.sh" | tail -n 1)"
rm -f "$build_dir"/ringpool_*.deb
(cd "$build_dir" && cpack -G DEB >/dev/null)
deb="$(ls "$build_dir"/ringpool_*.deb)"
echo "package: $deb (built in $((SECONDS - started)) s)"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\):/  \1:/p'
echo "  container: docker build -f packaging/Dockerfile -t ringpool $build_dir"

if [ "$install" = no ] || [ "$(id -u)" -ne 0 ]; then
  [ "$install" = yes ] && echo "package.sh: not root, so not installing it (sudo apt install $deb)"
  exit 0
fi
apt-get install -y "$deb" >/dev/null   # the path starts with '/', so apt takes it as a file
cd /tmp
report="$(mktemp -d)"
ringpool conform --target reference --quiet --report "$report"
echo "package.sh: the installed ringpool ($(command -v ringpool)) passed the suite from /tmp; reports in $report"
