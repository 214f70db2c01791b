//! Caseload mix: clients (pseudonymous codes), care-avoidance observations, capacity, load,
//! personal and team limits, the balance view, intake advice, rebalancing and CSV import.
//!
//! What a caseload is lives here (`model`, `views`, `text`), with the caseload's tables (`store`)
//! and what its services share (`service`). Each sub-capability has a folder:
//! - `clients/`: a team's clients, a client's file, and my own caseload;
//! - `balance/`: load against capacity, the team's balance, intake advice and rebalancing;
//! - `import/`: a caseload from a spreadsheet file, and back;
//! - `handover/`: a leaving colleague's clients, handed over with the intake advice.

pub mod balance;
pub mod clients;
#[cfg(feature = "ssr")]
pub mod directory;
pub mod handover;
pub mod import;
pub mod model;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod text;
pub mod views;
