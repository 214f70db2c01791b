//! Draagkracht's Leptos app, organised by capability (see DESIGN.md): `auth/`, `teams/`, and
//! the capabilities to come, plus `ui/` for shared widgets and the layout.
#![recursion_limit = "512"]

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod account;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod caseload;
pub mod error;
pub mod help;
pub mod home;
pub mod jobs;
pub mod limits;
pub mod notifications;
pub mod organisation;
pub mod privacy;
pub mod sessions;
pub mod shared;
pub mod shell;
pub mod signals;
pub mod teams;
pub mod ui;
pub mod visits;

#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod state;

#[cfg(test)]
mod layering;

pub use shell::app::{App, shell};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Pages are rendered on the server and moved between with full loads; the browser only
    // brings the islands to life. A server function's redirect is therefore a full load too.
    let _ = leptos::server_fn::redirect::set_redirect_hook(|to: &str| {
        let _ = leptos::prelude::window().location().set_href(to);
    });
    leptos::mount::hydrate_islands();
}
