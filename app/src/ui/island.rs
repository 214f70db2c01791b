//! What every island needs: islands are brought to life in the browser one by one, without the
//! page around them, so they cannot read the page's context.

use leptos::prelude::*;
use leptos_i18n::I18nContext;

use crate::i18n::Locale;

/// Islands run in the browser without the page's context, so each brings its own translations,
/// in the language the server rendered the page in (`<html lang>`). On the server they find the
/// page's context and use that.
pub fn island_i18n() -> I18nContext<Locale> {
    if let Some(i18n) = use_context::<I18nContext<Locale>>() {
        return i18n;
    }
    let options =
        leptos_i18n::context::I18nContextOptions::<Locale>::default().enable_cookie(false);
    let i18n = leptos_i18n::context::init_i18n_context_with_options::<Locale>(options);
    provide_context(i18n);
    i18n
}

/// `false` on the server and until the island is brought to life, then `true`. An island's
/// buttons are disabled until then: a click before it would do nothing, while a disabled
/// button says "not yet" (and the end-to-end tests wait for it to be enabled).
pub fn awake() -> ReadSignal<bool> {
    let (ready, set_ready) = signal(false);
    // Effects run only in the browser, once the island is alive.
    Effect::new(move |_| set_ready.set(true));
    ready
}

/// Called by a lazy island (`#[island(lazy)]`) as it renders on the server: the page then asks
/// for the island's wasm chunks in its `<head>`, next to the main wasm. Otherwise the browser
/// would learn of them only once the main wasm runs, and fetch a score of small files one
/// island after another, each a round trip on a slow connection.
///
/// `island` is the island's name in snake case: Leptos names its chunk in the split manifest
/// `<island>_loader_<hash of where the island is written>`.
///
/// Needs [`provide_chunk_preloads`] at the root of the page.
pub fn preload_lazy_island(island: &'static str) {
    #[cfg(feature = "ssr")]
    preload::chunks_of(island);
    #[cfg(not(feature = "ssr"))]
    let _ = island;
}

/// Called once per page, in the shell: the page's islands then name each chunk once, even
/// when they share chunks or the page is rendered in more than one pass.
pub fn provide_chunk_preloads() {
    #[cfg(feature = "ssr")]
    provide_context(preload::Requested::default());
}

#[cfg(feature = "ssr")]
mod preload {
    use std::collections::HashSet;
    use std::sync::{Arc, Mutex};

    use leptos::prelude::*;
    use leptos_meta::Link;

    /// The files this page already asks for.
    #[derive(Clone, Default)]
    pub(super) struct Requested(Arc<Mutex<HashSet<String>>>);

    pub(super) fn chunks_of(island: &str) {
        // Leptos reads the split manifest once and provides it (`HydrationScripts`); without
        // a split build there is none, and nothing to preload.
        let Some(manifest) = use_context::<leptos::WasmSplitManifest>() else {
            return;
        };
        let Some((pkg, chunks, split_js)) = manifest.0.try_with_value(|(pkg, map, split_js)| {
            let prefix = format!("{island}_loader_");
            let chunks = map
                .iter()
                .find(|(name, _)| name.starts_with(&prefix))
                .map(|(_, chunks)| chunks.clone())
                .unwrap_or_default();
            (pkg.clone(), chunks, split_js.clone())
        }) else {
            return;
        };
        let Some(requested) = use_context::<Requested>() else {
            return;
        };
        let mut seen = requested
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if chunks.is_empty() {
            return;
        }
        // leptos_meta gathers these into the <head>; the views themselves render nothing here.
        if seen.insert(split_js.clone()) {
            let _ =
                view! { <Link rel="modulepreload" href=format!("{pkg}/{split_js}") /> }.to_html();
        }
        for chunk in chunks {
            if seen.insert(chunk.clone()) {
                let _ = view! {
                    <Link
                        rel="preload"
                        href=format!("{pkg}/{chunk}.wasm")
                        as_="fetch"
                        type_="application/wasm"
                        crossorigin="anonymous"
                    />
                }
                .to_html();
            }
        }
    }
}
