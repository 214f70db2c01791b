//! What other capabilities read or set up of the caseload: a team's active clients by code,
//! a team's caseload as the rules see it and its stored limits, and the problem domains a new
//! team starts with, and how a personal limit and a team limit are stored. A named entry point (see `docs/ARCHITECTURE.md`).

pub use crate::caseload::balance::store::{
    PersonalLimitRow, TEAM_LIMIT_COLUMNS, TeamLimitRow, over_defaults, save_team_limits,
    team_limits,
};
pub use crate::caseload::clients::store::active_clients;
pub use crate::caseload::store::{load_team, seed_domains};
