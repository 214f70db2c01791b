#!/usr/bin/env bash
# HTTP load benchmark: wrk (Debian) against the team leader's balance page and the static CSS,
# in the same run, with the headers a browser sends. Prints requests/s, p50 and p99 for both
# and the page's share of the static file's requests/s.
#
#   ./scripts/bench-http.sh               # the demo data (a fresh SQLite database)
#   ./scripts/bench-http.sh bench-data    # team 1 of the 10,000-member benchmark organisation
# Environment: CONNECTIONS (50), DURATION (15s), DRAAGKRACHT_SKIP_BUILD=1 to skip the build.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/setup.sh >/dev/null
source scripts/env.sh
source scripts/lib.sh
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }
if [ -z "${DRAAGKRACHT_SKIP_BUILD:-}" ]; then
  cargo leptos build --release --precompress --split
fi
bin="$CARGO_TARGET_DIR/release/draagkracht"
connections=${CONNECTIONS:-50}
duration=${DURATION:-15s}
data=$(mktemp -d /tmp/draagkracht-bench-http.XXXXXX)
port=$(free_port)
export DATABASE_URL="sqlite://$data/bench.db" DRAAGKRACHT_ADDR="127.0.0.1:$port" RUST_LOG=warn
base="http://127.0.0.1:$port"

if [ "${1:-demo}" = "bench-data" ]; then
  echo "generating the benchmark organisation (takes a few minutes)"
  "$bin" bench-data --leader-password draagkracht-bench >/dev/null
  email=p00001@bench.test password=draagkracht-bench
  "$bin" serve >"$data/server.log" 2>&1 &
else
  email=leider@linde.demo password=draagkracht-demo
  "$bin" serve --demo-if-empty >"$data/server.log" 2>&1 &
fi
server=$!
trap 'kill $server 2>/dev/null || true; rm -rf "$data"' EXIT
wait_for_health "$base"

jar="$data/cookies"
curl -fs -c "$jar" -o /dev/null -H 'Accept: application/json' \
  --data-urlencode "email=$email" --data-urlencode "password=$password" "$base/api/login"
cookie=$(awk '$6 == "draagkracht_session" { print $6 "=" $7 }' "$jar")
[ -n "$cookie" ] || { echo "log-in failed" >&2; exit 1; }
team=$(curl -fs -H "Cookie: $cookie" "$base/" | grep -o 'href="/teams/[0-9]*/balance"' | head -1 | grep -o '[0-9]\+')
page="$base/teams/$team/balance"
css="$base$(curl -fs "$base/login" | grep -o '/pkg/[^"]*\.css' | head -1)"
for url in "$page" "$css"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$url")
  [ "$status" = 200 ] || { echo "$url answered $status" >&2; exit 1; }
done

run() { # name url
  wrk -t2 -c"$connections" -d"$duration" --latency \
    -H "Cookie: $cookie" -H 'Accept-Encoding: gzip, deflate, br' \
    -H 'Accept: text/html,application/xhtml+xml,*/*;q=0.8' "$2" >"$data/$1.txt"
  if grep -q 'Non-2xx' "$data/$1.txt"; then
    echo "$1: some answers were not 200:" >&2; cat "$data/$1.txt" >&2; exit 1
  fi
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ { print $2 }' "$data/$1.txt")
  p50=$(awk '$1 == "50%" { print $2 }' "$data/$1.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$data/$1.txt")
  printf '%-34s %10s req/s   p50 %8s   p99 %8s\n' "$1" "$rps" "$p50" "$p99"
  eval "rps_$1=$rps"
}
echo "wrk, $connections connections, $duration each, $(nproc) cores shared with the server"
run balance_page "$page"
run static_css "$css"
python3 -c "print(f'balance page at {100*$rps_balance_page/$rps_static_css:.0f} % of the static file')"
