//! Sessions (bijeenkomsten): intervisie and moreel beraad, from a proposal or by hand, through
//! planning, running and follow-up.
//!
//! `model`, `availability`, `library` and `slots` are pure (the slot finder proposes times
//! everyone needed can make); `store` and `availability_store` are SQL; `api` the server
//! functions; the `*_page` modules the pages.

pub mod api;
pub mod availability;
pub mod availability_page;
#[cfg(feature = "ssr")]
pub mod availability_store;
pub mod cadence;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod effect;
#[cfg(feature = "ssr")]
pub mod feed;
pub mod library;
pub mod library_page;
pub mod method_api;
pub mod method_form;
pub mod method_page;
#[cfg(feature = "ssr")]
pub mod method_store;
pub mod model;
pub mod outcome;
pub mod outcome_api;
pub mod outcome_page;
#[cfg(feature = "ssr")]
pub mod outcome_store;
pub mod pages;
pub mod plan_page;
pub mod preparation;
pub mod run_api;
#[cfg(feature = "ssr")]
pub mod run_store;
pub mod runner;
pub mod runner_page;
pub mod session_page;
pub mod slots;
#[cfg(feature = "ssr")]
pub mod store;
pub mod text;
pub mod views;
