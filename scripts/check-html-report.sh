#!/usr/bin/env bash
# Renders an HTML conformance report with headless Chromium and prints the screenshot's path, to
# look at the page as a person would (the page is self-contained, so no network is needed).
# Usage: scripts/check-html-report.sh [REPORT.html [OUT.png]]
#   REPORT.html  default: reports/report.html
#   OUT.png      default: REPORT.html with .png instead of .html
# Environment: WINDOW_SIZE (default 1280,2400), CHROMIUM (default: chromium).
# Exit codes: 0 screenshot written, 1 rendering failed, 2 usage error or chromium missing.
set -euo pipefail

html="${1:-reports/report.html}"
if [ "$#" -gt 2 ] || [ "$html" = "-h" ] || [ "$html" = "--help" ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
if [ ! -f "$html" ]; then
  echo "check-html-report: no such file: $html" >&2
  exit 2
fi
png="${2:-${html%.html}.png}"
chromium="${CHROMIUM:-chromium}"
if ! command -v "$chromium" >/dev/null 2>&1; then
  echo "check-html-report: '$chromium' is not installed (Debian: apt-get install chromium); cannot render $html" >&2
  exit 2
fi

html_abs="$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
case "$png" in /*) png_abs="$png" ;; *) png_abs="$(pwd)/$png" ;; esac
mkdir -p "$(dirname "$png_abs")"
rm -f "$png_abs"

# Chromium wants a writable profile directory; keep it out of $HOME and remove it afterwards.
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
log="$profile/chromium.log"
if ! "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars \
    --user-data-dir="$profile" --no-first-run --window-size="${WINDOW_SIZE:-1280,2400}" \
    --screenshot="$png_abs" "file://$html_abs" >"$log" 2>&1 || [ ! -s "$png_abs" ]; then
  echo "check-html-report: chromium could not render $html:" >&2
  tail -n 20 "$log" >&2
  exit 1
fi
echo "$png_abs"
