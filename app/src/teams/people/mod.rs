//! One person as the organisation admin manages them: the teams they are in, their role in
//! each, moving them between teams, and leaving.

pub mod api;
pub mod model;
pub mod page;

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
