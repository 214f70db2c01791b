//! The audit trail: who did what to which record, and when. Subjects are ids and codes, never
//! free text that could hold personal details.

use chrono::Utc;

use crate::auth::model::{Actor, OrganisationId, UserId};
use crate::db::Db;
use crate::error::AppError;
use crate::execute;

pub async fn record(
    db: &Db,
    organisation: OrganisationId,
    actor: Option<UserId>,
    action: &str,
    subject: &str,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO audit_log (organisation_id, actor_user_id, action, subject, at) VALUES ($1, $2, $3, $4, $5)";
    execute!(db, SQL, organisation, actor, action, subject, Utc::now())?;
    Ok(())
}

/// Records what a signed-in actor did; the usual call from a server function.
pub async fn by_actor(db: &Db, actor: &Actor, action: &str, subject: &str) -> Result<(), AppError> {
    record(
        db,
        actor.organisation_id,
        Some(actor.user_id),
        action,
        subject,
    )
    .await
}
