//! The server-side logic behind `cadence.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::{DateTime, Utc};
use chrono_tz::Europe::Amsterdam;

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, TeamRole};
use crate::error::AppError;
use crate::sessions::plan::cadence::{TeamCadence, last_held_or_planned, parse_weeks};
use crate::state::AppState;
use crate::{execute, on_db};

const LEADERS: &[TeamRole] = &[TeamRole::Leader];

type Row = (
    String,
    DateTime<Utc>,
    Option<i64>,
    Option<DateTime<Utc>>,
    i64,
);

/// The cadence of each of these teams; the caller has checked the reader plans for them.
pub async fn cadences(
    state: &AppState,
    actor: &Actor,
    teams: &[TeamId],
    now: DateTime<Utc>,
) -> Result<Vec<TeamCadence>, AppError> {
    const SQL: &str = "SELECT t.name, t.created_at, t.intervision_every_weeks, \
         (SELECT MAX(s.starts_at) FROM sessions s WHERE s.team_id = t.id \
          AND s.kind = 'intervision' AND s.status <> 'cancelled'), \
         (SELECT COUNT(*) FROM sessions s WHERE s.team_id = t.id AND s.kind = 'intervision' \
          AND s.status = 'planned' AND (s.starts_at IS NULL OR s.starts_at >= $2)) \
         FROM teams t WHERE t.id = $1";
    let local = |at: DateTime<Utc>| at.with_timezone(&Amsterdam).date_naive();
    let mut out = Vec::with_capacity(teams.len());
    for team in teams {
        let (name, created, every, latest, planned): Row = on_db!(&state.db, p => sqlx::query_as(SQL)
            .bind(team).bind(now).fetch_one(p).await)?;
        out.push(TeamCadence {
            team: *team,
            team_name: name,
            every_weeks: every.and_then(|w| u32::try_from(w).ok()),
            last: last_held_or_planned(local(created), latest.map(local)),
            planned_ahead: planned > 0,
            today: local(now),
            may_set: actor.role_in(*team) == Some(TeamRole::Leader),
        });
    }
    Ok(out)
}

pub async fn set(team: TeamId, weeks: String) -> Result<Option<u32>, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADERS)).await?;
    let weeks = parse_weeks(&weeks)?;
    execute!(
        &state.db,
        "UPDATE teams SET intervision_every_weeks = $1 WHERE id = $2",
        weeks.map(i64::from),
        team
    )?;
    audit::by_actor(&state.db, &actor, "team.cadence", &format!("team:{team}")).await?;
    Ok(weeks)
}
