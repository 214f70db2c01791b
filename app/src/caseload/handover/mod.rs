//! Handing over the clients of a colleague who leaves the team (or the organisation): a
//! receiver proposed per client from the intake advice, chosen by the leader or the admin, and
//! recorded in each client's assignment history.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
pub mod views;
