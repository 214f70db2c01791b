//! Retention (AVG article 5(1)(e)): each organisation chooses how long it keeps closed clients,
//! signal notes, login records, notifications, what was said in sessions and the access log;
//! a daily job, run by one app server, applies the periods.

pub mod api;
pub mod model;
pub mod page;
pub mod views;

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
