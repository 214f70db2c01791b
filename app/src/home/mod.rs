//! The start page after logging in.

pub mod pages;
