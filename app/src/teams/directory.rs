//! What other capabilities read of the organisation's teams: a team's name and its active
//! people, whether a team or an account belongs to an organisation. A named entry point (see `docs/ARCHITECTURE.md`).

pub use crate::teams::store::{account_name, team_in_organisation, team_name, team_people};
