//! SQL for retention: an organisation's periods, and applying them. Each kind of record goes in
//! its own statement, which is complete by itself, so a job that stops half-way leaves nothing
//! half-erased and the next run finishes the work.

use chrono::{DateTime, Utc};

use super::model::{Cutoffs, Kept, RetentionPeriods};
use crate::auth::model::{OrganisationId, TeamId};
use crate::db::Db;
use crate::error::AppError;
use crate::privacy::erasure::store::erase_client;
use crate::shared::ids::ClientId;
use crate::{execute, fetch_all, on_db};

const PERIODS: &str = "SELECT retention_closed_clients_months, retention_signal_notes_months, \
     retention_login_attempts_days, retention_notifications_months, retention_session_notes_months, \
     retention_access_log_months FROM organisations WHERE id = $1";

type PeriodRow = (i32, i32, i32, i32, i32, i32);

fn periods_of(row: PeriodRow) -> RetentionPeriods {
    let months = |n: i32| u32::try_from(n).unwrap_or(0);
    RetentionPeriods {
        closed_clients_months: months(row.0),
        signal_notes_months: months(row.1),
        login_attempts_days: months(row.2),
        notifications_months: months(row.3),
        session_notes_months: months(row.4),
        access_log_months: months(row.5),
    }
}

pub async fn periods(db: &Db, org: OrganisationId) -> Result<RetentionPeriods, AppError> {
    let row: Option<PeriodRow> =
        on_db!(db, p => sqlx::query_as(PERIODS).bind(org).fetch_optional(p).await)?;
    row.map(periods_of).ok_or(AppError::NotFound)
}

pub async fn save(
    db: &Db,
    org: OrganisationId,
    periods: &RetentionPeriods,
) -> Result<(), AppError> {
    const SQL: &str = "UPDATE organisations SET retention_closed_clients_months = $1, \
         retention_signal_notes_months = $2, retention_login_attempts_days = $3, \
         retention_notifications_months = $4, retention_session_notes_months = $5, \
         retention_access_log_months = $6 WHERE id = $7";
    let n = |kept: Kept| i32::try_from(periods.get(kept)).unwrap_or(i32::MAX);
    execute!(
        db,
        SQL,
        n(Kept::ClosedClients),
        n(Kept::SignalNotes),
        n(Kept::LoginAttempts),
        n(Kept::Notifications),
        n(Kept::SessionNotes),
        n(Kept::AccessLog),
        org
    )?;
    Ok(())
}

/// Every organisation with its periods, for the daily job.
pub async fn organisations(db: &Db) -> Result<Vec<(OrganisationId, RetentionPeriods)>, AppError> {
    const SQL: &str = "SELECT id, retention_closed_clients_months, retention_signal_notes_months, \
         retention_login_attempts_days, retention_notifications_months, retention_session_notes_months, \
         retention_access_log_months FROM organisations ORDER BY id";
    let rows: Vec<(OrganisationId, i32, i32, i32, i32, i32, i32)> = fetch_all!(db, SQL)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.0, periods_of((r.1, r.2, r.3, r.4, r.5, r.6))))
        .collect())
}

/// How many records one run removed or emptied, per kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub clients: u64,
    pub signal_notes: u64,
    pub login_records: u64,
    pub notifications: u64,
    pub session_notes: u64,
    pub access_log: u64,
}

/// Between two erasures or batches by the daily job.
const PAUSE: std::time::Duration = std::time::Duration::from_millis(50);
/// The most rows one write of the daily job touches. On a large organisation a single
/// statement over every old row would hold SQLite's one write lock for seconds, and people's
/// own saves would wait that long; batches keep each write short.
pub const BATCH: u64 = 1000;

/// Runs `batch`, a write that touches at most [`BATCH`] rows, until it touches fewer: each is
/// its own short write, with a pause in between for people's own writes.
async fn in_batches<F, Fut>(mut batch: F) -> Result<u64, AppError>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<u64, sqlx::Error>>,
{
    let mut total = 0;
    loop {
        let touched = batch().await?;
        total += touched;
        if touched < BATCH {
            return Ok(total);
        }
        tokio::time::sleep(PAUSE).await;
    }
}

/// Runs a statement over `$1` (the organisation) and `$2` (the cutoff) in batches.
async fn org_batches(
    db: &Db,
    sql: &str,
    org: OrganisationId,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    in_batches(|| async { execute!(db, sql, org, before) }).await
}

const ORG_TEAMS: &str = "(SELECT id FROM teams WHERE organisation_id = $1)";
const ORG_USERS: &str = "(SELECT id FROM users WHERE organisation_id = $1)";

/// Applies one organisation's periods.
pub async fn apply(db: &Db, org: OrganisationId, cut: &Cutoffs) -> Result<Applied, AppError> {
    Ok(Applied {
        clients: closed_clients(db, org, cut).await?,
        signal_notes: signal_notes(db, org, cut.signal_notes).await?,
        login_records: login_records(db, org, cut.login_attempts).await?,
        notifications: notifications(db, org, cut.notifications).await?,
        session_notes: session_notes(db, org, cut.session_notes).await?,
        access_log: access_log(db, org, cut.access_log).await?,
    })
}

async fn closed_clients(db: &Db, org: OrganisationId, cut: &Cutoffs) -> Result<u64, AppError> {
    let sql = format!(
        "SELECT id, team_id FROM clients WHERE status = 'closed' AND end_date < $2 AND team_id IN {ORG_TEAMS}"
    );
    let due: Vec<(ClientId, TeamId)> = fetch_all!(db, &sql, org, cut.closed_clients)?;
    let mut erased = 0;
    for (client, team) in due {
        // Each erasure is its own short write; the pause lets people's own writes in between
        // (on SQLite there is one writer at a time).
        tokio::time::sleep(PAUSE).await;
        match erase_client(db, org, team, client).await {
            Ok(()) => erased += 1,
            // Reopened or erased by hand since it was read.
            Err(AppError::NotFound | AppError::Invalid { .. }) => {}
            Err(err) => return Err(err),
        }
    }
    Ok(erased)
}

async fn signal_notes(
    db: &Db,
    org: OrganisationId,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    let sql = format!(
        "UPDATE stuck_signals SET note = '', helped = '' WHERE id IN (SELECT id FROM stuck_signals \
         WHERE created_at < $2 AND (note <> '' OR helped <> '') AND team_id IN {ORG_TEAMS} \
         LIMIT {BATCH})"
    );
    // What one asked a colleague to look at serves the same conversation as the note.
    let questions = format!(
        "UPDATE help_requests SET question = '' WHERE id IN (SELECT id FROM help_requests \
         WHERE created_at < $2 AND question <> '' AND team_id IN {ORG_TEAMS} LIMIT {BATCH})"
    );
    Ok(
        org_batches(db, &sql, org, before).await?
            + org_batches(db, &questions, org, before).await?,
    )
}

/// Login attempts that name one of the organisation's accounts, and its ended sign-ins, both
/// with the network address they came from.
async fn login_records(
    db: &Db,
    org: OrganisationId,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    let attempts = format!(
        "DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts \
         WHERE attempted_at < $2 AND account_key IN \
         (SELECT LOWER(email) FROM users WHERE organisation_id = $1) LIMIT {BATCH})"
    );
    let sign_ins = format!(
        "DELETE FROM sign_ins WHERE id IN (SELECT id FROM sign_ins \
         WHERE last_seen_at < $2 AND user_id IN {ORG_USERS} LIMIT {BATCH})"
    );
    Ok(org_batches(db, &attempts, org, before).await?
        + org_batches(db, &sign_ins, org, before).await?)
}

/// Attempts that name no account belong to no organisation; the caller passes the shortest
/// period any organisation chose.
pub async fn unknown_login_attempts(db: &Db, before: DateTime<Utc>) -> Result<u64, AppError> {
    let sql = format!(
        "DELETE FROM login_attempts WHERE id IN (SELECT id FROM login_attempts \
         WHERE attempted_at < $1 AND account_key NOT IN (SELECT LOWER(email) FROM users) \
         LIMIT {BATCH})"
    );
    in_batches(|| async { execute!(db, &sql, before) }).await
}

/// Passkey challenges that were never answered: they ran out long before `before`.
pub async fn unanswered_passkey_challenges(
    db: &Db,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    const SQL: &str = "DELETE FROM passkey_ceremonies WHERE created_at < $1";
    Ok(execute!(db, SQL, before)?)
}

async fn notifications(
    db: &Db,
    org: OrganisationId,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    let sql = format!(
        "DELETE FROM notifications WHERE id IN (SELECT id FROM notifications \
         WHERE created_at < $2 AND user_id IN {ORG_USERS} LIMIT {BATCH})"
    );
    org_batches(db, &sql, org, before).await
}

/// What was said in sessions held (or cancelled) before the cutoff.
async fn session_notes(
    db: &Db,
    org: OrganisationId,
    before: DateTime<Utc>,
) -> Result<u64, AppError> {
    let old = format!(
        "(SELECT id FROM sessions WHERE status <> 'planned' AND COALESCE(starts_at, created_at) < $2 \
         AND team_id IN {ORG_TEAMS})"
    );
    let steps = format!(
        "DELETE FROM session_step_notes WHERE (session_id, position) IN \
         (SELECT session_id, position FROM session_step_notes WHERE session_id IN {old} LIMIT {BATCH})"
    );
    let preparations = format!(
        "DELETE FROM session_preparations WHERE (session_id, prompt) IN \
         (SELECT session_id, prompt FROM session_preparations WHERE session_id IN {old} LIMIT {BATCH})"
    );
    let texts = format!(
        "UPDATE sessions SET question = '', insights = '' WHERE id IN (SELECT id FROM sessions \
         WHERE id IN {old} AND (question <> '' OR insights <> '') LIMIT {BATCH})"
    );
    org_batches(db, &steps, org, before).await?;
    org_batches(db, &preparations, org, before).await?;
    org_batches(db, &texts, org, before).await
}

/// The one path that removes access log entries.
async fn access_log(db: &Db, org: OrganisationId, before: DateTime<Utc>) -> Result<u64, AppError> {
    let sql = format!(
        "DELETE FROM audit_log WHERE id IN (SELECT id FROM audit_log \
         WHERE organisation_id = $1 AND at < $2 LIMIT {BATCH})"
    );
    org_batches(db, &sql, org, before).await
}
