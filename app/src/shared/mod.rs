//! What capabilities share without belonging to one: ids, parsers for form input, the
//! identifying-detail check, reading the route and small SQL helpers. It uses no capability.

pub mod ids;
pub mod language;
pub mod parse;
pub mod privacy;
pub mod route;
pub mod session_kind;
#[cfg(feature = "ssr")]
pub mod sql;
