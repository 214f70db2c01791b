//! Shared widgets: form fields, loading and error states, charts and dates. They use no
//! capability; the page frame around them is in `shell/`.

pub mod charts;
pub mod form;
pub mod island;
pub mod language;
pub mod status;
pub mod time;
