//! One's own account (`/account`): changing the password, seeing where one is signed in and
//! ending any of those sign-ins, and the language one chose.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
