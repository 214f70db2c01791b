//! Notifications: in-app (a bell in the top bar and a page) for session invitations, changes,
//! cancellations, reminders the day before, and open actions; by email too when SMTP is
//! configured (the server's background job sends them).
//!
//! `model` and `email` (the text of a notification email) are pure; `store` is SQL; `api` the server functions; `pages` the page and the bell.

pub mod api;
pub mod email;
pub mod model;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
