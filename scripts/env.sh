# Sourced by the other scripts: tool paths and a build cache that outlives fresh clones.
TOOLS=${DRAAGKRACHT_TOOLS:-$HOME/.cache/draagkracht/tools}
export PATH="$HOME/.cargo/bin:$TOOLS/node_modules/.bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/draagkracht/target}
export LEPTOS_SITE_ROOT=${LEPTOS_SITE_ROOT:-$(pwd)/target/site}
