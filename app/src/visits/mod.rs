//! Turen bij de Buren: reciprocal visits between teams and organisations. `model` is pure
//! (offers, slots, bookings, the secrecy check, reciprocity); `store` is SQL.

pub mod api;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod model;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod offer_api;
#[cfg(feature = "ssr")]
pub mod offer_service;
#[cfg(feature = "ssr")]
pub mod offer_store;
pub mod offer_tools;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
