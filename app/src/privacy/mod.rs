//! Data rights (AVG): a person downloads everything the app holds about them (access and
//! portability).

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod views;
