//! A host keeping its own offers (another time, or closing one) and a team its requests, and
//! the organisation's ledger of visits given and received that its admins see.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
