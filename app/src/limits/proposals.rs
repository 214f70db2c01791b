//! What sessions read of the proposals they plan from: one proposal, and the open and decided
//! proposals a leader sees; and how a person brings in a case of their own to plan from. A named entry point (see `docs/ARCHITECTURE.md`).

pub use crate::limits::store::{bring_in, leader_proposals, proposal};
