#!/usr/bin/env bash
# Sets everything up and runs the main job on the embedded default world: installs missing
# packages, builds, starts `ringpool serve`, and walks through a curl session against the
# management API (create, read, list, update, delete). The server is stopped at the end; run
# `build/cli/ringpool serve` yourself to keep one running.
# Usage: scripts/demo.sh   (RINGPOOL_PORT=N to use another port than 8080)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
port="${RINGPOOL_PORT:-8080}"
"$root/scripts/install-deps.sh"
build_dir="$("$root/scripts/build.sh" | tail -n 1)"
ringpool="$build_dir/cli/ringpool"

log="$(mktemp)"
"$ringpool" serve --port "$port" >"$log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 50); do
  grep -q "listening on" "$log" && break
  kill -0 "$server" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 0.1
done
head -n 1 "$log"

base="http://127.0.0.1:$port/api/2022-08-01/1/advertisers/adv-1/advertiser_campaigns/camp-1/ring_pools"
run() {
  echo
  echo "\$ $*"
  "$@"
  echo
}
run curl -s -H 'Authorization: demo-token' -H 'Content-Type: application/json' -X POST "$base.json" \
  -d '{"id_from_network":"demo-pool","name":"Demo pool","max_pool_size":3,"fill_immediately":true,"destination_phone_number":"888-111-2222"}'
run curl -s -H 'Authorization: demo-token' "$base/demo-pool.json"
run curl -s -H 'Authorization: demo-token' -X PUT "$base/demo-pool.json" -d '{"name":"Demo pool, renamed","lifetime_seconds":600}'
run curl -s "$base.json?oauth_token=demo-token"
run curl -s -i -H 'Authorization: wrong-token' "$base.json"
run curl -s -H 'Authorization: demo-token' -X DELETE "$base/demo-pool.json"
echo
echo "demo: done. Server log:"
tail -n +2 "$log"
