//! Team limits (drempels), the rule engine that compares a team against them, and the
//! proposals (voorstellen) it makes: invitations a person decides on, never alarms.
//!
//! `model`, `rules` and `views` are pure (compiled for the browser too, so the limits editor
//! previews with the same rule function); `store` is SQL; `api` the server functions.

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
