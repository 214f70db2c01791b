//! Caseload mix: clients (pseudonymous codes), care-avoidance observations, capacity, load,
//! personal and team limits, the balance view, intake advice, rebalancing and CSV import.
//!
//! `model`, `balance`, `intake`, `rebalance`, `import` and `views` are pure (compiled for the
//! browser too); `store` is SQL; `api` the server functions; the `*page*` files the pages.

pub mod api;
pub mod balance;
pub mod balance_page;
pub mod client_page;
pub mod clients_page;
pub mod import;
pub mod import_page;
#[cfg(feature = "ssr")]
pub mod import_store;
pub mod intake;
pub mod model;
pub mod pages;
pub mod rebalance;
#[cfg(feature = "ssr")]
pub mod store;
pub mod text;
pub mod views;
