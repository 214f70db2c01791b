#!/usr/bin/env bash
# First-load benchmark: the release build on a fresh demo database, every main page as the role
# that uses it, in headless Chromium with a cold cache, on Lighthouse's mobile profile (Slow 4G,
# CPU 4x slower) and on an unthrottled desktop. Prints KB transferred, first contentful paint
# and time to interactive per page. Not part of .ci/run (it measures, it does not judge).
#
#   ./scripts/bench-first-load.sh [runs]      # default 3 cold runs per page and profile
# Set DRAAGKRACHT_SKIP_BUILD=1 to measure the build that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
./scripts/setup.sh >/dev/null
source scripts/env.sh
if [ -z "${DRAAGKRACHT_SKIP_BUILD:-}" ]; then
  cargo leptos build --release --precompress
fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
bash end2end/serve-for-tests.sh "$port" >/tmp/draagkracht-bench-first-load.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.2
done
wasm=$(ls "$LEPTOS_SITE_ROOT"/pkg/*.wasm | head -1)
printf 'wasm: %s bytes raw' "$(stat -c %s "$wasm")"
[ -f "$wasm.br" ] && printf ', %s bytes brotli (precompressed)' "$(stat -c %s "$wasm.br")"
printf ', %s bytes gzip -9\n' "$(gzip -9c "$wasm" | wc -c)"
(cd end2end && node bench/first-load.mjs "http://127.0.0.1:$port" "${1:-3}")
