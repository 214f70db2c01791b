//! Passkeys (WebAuthn) as a second factor, the stronger option next to an authenticator app: a
//! key pair on the person's device or security key, unlocked with their fingerprint, face or
//! PIN. A person may register several, and removes one when a device is lost.

pub mod api;
#[cfg(feature = "hydrate")]
mod browser;
pub mod model;
pub mod page;
pub mod views;

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
