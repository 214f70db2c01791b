//! Friendly pages for "not found", "no access" and loading.

use std::sync::Arc;

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::error::AppError;
use crate::i18n::*;
use crate::ui::form::form_error_text;

#[cfg(feature = "ssr")]
fn set_status(code: u16) {
    if let (Some(response), Ok(status)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        axum::http::StatusCode::from_u16(code),
    ) {
        response.set_status(status);
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(404);
    let i18n = use_i18n();
    view! {
        <section class="status-page card" data-testid="not-found">
            <p class="code">"404"</p>
            <h1>{t!(i18n, not_found.title)}</h1>
            <p class="muted">{t!(i18n, not_found.body)}</p>
            <A href="/">{t!(i18n, not_found.home)}</A>
        </section>
    }
}

#[component]
pub fn Forbidden() -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_status(403);
    let i18n = use_i18n();
    view! {
        <section class="status-page card" data-testid="forbidden">
            <p class="code">"403"</p>
            <h1>{t!(i18n, forbidden.title)}</h1>
            <p class="muted">{t!(i18n, forbidden.body)}</p>
            <A href="/">{t!(i18n, forbidden.home)}</A>
        </section>
    }
}

#[component]
pub fn Loading() -> impl IntoView {
    let i18n = use_i18n();
    view! { <p class="muted" aria-busy="true">{t!(i18n, app.loading)}</p> }
}

/// What a page loaded: "loading" until it is there, then `children` with the data, or the
/// error in the reader's language. The one home of the load, wait and error pattern, so a
/// page is only what it shows.
#[component]
pub fn Loaded<T, V, F>(
    /// What the page loads.
    data: Resource<Result<T, AppError>>,
    /// Shown above the error when the load fails, where the page's heading would have been.
    #[prop(optional, into)]
    error_heading: Option<ViewFn>,
    /// The page, given the data.
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let children = Arc::new(children);
    view! {
        <Transition fallback=|| view! { <Loading /> }>
            {move || {
                let children = Arc::clone(&children);
                let error_heading = error_heading.clone();
                // `Either`, not `AnyView`: an erased view carries its async hydration too, and
                // for the signal form in the main wasm that alone was ~60 KB.
                Suspend::new(async move {
                    match data.await {
                        Ok(data) => Either::Left(children(data)),
                        Err(err) => Either::Right(view! {
                            {error_heading.map(|heading| heading.run())}
                            <p class="form-error">{form_error_text(i18n, &err)}</p>
                        }),
                    }
                })
            }}
        </Transition>
    }
}
