//! What sessions put in a calendar: the `.ics` download of one session, and the sessions a
//! person is invited to for their feed. Entries carry a title, a time, a place and a link
//! into the app, never case content.

use chrono::{DateTime, Utc};

use crate::auth::guard::authorize_session;
use crate::auth::model::{Need, TeamRole, UserId};
use crate::calendar::model::{CalendarEntry, EntryStatus, calendar};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::sessions::model::{SessionId, SessionKind, SessionStatus};
use crate::sessions::plan::store::{self, CalendarRow};
use crate::state::AppState;

/// Feeds and downloads are read by calendar apps, not people choosing a language: Dutch first.
fn kind_label(kind: SessionKind) -> &'static str {
    use leptos_i18n::td_string;
    match kind {
        SessionKind::Intervision => td_string!(Locale::nl, sessions.k_intervision),
        SessionKind::MoralDeliberation => td_string!(Locale::nl, sessions.k_moral_deliberation),
    }
}

/// `base` is the app's public URL; the entry links to the session there.
fn entry(row: CalendarRow, base: &str) -> Option<CalendarEntry> {
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
    let access = store::access(&state.db, id, actor.user_id).await?;
    let plans = access.facilitator
        || matches!(
            actor.role_in(access.team),
            Some(TeamRole::Leader | TeamRole::Facilitator)
        );
    if !access.invited && !plans {
        return Err(AppError::NotFound);
    }
    let base = &state.settings.public_url;
    let entry = store::calendar_row(&state.db, id)
        .await?
        .and_then(|row| entry(row, base))
        .ok_or(AppError::NotFound)?;
    Ok(calendar("Draagkracht", host, &[entry], Utc::now()))
}

/// The planned sessions `user` is invited to and has not declined, from `since` on.
pub async fn entries_for(
    db: &Db,
    user: UserId,
    since: DateTime<Utc>,
    base: &str,
) -> Result<Vec<CalendarEntry>, AppError> {
    Ok(store::calendar_rows_for(db, user, since)
        .await?
        .into_iter()
        .filter_map(|row| entry(row, base))
        .collect())
}
