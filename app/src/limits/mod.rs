//! Team limits (drempels), the rule engine that compares a team against them, and the
//! proposals (voorstellen) it makes: invitations a person decides on, never alarms.
//!
//! `model`, `rules` and `views` are pure; `store` is SQL; `api` the server functions. The limits
//! editor's island parses rows in the browser but asks the server for its preview
//! (`preview_limits`), so the rules engine stays out of the wasm.

pub mod api;
#[cfg(feature = "ssr")]
pub mod bulk;
pub mod editor_page;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod proposals;
#[cfg(feature = "ssr")]
pub mod refresh;
pub mod rules;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod text;
pub mod views;
