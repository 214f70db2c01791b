//! Visits in people's calendars: a `.ics` download per booking and entries in the private
//! feed. Both sides see a visit: the visiting team's booker and visitors, and the host team,
//! whose meeting or work the visitors join. A visit the host has not answered yet is
//! tentative; a declined or cancelled one says so, so calendar apps take it out.

use chrono::{DateTime, Utc};
use leptos_i18n::td_string;

use super::model::{BookingId, BookingStatus};
use crate::auth::guard::authorize_session;
use crate::auth::model::{Need, UserId};
use crate::calendar::model::{CalendarEntry, EntryStatus, calendar};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::state::AppState;
use crate::visits::store::{self, CalendarRow};

/// Calendar apps read these, not people choosing a language: Dutch, like the session entries.
/// `base` is the app's public URL; the entry links to the visits page there, where the kijkvraag
/// waits behind the log-in.
fn entry(row: CalendarRow, base: &str) -> Option<CalendarEntry> {
    let status = match BookingStatus::parse(&row.status)? {
        BookingStatus::Requested => EntryStatus::Tentative,
        BookingStatus::Confirmed => EntryStatus::Confirmed,
        BookingStatus::Declined | BookingStatus::Cancelled => EntryStatus::Cancelled,
    };
    let title = td_string!(
        Locale::nl,
        visits.calendar_title,
        visitor = row.visitor,
        host = row.host
    );
    Some(CalendarEntry {
        uid: format!("visit-{}", row.id),
        title: format!("{title} · {}", row.theme),
        link: format!("{}/visits", base.trim_end_matches('/')),
        place: row.location,
        starts_at: row.starts_at,
        minutes: u32::try_from(row.minutes).ok()?,
        status,
        updated_at: row.updated_at,
    })
}

/// The visits `user` takes part in from `since` on: as booker or visitor, or as a member of
/// the host team.
pub async fn entries_for(
    db: &Db,
    user: UserId,
    since: DateTime<Utc>,
    base: &str,
) -> Result<Vec<CalendarEntry>, AppError> {
    let rows = store::calendar_rows_for(db, user, since).await?;
    Ok(rows
        .into_iter()
        .filter_map(|row| entry(row, base))
        .collect())
}

/// One visit as a file, for a member of either team.
pub async fn visit_ics(
    state: &AppState,
    session: &tower_sessions::Session,
    booking: BookingId,
    host: &str,
) -> Result<String, AppError> {
    let actor = authorize_session(state, session, Need::SignedIn).await?;
    let parties = store::parties(&state.db, booking).await?;
    if actor.role_in(parties.host).is_none() && actor.role_in(parties.visitor).is_none() {
        return Err(AppError::NotFound);
    }
    let base = &state.settings.public_url;
    let entry = store::calendar_row(&state.db, booking)
        .await?
        .and_then(|row| entry(row, base))
        .ok_or(AppError::NotFound)?;
    Ok(calendar("Draagkracht", host, &[entry], Utc::now()))
}
