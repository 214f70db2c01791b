# Sourced by the scripts that start servers: shared helpers, no side effects.

# A TCP port nothing listens on now (the kernel picks it).
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# Waits until the server at $1 (a base URL) answers /health; fails after about a minute.
wait_for_health() {
  for _ in $(seq 1 300); do
    curl -fs "$1/health" >/dev/null && return 0
    sleep 0.2
  done
  echo "no answer from $1/health" >&2
  return 1
}

# The file names the release build gave the front end: the main wasm, its JavaScript, and the
# wasm chunks that islands load when they first appear (cargo leptos build --split).
main_wasm() {
  echo "$LEPTOS_SITE_ROOT/pkg/draagkracht.$(awk '$1 == "wasm:" { print $2 }' "$CARGO_TARGET_DIR/release/hash.txt").wasm"
}
