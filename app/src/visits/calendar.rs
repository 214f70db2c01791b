//! Visits in people's calendars: a `.ics` download per booking and entries in the private
//! feed. Both sides see a visit: the visiting team's booker and visitors, and the host team,
//! whose meeting or work the visitors join. A visit the host has not answered yet is
//! tentative; a declined or cancelled one says so, so calendar apps take it out.

use chrono::{DateTime, Utc};
use leptos_i18n::td_string;

use super::model::{BookingId, BookingStatus};
use crate::auth::guard::authorize_session;
use crate::auth::model::{Need, UserId};
use crate::db::Db;
use crate::error::AppError;
use crate::i18n::Locale;
use crate::on_db;
use crate::sessions::calendar::{CalendarEntry, EntryStatus, calendar};
use crate::state::AppState;

#[derive(sqlx::FromRow)]
struct VisitRow {
    id: i64,
    host: String,
    visitor: String,
    theme: String,
    location: String,
    starts_at: DateTime<Utc>,
    minutes: i64,
    status: String,
    updated_at: DateTime<Utc>,
}

const VISIT: &str = "SELECT b.id, ht.name AS host, vt.name AS visitor, o.theme, o.location, \
     s.starts_at, s.minutes, b.status, b.updated_at \
     FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id JOIN visit_offers o ON o.id = s.offer_id \
     JOIN teams ht ON ht.id = o.host_team_id JOIN teams vt ON vt.id = b.visiting_team_id";

/// Calendar apps read these, not people choosing a language: Dutch, like the session entries.
/// `base` is the app's public URL; the entry links to the visits page there, where the kijkvraag
/// waits behind the log-in.
fn entry(row: VisitRow, base: &str) -> Option<CalendarEntry> {
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
    let sql = format!(
        "{VISIT} WHERE s.starts_at >= $2 AND (b.created_by = $1 \
         OR b.id IN (SELECT booking_id FROM visit_visitors WHERE user_id = $1) \
         OR o.host_team_id IN (SELECT team_id FROM memberships WHERE user_id = $1))"
    );
    let rows: Vec<VisitRow> =
        on_db!(db, p => sqlx::query_as(&sql).bind(user).bind(since).fetch_all(p).await)?;
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
    let parties = super::store::parties(&state.db, booking).await?;
    if actor.role_in(parties.host).is_none() && actor.role_in(parties.visitor).is_none() {
        return Err(AppError::NotFound);
    }
    let sql = format!("{VISIT} WHERE b.id = $1");
    let row: Option<VisitRow> =
        on_db!(&state.db, p => sqlx::query_as(&sql).bind(booking).fetch_optional(p).await)?;
    let base = &state.settings.public_url;
    let entry = row
        .and_then(|row| entry(row, base))
        .ok_or(AppError::NotFound)?;
    Ok(calendar("Draagkracht", host, &[entry], Utc::now()))
}
