//! Who is logged in, known to every page, and a gate for pages that need someone.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::auth::api::me;
use crate::auth::model::Actor;
use crate::error::AppError;
use crate::ui::status::{Forbidden, Loading};

pub type MeResource = Resource<Result<Option<Actor>, AppError>>;

pub fn provide_me() {
    let resource: MeResource = Resource::new(|| (), |_| me());
    provide_context(resource);
}

pub fn use_me() -> MeResource {
    expect_context::<MeResource>()
}

/// Renders `children` with the logged-in actor; sends others to the log-in page. With
/// `admin_only`, anyone but an organisation admin sees the "no access" page instead.
#[component]
pub fn SignedIn<F, IV>(children: F, #[prop(optional)] admin_only: bool) -> impl IntoView
where
    F: Fn(Actor) -> IV + Send + Sync + 'static,
    IV: IntoView + 'static,
{
    let me = use_me();
    let children = std::sync::Arc::new(children);
    view! {
        <Suspense fallback=|| view! { <Loading /> }>
            {
                let children = children.clone();
                move || {
                    let children = children.clone();
                    Suspend::new(async move {
                        match me.await {
                            Ok(Some(actor)) if admin_only && !actor.is_admin => view! { <Forbidden /> }.into_any(),
                            Ok(Some(actor)) => children(actor).into_any(),
                            _ => view! { <Redirect path="/login" /> }.into_any(),
                        }
                    })
                }
            }
        </Suspense>
    }
}
