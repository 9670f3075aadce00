#!/usr/bin/env bash
# The Debian package as a vendor gets it, checked without installing anything (CTest runs it:
# package_dockerfile_and_vendor_ci_examples):
#   1. CPack builds the .deb from BUILD_DIR (what scripts/package.sh does after the product build);
#   2. packaging/Dockerfile agrees with it: Debian 12 base, a COPY line that matches the file name,
#      every path the image relies on inside the package, every Depends: package in bookworm's
#      archive (the apt cache of this Debian 12 machine);
#   3. the package unpacked (dpkg-deb -x): every guide and file the installed binary's --help names
#      is in it;
#   4. the CI examples of VENDORS.md run as written (packaging/ci_examples.py) with the unpacked
#      binary against its own `ringpool serve --variant`: a first run that records the baseline,
#      then a run against it.
# Usage: packaging/check-package.sh BUILD_DIR
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$(cd "${1:?usage: check-package.sh BUILD_DIR}" && pwd)"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "check-package: $*" >&2; exit 1; }

# 1. The package, into a folder of its own (the build folder's own .deb files stay as they are).
cpack --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/package" >/dev/null
deb="$(ls "$work"/package/ringpool_*.deb)"
[ "$(wc -w <<<"$deb")" -eq 1 ] || fail "expected one .deb, got: $deb"
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' >"$work/files"

# 2. The Dockerfile.
dockerfile="$root/packaging/Dockerfile"
grep -qE '^FROM debian:bookworm(-slim)?$' "$dockerfile" || fail "the Dockerfile's base is not Debian 12 (bookworm)"
pattern="$(sed -n 's/^COPY \(ringpool_[^ ]*\.deb\) .*/\1/p' "$dockerfile")"
[ -n "$pattern" ] || fail "no 'COPY ringpool_*.deb' line in the Dockerfile"
# shellcheck disable=SC2053 # the COPY source is a glob, matched as one
[[ "$(basename "$deb")" == $pattern ]] || fail "the Dockerfile copies $pattern, the package is $(basename "$deb")"
for path in $(grep -oE '/usr/[A-Za-z0-9_./-]+' "$dockerfile" | sort -u); do
  grep -qxF "$path" "$work/files" || fail "the Dockerfile relies on $path, which the package does not hold"
done
depends="$(dpkg-deb -f "$deb" Depends)"
for dependency in $(tr ',' '\n' <<<"$depends" | sed 's/[( ].*//; s/^ *//' | sort -u); do
  apt-cache show "$dependency" >/dev/null 2>&1 || fail "Depends: $dependency is not in bookworm's archive"
done

# 3. The unpacked package: every file its help names.
unpacked="$work/root"
dpkg-deb -x "$deb" "$unpacked"
ringpool="$unpacked/usr/bin/ringpool"
[ -x "$ringpool" ] || fail "no usr/bin/ringpool in the package"
for subcommand in serve conform check load simulate; do
  for named in $(cd "$work" && "$ringpool" "$subcommand" --help | grep -oE "$unpacked/[A-Za-z0-9_./-]+" | sort -u); do
    [ -e "$named" ] || fail "ringpool $subcommand --help names ${named#"$unpacked"}, which the package does not hold"
  done
done
for guide in VENDORS.md CHECK.md LOAD.md TRANSPORT.md; do
  grep -qxF "/usr/share/doc/ringpool/$guide" "$work/files" || fail "the package lacks /usr/share/doc/ringpool/$guide"
done

# 4. The CI examples, against the package's own server.
"$ringpool" serve --variant --port 0 --control --control-token ci-control --quiet >"$work/serve.log" 2>&1 &
server_pid=$!
port=""
for _ in $(seq 1 100); do
  port="$(sed -n 's|.*http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$work/serve.log" | head -n 1)"
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || fail "ringpool serve --variant did not start: $(cat "$work/serve.log")"
python3 "$root/packaging/ci_examples.py" "$unpacked/usr/share/doc/ringpool/VENDORS.md" --root "$unpacked" --deb "$deb" \
  --url "http://127.0.0.1:$port" --target-file "$unpacked/usr/share/ringpool/targets/variant.toml" \
  --token demo-token --control-token ci-control --work "$work/ci"
echo "check-package: $(basename "$deb"): Dockerfile, help paths and the VENDORS.md CI examples agree with the package"
