//! What other capabilities read of the organisation's teams: a team's name and its active
//! people. A named entry point (see `docs/ARCHITECTURE.md`).

pub use crate::teams::store::{team_name, team_people};
