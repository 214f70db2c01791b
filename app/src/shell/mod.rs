//! The shell: the router with every page, and the frame around them (the top bar with its
//! navigation, the notifications bell and the "Ik loop vast" button).

pub mod app;
pub mod enhance;
#[cfg(feature = "ssr")]
pub mod feed;
pub mod language;
pub mod layout;
