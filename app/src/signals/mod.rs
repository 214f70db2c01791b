//! Stuck signals (vastloopmeldingen): a quick, safe way to say "I'm stuck here", movement on a
//! case, and the trends a team may see. The note belongs to its author alone.
//!
//! `model` and `trends` are pure (compiled for the browser too); `store` is SQL; `api` the
//! server functions; `log_form` the "Ik loop vast" form; `pages` the author's own page and
//! `team_page` the leader's trends.

pub mod api;
#[cfg(feature = "ssr")]
pub mod facts;
pub mod log_form;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod team_page;
pub mod text;
pub mod trends;
pub mod views;
