//! Organisations, teams and accounts as the admin sets them up.

pub mod api;
#[cfg(feature = "ssr")]
pub mod directory;
pub mod limits;
pub mod model;
pub mod pages;
pub mod people;

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
