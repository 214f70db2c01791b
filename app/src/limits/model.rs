//! The limits the rules compare against are the team's own: see [`crate::teams::limits`].

pub use crate::teams::limits::*;

pub use crate::shared::ids::ProposalId;
