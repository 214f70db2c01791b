//! SQL for the balance: a team's capacity settings and limits, and personal limits. Callers
//! have already authorised.

use chrono::{DateTime, Utc};

use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::apply_caseload_limits;
use crate::caseload::balance::model::{
    DomainId, PersonalLimit, PersonalLimitId, PersonalLimitKind, TeamPolicy,
};
use crate::caseload::model::AvoidanceLevel;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::teams::limits::{LimitKind, Proposes, TeamLimit, default_limits};
use crate::{execute, fetch_all, on_db};

/// A team limit as stored. The rules' bulk loader reads the same row (through
/// [`crate::caseload::directory`]), so it is decoded in one place.
#[derive(sqlx::FromRow)]
pub struct TeamLimitRow {
    pub team_id: TeamId,
    kind: String,
    threshold: f64,
    window_weeks: Option<i64>,
    proposes: String,
    active: bool,
}

impl TeamLimitRow {
    /// The limit, or `None` for a row no version of the app wrote.
    fn into_limit(self) -> Option<TeamLimit> {
        Some(TeamLimit {
            kind: LimitKind::parse(&self.kind)?,
            threshold: self.threshold,
            window_weeks: self.window_weeks.and_then(|w| u32::try_from(w).ok()),
            proposes: Proposes::parse(&self.proposes)?,
            active: self.active,
        })
    }
}

/// The defaults with the stored rows of one team laid over them.
pub fn over_defaults(rows: impl IntoIterator<Item = TeamLimitRow>) -> Vec<TeamLimit> {
    let mut limits = default_limits();
    for stored in rows.into_iter().filter_map(TeamLimitRow::into_limit) {
        match limits.iter_mut().find(|l| l.kind == stored.kind) {
            Some(slot) => *slot = stored,
            None => limits.push(stored),
        }
    }
    limits
}

pub const TEAM_LIMIT_COLUMNS: &str =
    "team_id, kind, threshold, window_weeks, proposes, active FROM team_limits";

/// The team's stored limits; a team that never saved any has the defaults.
pub async fn team_limits(db: &Db, team: TeamId) -> Result<Vec<TeamLimit>, AppError> {
    let sql = format!("SELECT {TEAM_LIMIT_COLUMNS} WHERE team_id = $1");
    let rows: Vec<TeamLimitRow> = fetch_all!(db, &sql, team)?;
    Ok(over_defaults(rows))
}

/// Writes each limit over the stored one of its kind, inside the caller's transaction.
macro_rules! upsert_team_limits {
    ($tx:expr, $team:expr, $limits:expr, $now:expr) => {
        for limit in $limits {
            sqlx::query(UPSERT_TEAM_LIMIT)
                .bind($team)
                .bind(limit.kind.as_str())
                .bind(limit.threshold)
                .bind(limit.window_weeks.map(i64::from))
                .bind(limit.proposes.as_str())
                .bind(limit.active)
                .bind($now)
                .execute(&mut *$tx)
                .await?;
        }
    };
}

const UPSERT_TEAM_LIMIT: &str = "INSERT INTO team_limits (team_id, kind, threshold, window_weeks, proposes, active, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (team_id, kind) DO UPDATE SET threshold = excluded.threshold, \
     window_weeks = excluded.window_weeks, proposes = excluded.proposes, active = excluded.active, updated_at = excluded.updated_at";

/// Saves the given limits (one per kind), all or nothing.
pub async fn save_team_limits(
    db: &Db,
    team: TeamId,
    limits: &[TeamLimit],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        upsert_team_limits!(tx, team, limits, now);
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

#[derive(Debug, Clone, PartialEq)]
pub struct TeamSettings {
    pub policy: TeamPolicy,
    pub limits: Vec<TeamLimit>,
    pub members_see_balance: bool,
}

pub async fn team_settings(db: &Db, team: TeamId) -> Result<TeamSettings, AppError> {
    const SQL: &str =
        "SELECT norm_per_fte, secondary_fraction, members_see_balance FROM teams WHERE id = $1";
    let (norm, fraction, members_see_balance): (f64, f64, bool) =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_one(p).await)?;
    let limits = team_limits(db, team).await?;
    let mut policy = TeamPolicy {
        norm_per_fte: norm,
        secondary_fraction: fraction,
        max_load_per_fte: None,
        max_avoiders: None,
        max_avoider_share: None,
    };
    apply_caseload_limits(&limits, &mut policy);
    Ok(TeamSettings {
        policy,
        limits,
        members_see_balance,
    })
}

/// Saves the team's capacity settings and limits together, or nothing.
pub async fn save_team_settings(
    db: &Db,
    team: TeamId,
    settings: &TeamSettings,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const TEAM: &str = "UPDATE teams SET norm_per_fte = $1, secondary_fraction = $2, members_see_balance = $3 WHERE id = $4";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query(TEAM)
            .bind(settings.policy.norm_per_fte)
            .bind(settings.policy.secondary_fraction)
            .bind(settings.members_see_balance)
            .bind(team)
            .execute(&mut *tx)
            .await?;
        upsert_team_limits!(tx, team, &settings.limits, now);
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

pub async fn set_capacity_override(
    db: &Db,
    team: TeamId,
    user: UserId,
    points: Option<f64>,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE memberships SET capacity_override = $1 WHERE team_id = $2 AND user_id = $3 AND role = 'member'";
    match execute!(db, SQL, points, team, user)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

/// A personal limit as stored. The rules' bulk loader reads the same row (through
/// [`crate::caseload::directory`]), so it is decoded in one place.
#[derive(sqlx::FromRow)]
pub struct PersonalLimitRow {
    id: PersonalLimitId,
    user_id: UserId,
    kind: String,
    domain_id: Option<DomainId>,
    min_level: Option<i64>,
    max_count: i64,
    shared: bool,
}

impl PersonalLimitRow {
    /// The limit, or `None` for a row no version of the app wrote.
    pub fn into_limit(self) -> Option<PersonalLimit> {
        let kind = match self.kind.as_str() {
            "domain" => PersonalLimitKind::Domain(self.domain_id?),
            "avoiders" => {
                PersonalLimitKind::Avoiders(AvoidanceLevel::from_number(self.min_level?)?)
            }
            "clients" => PersonalLimitKind::Clients,
            _ => return None,
        };
        Some(PersonalLimit {
            id: self.id,
            owner: self.user_id,
            kind,
            max: u32::try_from(self.max_count).ok()?,
            shared: self.shared,
        })
    }
}

const LIMIT_COLUMNS: &str = "id, user_id, kind, domain_id, min_level, max_count, shared";

pub(in crate::caseload) async fn team_personal_limits(
    db: &Db,
    team: TeamId,
) -> Result<Vec<PersonalLimit>, AppError> {
    let sql = format!("SELECT {LIMIT_COLUMNS} FROM personal_limits WHERE team_id = $1 ORDER BY id");
    let rows: Vec<PersonalLimitRow> = fetch_all!(db, &sql, team)?;
    Ok(rows
        .into_iter()
        .filter_map(PersonalLimitRow::into_limit)
        .collect())
}

pub async fn add_personal_limit(
    db: &Db,
    user: UserId,
    team: TeamId,
    kind: PersonalLimitKind,
    max: u32,
    shared: bool,
    now: DateTime<Utc>,
) -> Result<PersonalLimitId, AppError> {
    const SQL: &str = "INSERT INTO personal_limits (user_id, team_id, kind, domain_id, min_level, max_count, shared, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (kind_str, domain, level): (&str, Option<DomainId>, Option<i64>) = match kind {
        PersonalLimitKind::Domain(d) => ("domain", Some(d), None),
        PersonalLimitKind::Avoiders(l) => ("avoiders", None, Some(i64::from(l.number()))),
        PersonalLimitKind::Clients => ("clients", None, None),
    };
    let (id,): (PersonalLimitId,) = on_db!(db, p => sqlx::query_as(SQL).bind(user).bind(team).bind(kind_str).bind(domain).bind(level).bind(i64::from(max)).bind(shared).bind(now).fetch_one(p).await)?;
    Ok(id)
}

/// Changes only the owner's own limit; anyone else's id is simply not found.
pub async fn set_limit_shared(
    db: &Db,
    owner: UserId,
    limit: PersonalLimitId,
    shared: bool,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE personal_limits SET shared = $1 WHERE id = $2 AND user_id = $3";
    match execute!(db, SQL, shared, limit, owner)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}

pub async fn delete_personal_limit(
    db: &Db,
    owner: UserId,
    limit: PersonalLimitId,
) -> Result<(), AppError> {
    const SQL: &str = "DELETE FROM personal_limits WHERE id = $1 AND user_id = $2";
    match execute!(db, SQL, limit, owner)? {
        0 => Err(AppError::NotFound),
        _ => Ok(()),
    }
}
