//! Erasure (AVG article 17): an admin erases the account of someone who left, and a team's
//! leader or an admin erases a closed client. What goes, and what stays without a name or a
//! code, is said on the page before anything happens.

pub mod api;
pub mod page;
pub mod views;

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
