//! Team limits and, with the signals issue, the rules and proposals built on them.

pub mod model;
