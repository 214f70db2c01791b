//! Whether an island has come to life in the browser yet.

use leptos::prelude::*;

/// `false` on the server and until the island is brought to life, then `true`. An island's
/// buttons are disabled until then: a click before it would do nothing, while a disabled
/// button says "not yet" (and the end-to-end tests wait for it to be enabled).
pub fn awake() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    // Effects run only in the browser, once the island is alive.
    Effect::new(move |_| set_ready.set(true));
    ready
}
