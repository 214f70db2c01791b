//! The server-side logic behind `cadence.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Amsterdam;

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, TeamRole};
use crate::error::AppError;
use crate::sessions::plan::cadence::{TeamCadence, last_held_or_planned, parse_weeks};
use crate::sessions::plan::store;
use crate::state::AppState;

const LEADERS: &[TeamRole] = &[TeamRole::Leader];

/// The cadence of each of these teams; the caller has checked the reader plans for them.
pub async fn cadences(
    state: &AppState,
    actor: &Actor,
    teams: &[TeamId],
    now: DateTime<Utc>,
) -> Result<Vec<TeamCadence>, AppError> {
    let local = |at: DateTime<Utc>| at.with_timezone(&Amsterdam).date_naive();
    let mut out = Vec::with_capacity(teams.len());
    for team in teams {
        let row = store::cadence_row(&state.db, *team, now).await?;
        out.push(TeamCadence {
            team: *team,
            team_name: row.name,
            every_weeks: row.every_weeks.and_then(|w| u32::try_from(w).ok()),
            last: last_held_or_planned(local(row.created_at), row.latest.map(local)),
            planned_ahead: row.planned_ahead > 0,
            today: local(now),
            may_set: actor.role_in(*team) == Some(TeamRole::Leader),
        });
    }
    Ok(out)
}

pub async fn set(team: TeamId, weeks: String) -> Result<Option<u32>, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADERS)).await?;
    let weeks = parse_weeks(&weeks)?;
    store::set_cadence(&state.db, team, weeks).await?;
    audit::by_actor(&state.db, &actor, "team.cadence", &format!("team:{team}")).await?;
    Ok(weeks)
}
