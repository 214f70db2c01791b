//! The one entry point for "look again": after a write that can change what the rules see (a
//! caseload change, a signal, a team's limits), the team is evaluated at once; the background
//! job covers the time-based rules. Named in `docs/ARCHITECTURE.md`.

use chrono::Utc;

use crate::auth::model::TeamId;
use crate::db::Db;

pub use crate::limits::store::{refresh_all, refresh_team};

/// Evaluates the team after a write. The write itself stands when this fails: a missed
/// proposal is made by the next evaluation, so the failure is logged, not returned.
pub async fn after_write(db: &Db, team: TeamId) {
    if let Err(err) = refresh_team(db, team, Utc::now()).await {
        tracing::warn!(%team, error = %err, "rule evaluation after a write failed");
    }
}
