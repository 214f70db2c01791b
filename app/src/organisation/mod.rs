//! The organisation's own settings, kept by its admin (`/admin/organisation`): whether
//! neighbouring organisations see its teams, who is in the organisation-wide facilitator pool,
//! and who must log in with a second factor.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
