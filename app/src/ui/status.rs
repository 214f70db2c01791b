//! Friendly pages for "not found", "no access" and loading.

use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::*;

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
