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
source scripts/lib.sh
if [ -z "${DRAAGKRACHT_SKIP_BUILD:-}" ]; then
  cargo leptos build --release --precompress --split
fi
port=$(free_port)
bash end2end/serve-for-tests.sh "$port" >/tmp/draagkracht-bench-first-load.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
wait_for_health "http://127.0.0.1:$port"
wasm=$(main_wasm)
for file in "$wasm" $(ls "$LEPTOS_SITE_ROOT"/pkg/*.wasm | grep -v "^$wasm$"); do
  printf '%-40s %9s bytes raw, %8s brotli\n' "$(basename "$file")" "$(stat -c %s "$file")" "$(stat -c %s "$file.br")"
done
(cd end2end && node bench/first-load.mjs "http://127.0.0.1:$port" "${1:-3}")
