//! Two-factor log-in: an authenticator app (TOTP) or passkeys, with one-time recovery codes;
//! the second step of logging in, setting one up (also as the first thing at log-in when the
//! organisation requires it), and the organisation's rule on who must.

pub mod api;
pub mod model;
pub mod page;
pub mod passkey;
pub mod views;

#[cfg(feature = "ssr")]
pub mod admin;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
mod totp;
