//! Caseload mix: clients (pseudonymous codes), care-avoidance observations, capacity, load,
//! personal and team limits, the balance view, intake advice, rebalancing and CSV import.

pub mod balance;
pub mod intake;
pub mod model;
pub mod rebalance;
#[cfg(feature = "ssr")]
pub mod import;
