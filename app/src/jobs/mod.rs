//! Background jobs that several app servers share: each tick runs on one server only.

#[cfg(feature = "ssr")]
pub mod store;
