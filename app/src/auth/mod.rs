//! Accounts, log-in, sessions and the one authorisation helper.

pub mod api;
pub mod model;
pub mod pages;
pub mod second_factor;
pub mod signed_in;
pub mod text;

#[cfg(feature = "ssr")]
pub mod device;
#[cfg(feature = "ssr")]
pub mod guard;
#[cfg(feature = "ssr")]
pub mod links;
#[cfg(feature = "ssr")]
pub mod password;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
