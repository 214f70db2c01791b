//! What sessions read of the proposals they plan from: one proposal, and the open and decided
//! proposals a leader sees. A named entry point (see `docs/ARCHITECTURE.md`).

pub use crate::limits::store::{leader_proposals, proposal};
