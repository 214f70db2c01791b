//! The HTML shell (with its Content-Security-Policy) and the router.

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{SsrMode, path};

use crate::auth::pages::{LoginPage, SetPasswordPage};
use crate::home::pages::HomePage;
use crate::i18n::*;
use crate::teams::pages::AdminPage;
use crate::ui::layout::Frame;
use crate::ui::signed_in::provide_me;
use crate::ui::status::NotFound;

pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_content_security_policy();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light" />
                <AutoReload options=options.clone() />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Allows the hydration script by its per-request nonce, WebAssembly compilation, and
/// nothing from elsewhere.
#[cfg(feature = "ssr")]
fn set_content_security_policy() {
    use leptos::nonce::use_nonce;
    let (Some(nonce), Some(response)) =
        (use_nonce(), use_context::<leptos_axum::ResponseOptions>())
    else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(value) = axum::http::HeaderValue::from_str(&policy) {
        response.insert_header(axum::http::header::CONTENT_SECURITY_POLICY, value);
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <I18nContextProvider cookie_name="draagkracht_lang" cookie_options=language_cookie()>
            <AppInner />
        </I18nContextProvider>
    }
}

/// The language choice is remembered for a year, for the whole site.
fn language_cookie() -> leptos_i18n::context::CookieOptions<Locale> {
    const YEAR_MS: i64 = 365 * 24 * 60 * 60 * 1000;
    leptos_i18n::context::CookieOptions::default()
        .path("/")
        .max_age(YEAR_MS)
}

#[component]
fn AppInner() -> impl IntoView {
    let i18n = use_i18n();
    provide_me();
    view! {
        <Stylesheet id="leptos" href="/pkg/draagkracht.css" />
        <Title text=move || t_string!(i18n, app.name).to_string() />
        <Router>
            <Frame>
                <Routes fallback=|| view! { <NotFound /> }>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async />
                    <Route path=path!("/login") view=LoginPage />
                    <Route path=path!("/admin") view=AdminPage ssr=SsrMode::Async />
                    <Route path=path!("/set-password/:token") view=SetPasswordPage />
                </Routes>
            </Frame>
        </Router>
    }
}
