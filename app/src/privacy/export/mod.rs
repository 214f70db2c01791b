//! The personal export (AVG articles 15 and 20): everything the app holds about the person
//! asking, as one JSON document.

#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
#[cfg(feature = "ssr")]
pub mod views;
