//! The `.ics` download of one session and each person's private calendar feed. The feed is
//! opened by calendar apps without a login, so its URL carries a random token; only the
//! token's hash is stored, and the person can renew or revoke it at any time.

use chrono::{DateTime, Duration, Utc};

use crate::auth::guard::authorize_session;
use crate::auth::links::{hash_token, new_token};
use crate::auth::model::{Need, TeamRole, UserId};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::sessions::calendar::{CalendarEntry, EntryStatus, calendar};
use crate::sessions::model::{SessionId, SessionKind, SessionStatus};
use crate::state::AppState;
use crate::{execute, on_db};

/// Feeds and downloads are read by calendar apps, not people choosing a language: Dutch first.
fn kind_label(kind: SessionKind) -> &'static str {
    use leptos_i18n::td_string;
    match kind {
        SessionKind::Intervision => td_string!(Locale::nl, sessions.k_intervision),
        SessionKind::MoralDeliberation => td_string!(Locale::nl, sessions.k_moral_deliberation),
    }
}

#[derive(sqlx::FromRow)]
struct EntryRow {
    id: i64,
    kind: String,
    name_nl: String,
    place: String,
    starts_at: DateTime<Utc>,
    minutes: i64,
    status: String,
    updated_at: DateTime<Utc>,
}

const ENTRY: &str = "SELECT s.id, s.kind, m.name_nl, s.place, s.starts_at, s.minutes, s.status, s.updated_at \
     FROM sessions s JOIN methods m ON m.id = s.method_id";

/// `base` is the app's public URL; the entry links to the session there.
fn entry(row: EntryRow, base: &str) -> Option<CalendarEntry> {
    let kind = SessionKind::parse(&row.kind)?;
    let status = match SessionStatus::parse(&row.status)? {
        SessionStatus::Cancelled => EntryStatus::Cancelled,
        _ => EntryStatus::Confirmed,
    };
    Some(CalendarEntry {
        uid: format!("session-{}", row.id),
        title: format!("{} · {}", kind_label(kind), row.name_nl),
        link: format!("{}/sessions/{}", base.trim_end_matches('/'), row.id),
        place: row.place,
        starts_at: row.starts_at,
        minutes: u32::try_from(row.minutes).ok()?,
        status,
        updated_at: row.updated_at,
    })
}

/// One session as a file, for an invitee or a planner of its team.
pub async fn session_ics(
    state: &AppState,
    session: &tower_sessions::Session,
    id: SessionId,
    host: &str,
) -> Result<String, AppError> {
    let actor = authorize_session(state, session, Need::SignedIn).await?;
    let access = crate::sessions::plan::store::access(&state.db, id, actor.user_id).await?;
    let plans = access.facilitator
        || matches!(
            actor.role_in(access.team),
            Some(TeamRole::Leader | TeamRole::Facilitator)
        );
    if !access.invited && !plans {
        return Err(AppError::NotFound);
    }
    let sql = format!("{ENTRY} WHERE s.id = $1 AND s.starts_at IS NOT NULL");
    let row: Option<EntryRow> =
        on_db!(&state.db, p => sqlx::query_as(&sql).bind(id).fetch_optional(p).await)?;
    let base = &state.settings.public_url;
    let entry = row
        .and_then(|row| entry(row, base))
        .ok_or(AppError::NotFound)?;
    Ok(calendar("Draagkracht", host, &[entry], Utc::now()))
}

/// Every session the token's owner is invited to and every visit of theirs (see
/// [`crate::visits::calendar`]), from a month back on. A token that was never
/// issued, or was revoked, finds nothing.
pub async fn feed_ics(db: &Db, token: &str, host: &str, base: &str) -> Result<String, AppError> {
    let owner: Option<(i64,)> = on_db!(db, p => sqlx::query_as(
        "SELECT t.user_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND u.active = TRUE")
        .bind(hash_token(token)).fetch_optional(p).await)?;
    let (user,) = owner.ok_or(AppError::NotFound)?;
    let sql = format!(
        "{ENTRY} WHERE s.starts_at IS NOT NULL AND s.starts_at >= $2 AND s.id IN \
         (SELECT session_id FROM session_participants WHERE user_id = $1 AND answer <> 'no') ORDER BY s.starts_at"
    );
    let since = Utc::now() - Duration::days(31);
    let rows: Vec<EntryRow> =
        on_db!(db, p => sqlx::query_as(&sql).bind(user).bind(since).fetch_all(p).await)?;
    let mut entries: Vec<CalendarEntry> = rows
        .into_iter()
        .filter_map(|row| entry(row, base))
        .collect();
    entries.extend(crate::visits::calendar::entries_for(db, user, since, base).await?);
    entries.sort_by_key(|e| e.starts_at);
    Ok(calendar("Draagkracht", host, &entries, Utc::now()))
}

/// A new feed token for `user`; the old one stops working at once.
pub async fn renew_token(db: &Db, user: UserId, now: DateTime<Utc>) -> Result<String, AppError> {
    let token = new_token();
    execute!(db, "DELETE FROM calendar_tokens WHERE user_id = $1", user)?;
    execute!(
        db,
        "INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3)",
        user,
        hash_token(&token),
        now
    )?;
    Ok(token)
}

pub async fn revoke_token(db: &Db, user: UserId) -> Result<(), AppError> {
    execute!(db, "DELETE FROM calendar_tokens WHERE user_id = $1", user)?;
    Ok(())
}

pub async fn has_token(db: &Db, user: UserId) -> Result<bool, AppError> {
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as("SELECT COUNT(*) FROM calendar_tokens WHERE user_id = $1")
        .bind(user).fetch_one(p).await)?;
    Ok(n > 0)
}
