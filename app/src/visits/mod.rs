//! Turen bij de Buren: reciprocal visits between teams and organisations. `model` is pure
//! (offers, slots, bookings, the secrecy check, reciprocity); `store` is SQL.

pub mod api;
pub mod booking;
#[cfg(feature = "ssr")]
pub mod calendar;
pub mod model;
#[cfg(feature = "ssr")]
pub mod notify;
pub mod offers;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod store;
pub mod views;
