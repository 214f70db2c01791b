//! A caseload from a spreadsheet file: the parser and its preview (`model`, pure), applying it,
//! and the export back to a file.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
