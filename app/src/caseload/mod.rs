//! Caseload mix: clients (pseudonymous codes), care-avoidance observations, capacity and load.
//! So far only the pure model; storage, server functions and pages follow with issue 3.

pub mod model;
