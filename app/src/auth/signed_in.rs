//! Who is logged in, known to every page, and a gate for pages that need someone.
//!
//! The account is loaded once per page load, in a single blocking boundary at the root, and
//! handed down as plain context. Reading one resource from several `<Suspense>` boundaries can
//! stall streaming SSR (leptos-rs/leptos#4851), and a blocking load lets the server set the
//! right status (403) and redirects before the first byte is sent. Log-in and log-out reload
//! the page, so the value never goes stale.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::auth::api::me;
use crate::auth::model::Actor;
use crate::ui::status::{Forbidden, Loading};

#[derive(Clone, Debug)]
struct CurrentUser(Option<Actor>);

/// The logged-in actor of this page load, if any.
pub fn use_current_user() -> Option<Actor> {
    use_context::<CurrentUser>().and_then(|user| user.0)
}

/// Loads the current user, then renders `children` with it in context.
#[component]
pub fn WithCurrentUser(children: ChildrenFn) -> impl IntoView {
    let user = Resource::new_blocking(|| (), |_| me());
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    Suspend::new(async move {
                        provide_context(CurrentUser(user.await.ok().flatten()));
                        children()
                    })
                }
            }
        </Suspense>
    }
}

/// Renders `children` with the logged-in actor; sends others to the log-in page. With
/// `admin_only`, anyone but an organisation admin sees the "no access" page instead.
#[component]
pub fn SignedIn<F, IV>(children: F, #[prop(optional)] admin_only: bool) -> impl IntoView
where
    F: Fn(Actor) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    match use_current_user() {
        Some(actor) if admin_only && !actor.is_admin => view! { <Forbidden /> }.into_any(),
        Some(actor) => children(actor).into_any(),
        None => {
            // On the server, answer with a real 302 rather than a page that redirects itself.
            #[cfg(feature = "ssr")]
            if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
                response.set_status(axum::http::StatusCode::FOUND);
                response.insert_header(
                    axum::http::header::LOCATION,
                    axum::http::HeaderValue::from_static("/login"),
                );
            }
            view! { <Redirect path="/login" /> }.into_any()
        }
    }
}
