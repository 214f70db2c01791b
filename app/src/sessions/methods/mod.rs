//! The method library: the seeded methods (`library`), a team's or organisation's own methods
//! (`form` checks a draft), and their pages.

pub mod api;
pub mod form;
pub mod library;
pub mod library_page;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
