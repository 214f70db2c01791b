//! A team's clients and a client's file (observations, assignments, closing), and my own
//! caseload with my personal limits.

pub mod api;
pub mod domain_checks;
pub mod list_page;
pub mod my_page;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
