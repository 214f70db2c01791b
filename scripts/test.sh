#!/usr/bin/env bash
# The whole test suite: lint, unit and property tests, integration tests through the real
# router against SQLite and a throwaway PostgreSQL, then Playwright in headless Chromium
# against the release build.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
./scripts/setup.sh
source scripts/env.sh
source scripts/lib.sh
# Incremental caches are for editing, not for one-off test runs; they would pile up per clone.
export CARGO_INCREMENTAL=0
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

PGDIR=$(mktemp -d /tmp/draagkracht-pg.XXXXXX)
cleanup() { "$ROOT/scripts/pg.sh" stop "$PGDIR"; }
trap cleanup EXIT

step "format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --features app/ssr -- -D warnings

step "throwaway PostgreSQL"
export DRAAGKRACHT_TEST_PG_URL=$("$ROOT/scripts/pg.sh" start "$PGDIR" "$(free_port)")
echo "$DRAAGKRACHT_TEST_PG_URL"

step "unit, property and integration tests (SQLite and PostgreSQL)"
cargo test --workspace --features app/ssr

step "release build"
cargo leptos build --release --precompress --split
wasm=$(main_wasm)
printf 'wasm bundle: %s bytes raw, %s bytes brotli, %s bytes gzip\n' \
  "$(stat -c %s "$wasm")" "$(stat -c %s "$wasm.br")" "$(stat -c %s "$wasm.gz")"

step "end-to-end tests in headless Chromium"
export DRAAGKRACHT_BIN="$CARGO_TARGET_DIR/release/draagkracht"
(cd end2end && npx playwright test)
