//! SQL for a team's or organisation's own methods. Callers have already authorised.

use chrono::{DateTime, Utc};

use crate::auth::model::OrganisationId;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::on_db;
use crate::sessions::methods::form::MethodOwner;
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
