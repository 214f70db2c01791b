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

/// The islands' own conventions, read from the source: a name typed wrong in
/// `preload_lazy_island` would preload nothing and fail no other test.
#[cfg(test)]
mod tests {
    use std::path::Path;

    /// What the home page and "Ik loop vast" need; every other island is lazy.
    const EAGER: [&str; 3] = ["StuckButton", "PageSignalForm", "FormEnhancer"];

    fn sources(dir: &Path, found: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).expect("source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                sources(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("source file");
                found.push((path.display().to_string(), text));
            }
        }
    }

    fn snake(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn every_island_but_the_home_pages_is_lazy_and_preloads_its_own_chunks() {
        let mut files = Vec::new();
        sources(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        let (mut eager, mut lazy) = (Vec::new(), 0);
        for (path, text) in &files {
            let lines: Vec<&str> = text.lines().collect();
            for (n, line) in lines.iter().enumerate() {
                let is_lazy = match line.trim() {
                    "#[island]" => false,
                    "#[island(lazy)]" => true,
                    _ => continue,
                };
                let signature = lines[n + 1];
                let name = signature
                    .split("fn ")
                    .nth(1)
                    .and_then(|rest| rest.split('(').next())
                    .expect("an island is a function");
                if !is_lazy {
                    eager.push(name.to_owned());
                    continue;
                }
                lazy += 1;
                let body = (n + 1..lines.len())
                    .find(|&i| lines[i].trim_end().ends_with('{'))
                    .expect("the island's body");
                let call = format!("preload_lazy_island(\"{}\");", snake(name));
                assert_eq!(
                    lines[body + 1].trim(),
                    call,
                    "{path}: {name} starts with {call}"
                );
            }
        }
        eager.sort();
        let mut expected = EAGER.map(String::from).to_vec();
        expected.sort();
        assert_eq!(
            eager, expected,
            "a new island is lazy unless the home page needs it"
        );
        assert!(lazy >= 11, "the editors are lazy islands ({lazy} found)");
    }
}
