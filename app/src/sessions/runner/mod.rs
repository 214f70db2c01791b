//! Running a session: the clock and the steps of its method (`model`), saved notes per step.

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
