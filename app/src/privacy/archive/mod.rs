//! The organisation's archive: everything it keeps, as a ZIP of CSV files with a manifest,
//! streamed while it is written; what belongs to a person is left out, and it says so.

pub mod api;
pub mod model;
pub mod page;
pub mod views;

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
