#!/usr/bin/env bash
# Builds the release app and starts it on the embedded SQLite database at http://127.0.0.1:3000,
# with demo data on first start.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh
source scripts/env.sh
cargo leptos build --release --precompress --split
exec "$CARGO_TARGET_DIR/release/draagkracht" serve --demo-if-empty "$@"
