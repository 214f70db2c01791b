#!/usr/bin/env bash
# Starts the release build on a fresh SQLite database with the demo seed, for Playwright.
set -euo pipefail
port=$1
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${DRAAGKRACHT_BIN:-${CARGO_TARGET_DIR:-$root/target}/release/draagkracht}
data=$(mktemp -d /tmp/draagkracht-e2e.XXXXXX)
export DATABASE_URL="sqlite://$data/e2e.db"
export DRAAGKRACHT_ADDR="127.0.0.1:$port"
# The address the browser uses (playwright.config.ts): passkeys need a domain name.
export DRAAGKRACHT_PUBLIC_URL="http://localhost:$port"
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-$root/target/site}
exec "$bin" serve --demo-if-empty
