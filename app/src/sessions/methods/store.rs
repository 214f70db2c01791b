//! SQL for a team's or organisation's own methods. Callers have already authorised.

use chrono::{DateTime, Utc};

use crate::auth::model::{OrganisationId, TeamId};
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::on_db;
use crate::sessions::methods::form::MethodOwner;
use crate::sessions::methods::library::SEED;
use crate::sessions::model::{Method, MethodId, MethodStep, Role, SessionKind};

type MethodRow = (
    i64,
    Option<String>,
    Option<i64>,
    Option<i64>,
    String,
    String,
    String,
    String,
);
type StepRow = (String, String, String, String, i64);

/// One method with its steps, and the organisation it belongs to (`None` when seeded).
pub async fn method(
    db: &Db,
    id: MethodId,
) -> Result<Option<(Method, Option<OrganisationId>)>, AppError> {
    const METHOD: &str = "SELECT id, seed_key, organisation_id, team_id, kind, name_nl, name_en, roles \
         FROM methods WHERE id = $1";
    const STEPS: &str = "SELECT name_nl, name_en, purpose_nl, purpose_en, minutes FROM method_steps \
         WHERE method_id = $1 ORDER BY position";
    let row: Option<MethodRow> =
        on_db!(db, p => sqlx::query_as(METHOD).bind(id).fetch_optional(p).await)?;
    let Some((id, seed, org, team, kind, name_nl, name_en, roles)) = row else {
        return Ok(None);
    };
    let steps: Vec<StepRow> = on_db!(db, p => sqlx::query_as(STEPS).bind(id).fetch_all(p).await)?;
    Ok(Some((
        Method {
            id,
            kind: SessionKind::parse(&kind).ok_or(AppError::Internal)?,
            name_nl,
            name_en,
            roles: Role::parse_list(&roles),
            steps: steps
                .into_iter()
                .map(
                    |(name_nl, name_en, purpose_nl, purpose_en, minutes)| MethodStep {
                        name_nl,
                        name_en,
                        purpose_nl,
                        purpose_en,
                        minutes: u32::try_from(minutes).unwrap_or(1),
                    },
                )
                .collect(),
            seeded: seed.is_some(),
            team,
        },
        org,
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
            None => sqlx::query_as::<_, (i64,)>(INSERT)
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
            let id: Option<(i64,)> = sqlx::query_as(METHOD)
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
    id: i64,
    seed_key: Option<String>,
    team_id: Option<i64>,
    kind: String,
    name_nl: String,
    name_en: String,
    roles: String,
}

#[derive(sqlx::FromRow)]
struct LibraryStepRow {
    method_id: i64,
    name_nl: String,
    name_en: String,
    purpose_nl: String,
    purpose_en: String,
    minutes: i64,
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
    let methods: Vec<LibraryMethodRow> =
        on_db!(db, p => sqlx::query_as(METHODS).bind(org).bind(team).fetch_all(p).await)?;
    let steps: Vec<LibraryStepRow> =
        on_db!(db, p => sqlx::query_as(STEPS).bind(org).bind(team).fetch_all(p).await)?;
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
                    .iter()
                    .filter(|s| s.method_id == m.id)
                    .map(|s| MethodStep {
                        name_nl: s.name_nl.clone(),
                        name_en: s.name_en.clone(),
                        purpose_nl: s.purpose_nl.clone(),
                        purpose_en: s.purpose_en.clone(),
                        minutes: u32::try_from(s.minutes).unwrap_or(1),
                    })
                    .collect(),
                seeded: m.seed_key.is_some(),
                team: m.team_id,
            })
        })
        .collect())
}
