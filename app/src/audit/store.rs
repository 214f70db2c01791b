//! SQL for the audit trail: appending, and the two ways of reading it.

use chrono::{DateTime, Utc};

use super::model::{LogFilter, MAX_ENTRIES};
use super::views::LogEntry;
use crate::auth::model::{OrganisationId, UserId};
use crate::db::Db;
use crate::error::AppError;
use crate::{execute, fetch_all};

/// The only write to the trail: an entry is appended, never changed.
pub async fn append(
    db: &Db,
    organisation: OrganisationId,
    actor: Option<UserId>,
    action: &str,
    subject: &str,
    address: &str,
    at: DateTime<Utc>,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO audit_log (organisation_id, actor_user_id, action, subject, address, client_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)";
    let client = super::model::client_of(subject);
    execute!(
        db,
        SQL,
        organisation,
        actor,
        action,
        subject,
        address,
        client,
        at
    )?;
    Ok(())
}

/// The organisation's entries that match the filter, newest first, one more than the page
/// shows (so the reader knows there are more).
pub async fn select(
    db: &Db,
    org: OrganisationId,
    filter: &LogFilter,
) -> Result<Vec<LogEntry>, AppError> {
    const SQL: &str = "SELECT a.at, COALESCE(u.display_name, '') AS who, a.action, a.subject, c.code AS client_code, a.address \
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_user_id \
         LEFT JOIN clients c ON c.id = a.client_id \
         WHERE a.organisation_id = $1 \
         AND ($2 = 0 OR a.actor_user_id = $2) \
         AND ($3 = '' OR c.code = $3) \
         AND ($4 = '' OR a.action = $4 OR a.action LIKE $4 || '.%') \
         AND a.at >= $5 AND a.at < $6 \
         ORDER BY a.at DESC, a.id DESC LIMIT $7";
    let person = filter.person.map_or(0, |p| p.get());
    let code = filter.client_code.clone().unwrap_or_default();
    let action = filter.action.unwrap_or("");
    let (from, to) = filter.period();
    Ok(fetch_all!(
        db,
        SQL,
        org,
        person,
        code,
        action,
        from,
        to,
        MAX_ENTRIES + 1
    )?)
}

/// Who else opened or changed the files of the clients `user` carries now, since `since`.
pub async fn opened_my_clients(
    db: &Db,
    user: UserId,
    since: DateTime<Utc>,
) -> Result<Vec<LogEntry>, AppError> {
    const SQL: &str = "SELECT a.at, COALESCE(u.display_name, '') AS who, a.action, a.subject, c.code AS client_code, a.address \
         FROM clients c JOIN assignments s ON s.client_id = c.id AND s.user_id = $1 AND s.to_date IS NULL \
         JOIN audit_log a ON a.client_id = c.id \
         LEFT JOIN users u ON u.id = a.actor_user_id \
         WHERE c.status = 'active' AND a.action LIKE 'client.%' \
         AND (a.actor_user_id IS NULL OR a.actor_user_id <> $1) AND a.at >= $2 \
         ORDER BY a.at DESC LIMIT $3";
    Ok(fetch_all!(db, SQL, user, since, MAX_ENTRIES)?)
}

/// The organisation's people by name, to filter on.
pub async fn people(db: &Db, org: OrganisationId) -> Result<Vec<(UserId, String)>, AppError> {
    const SQL: &str =
        "SELECT id, display_name FROM users WHERE organisation_id = $1 ORDER BY display_name, id";
    Ok(fetch_all!(db, SQL, org)?)
}

pub async fn last_of(
    db: &Db,
    org: OrganisationId,
    action: &str,
) -> Result<Option<(DateTime<Utc>, String)>, AppError> {
    const SQL: &str = "SELECT at, subject FROM audit_log WHERE organisation_id = $1 AND action = $2 \
         ORDER BY at DESC, id DESC LIMIT 1";
    Ok(crate::fetch_optional!(db, SQL, org, action)?)
}
