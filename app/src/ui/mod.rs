//! Shared widgets and the page frame.

pub mod app;
pub mod charts;
pub mod form;
pub mod layout;
pub mod signed_in;
pub mod status;
pub mod time;
