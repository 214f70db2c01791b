//! "Vraag iemand om mee te kijken" and "Ik kijk graag mee": a request between a signal's author
//! and one colleague. The other side answers yes or no, without a reason; a yes leads to a
//! short one-to-one at a time that suits both. Nobody else sees that it exists.
//!
//! `model` is pure (the states and who may change them); `views` the DTOs; `store` the SQL;
//! `service` the server-side logic behind `api`; `page` the overview (`/help`) and
//! `signal_page` the help for one of one's own signals (`/help/signals/:id`).

pub mod api;
pub mod model;
pub mod page;
#[cfg(feature = "ssr")]
pub mod service;
pub mod signal_page;
#[cfg(feature = "ssr")]
pub mod store;
pub mod text;
pub mod views;
