//! SQL for a team's or organisation's own methods. Callers have already authorised.

use chrono::{DateTime, Utc};

use crate::auth::model::{OrganisationId, TeamId};
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::sessions::methods::form::MethodOwner;
use crate::sessions::methods::library::SEED;
use crate::sessions::model::{Method, MethodId, MethodStep, Role, SessionKind};
use crate::{fetch_all, fetch_optional, on_db};

#[derive(sqlx::FromRow)]
struct MethodRow {
    id: MethodId,
    seed_key: Option<String>,
    organisation_id: Option<OrganisationId>,
    team_id: Option<TeamId>,
    kind: String,
    name_nl: String,
    name_en: String,
    roles: String,
}

/// A method's step as stored; the runner reads the same columns.
#[derive(sqlx::FromRow)]
pub(crate) struct StepRow {
    name_nl: String,
    name_en: String,
    purpose_nl: String,
    purpose_en: String,
    minutes: i64,
}

impl StepRow {
    pub(crate) fn into_step(self) -> MethodStep {
        MethodStep {
            name_nl: self.name_nl,
            name_en: self.name_en,
            purpose_nl: self.purpose_nl,
            purpose_en: self.purpose_en,
            minutes: u32::try_from(self.minutes).unwrap_or(1),
        }
    }
}

/// One method with its steps, and the organisation it belongs to (`None` when seeded).
pub async fn method(
    db: &Db,
    id: MethodId,
) -> Result<Option<(Method, Option<OrganisationId>)>, AppError> {
    const METHOD: &str = "SELECT id, seed_key, organisation_id, team_id, kind, name_nl, name_en, roles \
         FROM methods WHERE id = $1";
    const STEPS: &str = "SELECT name_nl, name_en, purpose_nl, purpose_en, minutes FROM method_steps \
         WHERE method_id = $1 ORDER BY position";
    let row: Option<MethodRow> = fetch_optional!(db, METHOD, id)?;
    let Some(row) = row else {
        return Ok(None);
    };
    let steps: Vec<StepRow> = fetch_all!(db, STEPS, row.id)?;
    Ok(Some((
        Method {
            id: row.id,
            kind: SessionKind::parse(&row.kind).ok_or(AppError::Internal)?,
            name_nl: row.name_nl,
            name_en: row.name_en,
            roles: Role::parse_list(&row.roles),
            steps: steps.into_iter().map(StepRow::into_step).collect(),
            seeded: row.seed_key.is_some(),
            team: row.team_id,
        },
        row.organisation_id,
    )))
}

/// Saves an own method of `org` (a new one when `id` is `None`): the method and all its
/// steps in one transaction, so a failure leaves nothing half-written. A seeded method, or
/// one of another organisation, is never changed (`NotFound`).
pub async fn save_own(
    db: &Db,
    org: OrganisationId,
    owner: MethodOwner,
    id: Option<MethodId>,
    method: &Method,
    now: DateTime<Utc>,
) -> Result<MethodId, AppError> {
    const INSERT: &str = "INSERT INTO methods (organisation_id, team_id, kind, name_nl, name_en, roles, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
    const UPDATE: &str = "UPDATE methods SET team_id = $1, kind = $2, name_nl = $3, name_en = $4, roles = $5 \
         WHERE id = $6 AND organisation_id = $7 AND seed_key IS NULL";
    const CLEAR: &str = "DELETE FROM method_steps WHERE method_id = $1";
    const STEP: &str = "INSERT INTO method_steps (method_id, position, name_nl, name_en, purpose_nl, purpose_en, minutes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    let team = match owner {
        MethodOwner::Team(team) => Some(team),
        MethodOwner::Organisation => None,
    };
    let roles = Role::join(&method.roles);
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let id = match id {
            None => sqlx::query_as::<_, (MethodId,)>(INSERT)
                .bind(org).bind(team).bind(method.kind.as_str()).bind(&method.name_nl)
                .bind(&method.name_en).bind(&roles).bind(now)
                .fetch_one(&mut *tx).await?.0,
            Some(id) => {
                let changed = sqlx::query(UPDATE)
                    .bind(team).bind(method.kind.as_str()).bind(&method.name_nl)
                    .bind(&method.name_en).bind(&roles).bind(id).bind(org)
                    .execute(&mut *tx).await?.rows_affected();
                if changed == 0 {
                    return Err(AppError::NotFound);
                }
                sqlx::query(CLEAR).bind(id).execute(&mut *tx).await?;
                id
            }
        };
        for (position, step) in method.steps.iter().enumerate() {
            sqlx::query(STEP)
                .bind(id).bind(position as i64).bind(&step.name_nl).bind(&step.name_en)
                .bind(&step.purpose_nl).bind(&step.purpose_en).bind(i64::from(step.minutes))
                .execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<MethodId, AppError>(id)
    })
}

/// Writes the seeded methods that are missing; seeding twice changes nothing.
pub async fn seed_library(db: &Db, now: DateTime<Utc>) -> Result<(), AppError> {
    const METHOD: &str = "INSERT INTO methods (seed_key, kind, name_nl, name_en, roles, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (seed_key) DO NOTHING RETURNING id";
    const STEP: &str = "INSERT INTO method_steps (method_id, position, name_nl, name_en, purpose_nl, purpose_en, minutes) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    for seed in SEED {
        on_db!(db, p => {
            let mut tx = p.begin_write().await?;
            let id: Option<(MethodId,)> = sqlx::query_as(METHOD)
                .bind(seed.key).bind(seed.kind.as_str()).bind(seed.name_nl).bind(seed.name_en)
                .bind(Role::join(seed.roles)).bind(now)
                .fetch_optional(&mut *tx).await?;
            if let Some((id,)) = id {
                for (position, (name_nl, name_en, purpose_nl, purpose_en, minutes)) in seed.steps.iter().enumerate() {
                    sqlx::query(STEP)
                        .bind(id).bind(position as i64).bind(name_nl).bind(name_en)
                        .bind(purpose_nl).bind(purpose_en).bind(i64::from(*minutes))
                        .execute(&mut *tx).await?;
                }
            }
            tx.commit().await?;
            Ok::<(), AppError>(())
        })?;
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct LibraryMethodRow {
    id: MethodId,
    seed_key: Option<String>,
    team_id: Option<TeamId>,
    kind: String,
    name_nl: String,
    name_en: String,
    roles: String,
}

#[derive(sqlx::FromRow)]
struct LibraryStepRow {
    method_id: MethodId,
    #[sqlx(flatten)]
    step: StepRow,
}

/// The methods a team may use: the seeded library, its organisation's and its own.
pub async fn methods_for_team(
    db: &Db,
    org: OrganisationId,
    team: TeamId,
) -> Result<Vec<Method>, AppError> {
    const METHODS: &str = "SELECT id, seed_key, team_id, kind, name_nl, name_en, roles FROM methods \
         WHERE seed_key IS NOT NULL OR (organisation_id = $1 AND (team_id IS NULL OR team_id = $2)) ORDER BY id";
    const STEPS: &str = "SELECT s.method_id, s.name_nl, s.name_en, s.purpose_nl, s.purpose_en, s.minutes \
         FROM method_steps s JOIN methods m ON m.id = s.method_id \
         WHERE m.seed_key IS NOT NULL OR (m.organisation_id = $1 AND (m.team_id IS NULL OR m.team_id = $2)) \
         ORDER BY s.method_id, s.position";
    let methods: Vec<LibraryMethodRow> = fetch_all!(db, METHODS, org, team)?;
    let mut steps: Vec<LibraryStepRow> = fetch_all!(db, STEPS, org, team)?;
    Ok(methods
        .into_iter()
        .filter_map(|m| {
            Some(Method {
                id: m.id,
                kind: SessionKind::parse(&m.kind)?,
                name_nl: m.name_nl,
                name_en: m.name_en,
                roles: Role::parse_list(&m.roles),
                steps: steps
                    .extract_if(.., |s| s.method_id == m.id)
                    .map(|s| s.step.into_step())
                    .collect(),
                seeded: m.seed_key.is_some(),
                team: m.team_id,
            })
        })
        .collect())
}
