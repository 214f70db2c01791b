//! After a session: actions, the anonymous evaluation (`model`), and whether sessions helped
//! (`effect`, on signals the reader may see).

pub mod api;
pub mod effect;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
