#!/usr/bin/env bash
# Benchmark of the organisation's archive on the 10,000-member benchmark organisation: how long
# the download takes, how large it is, how many rows it holds, and how much memory the server
# holds at its peak compared with before the download (the archive is streamed, so the peak
# should not grow with the organisation).
#
#   ./scripts/bench-archive.sh
# Environment: DRAAGKRACHT_SKIP_BUILD=1 to skip the build; BENCH_SIGNALS to change the size
# (default: the benchmark organisation's 2,000,000 signals).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
source scripts/env.sh
source scripts/lib.sh
if [ -z "${DRAAGKRACHT_SKIP_BUILD:-}" ]; then
  cargo leptos build --release --precompress --split
fi
bin="$CARGO_TARGET_DIR/release/draagkracht"
data=$(mktemp -d /tmp/draagkracht-bench-archive.XXXXXX)
port=$(free_port)
export DATABASE_URL="sqlite://$data/bench.db" DRAAGKRACHT_ADDR="127.0.0.1:$port" RUST_LOG=info
base="http://127.0.0.1:$port"

echo "generating the benchmark organisation (takes a few minutes)"
"$bin" bench-data --leader-password draagkracht-bench ${BENCH_SIGNALS:+--signals "$BENCH_SIGNALS"} >/dev/null
# The benchmark organisation has no admin with a password; its first leader becomes one.
python3 - "$data/bench.db" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("UPDATE users SET is_admin = 1 WHERE email = 'p00001@bench.test'")
db.commit()
PY
"$bin" serve >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
wait_for_health "$base"
# The background jobs run once at start; the measurement begins after both are done.
for _ in $(seq 1 600); do
  grep -q "rules evaluated for every team\|background rule evaluation failed" "$data/server.log" &&
    grep -q "retention periods applied\|retention job failed" "$data/server.log" && break
  sleep 0.5
done

jar="$data/cookies"
curl -fs -c "$jar" -o /dev/null -H 'Accept: application/json' \
  --data-urlencode "email=p00001@bench.test" --data-urlencode "password=draagkracht-bench" "$base/api/login"
cookie=$(awk '$6 == "draagkracht_session" { print $6 "=" $7 }' "$jar")
[ -n "$cookie" ] || { echo "log-in failed" >&2; exit 1; }

rss() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }
before=$(rss)
peak=$before
curl -fs -H "Cookie: $cookie" -o "$data/archive.zip" -w '%{time_total} %{size_download}\n' \
  "$base/admin/archive.zip" >"$data/curl.txt" &
download=$!
while kill -0 "$download" 2>/dev/null; do
  now=$(rss); [ "$now" -gt "$peak" ] && peak=$now
  sleep 0.05
done
wait "$download"
read -r seconds bytes <"$data/curl.txt"
rows=$(python3 - "$data/archive.zip" <<'PY'
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    assert z.testzip() is None, "a damaged entry"
    manifest = json.loads(z.read("manifest.json"))
print(sum(f["rows"] for f in manifest["files"]))
PY
)
python3 - "$rows" "$bytes" "$seconds" "$before" "$peak" <<'PY'
import sys
rows, size, seconds, before, peak = sys.argv[1:]
print(f"archive: {int(rows):,} rows in 30 files, {int(size) / 1e6:.1f} MB in {float(seconds):.1f} s")
print(f"server memory (RSS): {int(before) / 1024:.0f} MB before, {int(peak) / 1024:.0f} MB at the peak of the download (+{(int(peak) - int(before)) / 1024:.0f} MB)")
PY
