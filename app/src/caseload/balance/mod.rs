//! Load against capacity per member (`model`), the team's balance and its settings, intake
//! advice for a new client (`intake`) and suggested moves (`rebalance`). All three are pure.

pub mod api;
pub mod filter;
pub mod intake;
pub mod model;
pub mod page;
pub mod rebalance;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
