//! Calendars: the `.ics` format that sessions and visits put their entries in (`model`), and
//! each person's private feed token, which calendar apps use without a log-in. Sessions and
//! visits make their own entries; the shell's feed asks both for the token owner's.

pub mod api;
#[cfg(feature = "ssr")]
pub mod feed;
#[cfg(feature = "ssr")]
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
