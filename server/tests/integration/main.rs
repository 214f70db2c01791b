//! Integration tests through the real router, on SQLite and PostgreSQL. One test binary for all
//! of them: each binary links the whole app, so fewer binaries mean far less to build and store.

#[macro_use]
mod common;

mod access_log;
mod account;
mod admin;
mod archive;
mod auth;
mod caseload;
mod demo;
mod durability;
mod erasure;
mod fixtures;
mod forms;
mod help;
mod limits;
mod notifications;
mod organisation;
mod page_text;
mod pages;
mod passkeys;
mod people;
mod privacy;
mod retention;
mod rules_bulk;
mod schema;
mod second_factor;
mod sessions;
mod signals;
mod trust;
mod visits;
