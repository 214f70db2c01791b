//! What other capabilities read or set up of the caseload: a team's active clients by code,
//! a team's caseload as the rules see it and its stored limits, and the problem domains a new
//! team starts with, and how a personal limit is stored. A named entry point (see `docs/ARCHITECTURE.md`).

pub use crate::caseload::store::{
    PersonalLimitRow, active_clients, load_team, seed_domains, team_limits,
};
