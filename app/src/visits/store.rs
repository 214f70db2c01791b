//! SQL for Turen bij de Buren. Callers have already authorised; visibility across
//! organisations is decided here, in one place (`VISIBLE_HOST`), so no query can forget it.

use chrono::{DateTime, Duration, Utc};

use super::model::{
    BookingId, BookingStatus, Ledger, NewBooking, NewOffer, NewSlot, OfferId, RequestId, Side,
    SlotId,
};
use super::views::{Neighbour, OfferCard, SlotCard};
use crate::auth::model::{OrganisationId, TeamId, UserId};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::shared::sql::id_list;
use crate::{execute, fetch_all, fetch_optional, on_db};

/// A host team `t` (joined with its organisation `o`) that the viewer's organisation `$1` may
/// see: its own teams, and those of organisations that opted in.
const VISIBLE_HOST: &str = "(o.id = $1 OR o.visible_to_neighbours = TRUE)";

#[derive(sqlx::FromRow)]
struct NeighbourRow {
    team: TeamId,
    name: String,
    organisation: String,
    kind_of_work: String,
    region: String,
    what_to_see: String,
    contact: Option<String>,
}

/// The neighbours directory: teams that accept visits and that the viewer may see. No client
/// data, and of the members only the contact person.
pub async fn neighbours(db: &Db, viewer: OrganisationId) -> Result<Vec<Neighbour>, AppError> {
    let sql = format!(
        "SELECT t.id AS team, t.name, o.name AS organisation, t.kind_of_work, p.region, p.what_to_see, \
         u.display_name AS contact \
         FROM visit_profiles p JOIN teams t ON t.id = p.team_id JOIN organisations o ON o.id = t.organisation_id \
         LEFT JOIN users u ON u.id = p.contact_id \
         WHERE p.accepts_visits = TRUE AND {VISIBLE_HOST} ORDER BY o.name, t.name"
    );
    let rows: Vec<NeighbourRow> = fetch_all!(db, &sql, viewer)?;
    Ok(rows
        .into_iter()
        .map(|row| Neighbour {
            team: row.team,
            name: row.name,
            organisation: row.organisation,
            kind_of_work: row.kind_of_work,
            region: row.region,
            what_to_see: row.what_to_see,
            contact: row.contact,
        })
        .collect())
}

/// Whether the viewer's organisation may see this team at all; if not, it does not exist.
pub async fn team_visible(db: &Db, viewer: OrganisationId, team: TeamId) -> Result<bool, AppError> {
    let sql = format!(
        "SELECT COUNT(*) FROM teams t JOIN organisations o ON o.id = t.organisation_id \
         WHERE t.id = $2 AND {VISIBLE_HOST}"
    );
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as(&sql).bind(viewer).bind(team).fetch_one(p).await)?;
    Ok(n > 0)
}

pub async fn insert_offer(
    db: &Db,
    host: TeamId,
    offer: &NewOffer,
    request: Option<RequestId>,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<OfferId, AppError> {
    const SQL: &str = "INSERT INTO visit_offers (host_team_id, theme, what_to_see, location, language, request_id, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id";
    let (id,): (OfferId,) = on_db!(db, p => sqlx::query_as(SQL)
        .bind(host).bind(&offer.theme).bind(&offer.what_to_see).bind(&offer.location)
        .bind(&offer.language).bind(request).bind(by).bind(now)
        .fetch_one(p).await)?;
    Ok(id)
}

pub async fn insert_slot(db: &Db, offer: OfferId, slot: &NewSlot) -> Result<SlotId, AppError> {
    const SQL: &str = "INSERT INTO visit_slots (offer_id, starts_at, minutes, capacity) VALUES ($1, $2, $3, $4) RETURNING id";
    let (id,): (SlotId,) = on_db!(db, p => sqlx::query_as(SQL)
        .bind(offer).bind(slot.starts_at).bind(i64::from(slot.minutes)).bind(i64::from(slot.capacity))
        .fetch_one(p).await)?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: OfferId,
    host: TeamId,
    host_name: String,
    organisation: String,
    theme: String,
    what_to_see: String,
    location: String,
    language: String,
}

#[derive(sqlx::FromRow)]
struct SlotRow {
    id: SlotId,
    offer_id: OfferId,
    starts_at: DateTime<Utc>,
    minutes: i64,
    capacity: i64,
    taken: i64,
}

/// Offers with slots still ahead, from hosts the viewer may see.
pub async fn offers(
    db: &Db,
    viewer: OrganisationId,
    now: DateTime<Utc>,
) -> Result<Vec<OfferCard>, AppError> {
    let offers_sql = format!(
        "SELECT f.id, t.id AS host, t.name AS host_name, o.name AS organisation, f.theme, f.what_to_see, \
         f.location, f.language \
         FROM visit_offers f JOIN teams t ON t.id = f.host_team_id JOIN organisations o ON o.id = t.organisation_id \
         WHERE {VISIBLE_HOST} AND f.closed_at IS NULL AND EXISTS (SELECT 1 FROM visit_slots s WHERE s.offer_id = f.id AND s.starts_at > $2) \
         ORDER BY f.id"
    );
    let slots_sql = format!(
        "SELECT s.id, s.offer_id, s.starts_at, s.minutes, s.capacity, s.taken \
         FROM visit_slots s JOIN visit_offers f ON f.id = s.offer_id JOIN teams t ON t.id = f.host_team_id \
         JOIN organisations o ON o.id = t.organisation_id \
         WHERE {VISIBLE_HOST} AND f.closed_at IS NULL AND s.starts_at > $2 ORDER BY s.starts_at, s.id"
    );
    let rows: Vec<OfferRow> = fetch_all!(db, &offers_sql, viewer, now)?;
    let slots: Vec<SlotRow> = fetch_all!(db, &slots_sql, viewer, now)?;
    Ok(rows
        .into_iter()
        .map(|offer| OfferCard {
            slots: slots
                .iter()
                .filter(|s| s.offer_id == offer.id)
                .map(|s| SlotCard {
                    id: s.id,
                    starts_at: s.starts_at,
                    minutes: u32::try_from(s.minutes).unwrap_or(0),
                    places_left: u32::try_from(s.capacity - s.taken).unwrap_or(0),
                })
                .collect(),
            id: offer.id,
            host: offer.host,
            host_name: offer.host_name,
            organisation: offer.organisation,
            theme: offer.theme,
            what_to_see: offer.what_to_see,
            location: offer.location,
            language: offer.language,
        })
        .collect())
}

/// The slot's host team and start, when the viewer may see it; otherwise not found.
pub async fn slot_host(
    db: &Db,
    viewer: OrganisationId,
    slot: SlotId,
) -> Result<(TeamId, DateTime<Utc>), AppError> {
    let sql = format!(
        "SELECT t.id, s.starts_at FROM visit_slots s JOIN visit_offers f ON f.id = s.offer_id \
         JOIN teams t ON t.id = f.host_team_id JOIN organisations o ON o.id = t.organisation_id \
         WHERE s.id = $2 AND f.closed_at IS NULL AND {VISIBLE_HOST}"
    );
    let row: Option<(TeamId, DateTime<Utc>)> =
        on_db!(db, p => sqlx::query_as(&sql).bind(viewer).bind(slot).fetch_optional(p).await)?;
    row.ok_or(AppError::NotFound)
}

/// Books places on a slot. The places are taken by one conditional update that never lets
/// `taken` pass `capacity`, so concurrent bookings cannot overbook; the booking and its
/// visitors are written in the same transaction, so a refused booking leaves nothing behind.
pub async fn book(
    db: &Db,
    slot: SlotId,
    visiting_team: TeamId,
    booking: &NewBooking,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<BookingId, AppError> {
    const TAKE: &str = "UPDATE visit_slots SET taken = taken + $1 WHERE id = $2 AND taken + $1 <= capacity AND starts_at > $3";
    const WHEN: &str = "SELECT starts_at FROM visit_slots WHERE id = $1";
    const BOOK: &str = "INSERT INTO visit_bookings (slot_id, visiting_team_id, question, places, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 'requested', $5, $6, $6) RETURNING id";
    const VISITOR: &str = "INSERT INTO visit_visitors (booking_id, user_id) VALUES ($1, $2)";
    let places = booking.visitors.len() as i64;
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        // The write comes first: SQLite then takes its write lock at once and waits its turn
        // instead of failing on a stale read.
        let took = sqlx::query(TAKE).bind(places).bind(slot).bind(now).execute(&mut *tx).await?.rows_affected();
        if took == 0 {
            // A slot that has passed is refused as such, not as full.
            let (starts_at,): (DateTime<Utc>,) = sqlx::query_as(WHEN).bind(slot).fetch_one(&mut *tx).await?;
            let problem = if starts_at <= now { FieldProblem::InThePast } else { FieldProblem::Full };
            return Err(AppError::invalid("slot", problem));
        }
        let (id,): (BookingId,) = sqlx::query_as(BOOK)
            .bind(slot).bind(visiting_team).bind(&booking.question).bind(places).bind(by).bind(now)
            .fetch_one(&mut *tx).await?;
        for visitor in &booking.visitors {
            sqlx::query(VISITOR).bind(id).bind(visitor).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<BookingId, AppError>(id)
    })
}

/// A booking's two sides and state, for deciding who may do what with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingParties {
    pub host: TeamId,
    pub visitor: TeamId,
    pub status: BookingStatus,
    pub starts_at: DateTime<Utc>,
}

pub async fn parties(db: &Db, booking: BookingId) -> Result<BookingParties, AppError> {
    const SQL: &str = "SELECT f.host_team_id, b.visiting_team_id, b.status, s.starts_at FROM visit_bookings b \
         JOIN visit_slots s ON s.id = b.slot_id JOIN visit_offers f ON f.id = s.offer_id WHERE b.id = $1";
    let row: Option<(TeamId, TeamId, String, DateTime<Utc>)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(booking).fetch_optional(p).await)?;
    let (host, visitor, status, starts_at) = row.ok_or(AppError::NotFound)?;
    Ok(BookingParties {
        host,
        visitor,
        status: BookingStatus::parse(&status).ok_or(AppError::Internal)?,
        starts_at,
    })
}

/// Moves a booking from `from` to `to`, with a reason; a booking that stops holding places
/// gives them back to the slot in the same transaction.
pub async fn change_status(
    db: &Db,
    booking: BookingId,
    from: &[BookingStatus],
    to: BookingStatus,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let allowed: Vec<String> = from.iter().map(|s| format!("'{}'", s.as_str())).collect();
    let update = format!(
        "UPDATE visit_bookings SET status = $1, reason = $2, updated_at = $3 WHERE id = $4 AND status IN ({}) \
         RETURNING slot_id, places",
        allowed.join(", ")
    );
    const GIVE_BACK: &str = "UPDATE visit_slots SET taken = taken - $1 WHERE id = $2";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let row: Option<(SlotId, i64)> = sqlx::query_as(&update)
            .bind(to.as_str()).bind(reason).bind(now).bind(booking)
            .fetch_optional(&mut *tx).await?;
        let Some((slot, places)) = row else {
            return Err(AppError::invalid("booking", FieldProblem::Stale));
        };
        if !to.holds_places() {
            sqlx::query(GIVE_BACK).bind(places).bind(slot).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

/// Confirmed visits a team hosted and made in the year up to `now`.
pub async fn ledger(db: &Db, team: TeamId, now: DateTime<Utc>) -> Result<Ledger, AppError> {
    const SQL: &str = "SELECT \
         (SELECT COUNT(*) FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id JOIN visit_offers f ON f.id = s.offer_id \
          WHERE f.host_team_id = $1 AND b.status = 'confirmed' AND s.starts_at >= $2 AND s.starts_at <= $3), \
         (SELECT COUNT(*) FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id \
          WHERE b.visiting_team_id = $1 AND b.status = 'confirmed' AND s.starts_at >= $2 AND s.starts_at <= $3)";
    let since = now - Duration::days(365);
    let (hosted, visited): (i64, i64) = on_db!(db, p => sqlx::query_as(SQL)
        .bind(team).bind(since).bind(now).fetch_one(p).await)?;
    Ok(Ledger {
        hosted: u32::try_from(hosted).unwrap_or(0),
        visited: u32::try_from(visited).unwrap_or(0),
    })
}

/// Bookings on a slot, as (status, places): for checking capacity in tests and views.
pub async fn slot_bookings(db: &Db, slot: SlotId) -> Result<Vec<(BookingStatus, u32)>, AppError> {
    const SQL: &str = "SELECT status, places FROM visit_bookings WHERE slot_id = $1";
    let rows: Vec<(String, i64)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(slot).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, n)| Some((BookingStatus::parse(&s)?, u32::try_from(n).ok()?)))
        .collect())
}

/// A team's directory entry and yearly target, as the leader saves it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub accepts: bool,
    pub region: String,
    pub what_to_see: String,
    pub contact: Option<UserId>,
    pub target: super::model::Target,
}

/// Creates or updates a team's directory entry.
pub async fn save_profile(db: &Db, team: TeamId, profile: &Profile) -> Result<(), AppError> {
    execute!(
        db,
        "INSERT INTO visit_profiles (team_id, accepts_visits, region, what_to_see, contact_id, host_target, visit_target) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (team_id) DO UPDATE SET accepts_visits = excluded.accepts_visits, region = excluded.region, \
         what_to_see = excluded.what_to_see, contact_id = excluded.contact_id, \
         host_target = excluded.host_target, visit_target = excluded.visit_target",
        team,
        profile.accepts,
        &profile.region,
        &profile.what_to_see,
        profile.contact,
        i64::from(profile.target.host),
        i64::from(profile.target.visit)
    )?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    id: BookingId,
    host: TeamId,
    host_name: String,
    visitor: TeamId,
    visitor_name: String,
    theme: String,
    location: String,
    starts_at: DateTime<Utc>,
    minutes: i64,
    question: String,
    status: String,
    reason: String,
}

/// Bookings where one of `teams` hosts or visits, soonest first; `reflected` marks those the
/// reader's side has reflected on.
pub async fn bookings_for(
    db: &Db,
    teams: &[TeamId],
) -> Result<Vec<super::views::BookingCard>, AppError> {
    if teams.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(teams);
    let sql = format!(
        "SELECT b.id, f.host_team_id AS host, h.name AS host_name, b.visiting_team_id AS visitor, \
         v.name AS visitor_name, f.theme, f.location, s.starts_at, s.minutes, \
         b.question, b.status, b.reason FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id \
         JOIN visit_offers f ON f.id = s.offer_id JOIN teams h ON h.id = f.host_team_id JOIN teams v ON v.id = b.visiting_team_id \
         WHERE f.host_team_id IN ({ids}) OR b.visiting_team_id IN ({ids}) ORDER BY s.starts_at, b.id"
    );
    let rows: Vec<BookingRow> = fetch_all!(db, &sql)?;
    let visitors_sql = format!(
        "SELECT vv.booking_id, u.display_name FROM visit_visitors vv JOIN users u ON u.id = vv.user_id \
         JOIN visit_bookings b ON b.id = vv.booking_id JOIN visit_slots s ON s.id = b.slot_id JOIN visit_offers f ON f.id = s.offer_id \
         WHERE f.host_team_id IN ({ids}) OR b.visiting_team_id IN ({ids}) ORDER BY u.display_name"
    );
    let visitors: Vec<(BookingId, String)> =
        on_db!(db, p => sqlx::query_as(&visitors_sql).fetch_all(p).await)?;
    let reflections_sql = format!(
        "SELECT r.booking_id, r.side FROM visit_reflections r JOIN visit_bookings b ON b.id = r.booking_id \
         JOIN visit_slots s ON s.id = b.slot_id JOIN visit_offers f ON f.id = s.offer_id \
         WHERE f.host_team_id IN ({ids}) OR b.visiting_team_id IN ({ids})"
    );
    let reflected: Vec<(BookingId, String)> =
        on_db!(db, p => sqlx::query_as(&reflections_sql).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let my_side = if teams.contains(&row.host) {
                Side::Host
            } else {
                Side::Visitor
            };
            Some(super::views::BookingCard {
                id: row.id,
                host: row.host,
                host_name: row.host_name,
                visitor: row.visitor,
                visitor_name: row.visitor_name,
                theme: row.theme,
                location: row.location,
                starts_at: row.starts_at,
                minutes: u32::try_from(row.minutes).ok()?,
                question: row.question,
                visitors: visitors
                    .iter()
                    .filter(|v| v.0 == row.id)
                    .map(|v| v.1.clone())
                    .collect(),
                status: BookingStatus::parse(&row.status)?,
                reason: row.reason,
                my_side,
                reflected: reflected
                    .iter()
                    .any(|(b, s)| *b == row.id && s == my_side.as_str()),
            })
        })
        .collect())
}

/// Writes one side's reflection once; a second attempt is stale.
#[allow(clippy::too_many_arguments)]
pub async fn write_reflection(
    db: &Db,
    booking: BookingId,
    side: super::model::Side,
    struck: &str,
    take_away: &str,
    share_wider: bool,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO visit_reflections (booking_id, side, struck, take_away, share_wider, written_by, written_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (booking_id, side) DO NOTHING";
    let written = execute!(
        db,
        SQL,
        booking,
        side.as_str(),
        struck,
        take_away,
        share_wider,
        by,
        now
    )?;
    if written == 0 {
        return Err(AppError::invalid("struck", FieldProblem::Stale));
    }
    Ok(())
}

/// A reflection with its visit's two teams and theme.
#[derive(sqlx::FromRow)]
struct ReflectionRow {
    booking_id: BookingId,
    host_name: String,
    visitor_name: String,
    theme: String,
    side: String,
    struck: String,
    take_away: String,
    written_at: DateTime<Utc>,
}

/// The learning library: reflections on visits that one of `teams` took part in, and those
/// both sides agreed to share with the organisation (`org`), filtered by words in `query`.
pub async fn library(
    db: &Db,
    org: OrganisationId,
    teams: &[TeamId],
    query: &str,
) -> Result<Vec<super::views::ReflectionCard>, AppError> {
    let ids = id_list(teams);
    let sql = format!(
        "SELECT r.booking_id, h.name AS host_name, v.name AS visitor_name, f.theme, r.side, r.struck, r.take_away, r.written_at \
         FROM visit_reflections r JOIN visit_bookings b ON b.id = r.booking_id JOIN visit_slots s ON s.id = b.slot_id \
         JOIN visit_offers f ON f.id = s.offer_id JOIN teams h ON h.id = f.host_team_id JOIN teams v ON v.id = b.visiting_team_id \
         WHERE f.host_team_id IN ({ids}) OR b.visiting_team_id IN ({ids}) \
            OR ((h.organisation_id = $1 OR v.organisation_id = $1) \
                AND (SELECT COUNT(*) FROM visit_reflections w WHERE w.booking_id = b.id AND w.share_wider = TRUE) = 2) \
         ORDER BY r.written_at DESC, r.booking_id, r.side"
    );
    let rows: Vec<ReflectionRow> = fetch_all!(db, &sql, org)?;
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(super::views::ReflectionCard {
                booking: row.booking_id,
                host_name: row.host_name,
                visitor_name: row.visitor_name,
                theme: row.theme,
                side: Side::parse(&row.side)?,
                struck: row.struck,
                take_away: row.take_away,
                written_at: row.written_at,
            })
        })
        .filter(|r| {
            let text = format!(
                "{} {} {} {} {}",
                r.theme, r.struck, r.take_away, r.host_name, r.visitor_name
            )
            .to_lowercase();
            words.iter().all(|w| text.contains(w.as_str()))
        })
        .collect())
}

/// A team's directory entry; a team without one accepts visits with the default target.
pub async fn profile(db: &Db, team: TeamId) -> Result<Profile, AppError> {
    const SQL: &str = "SELECT accepts_visits, region, what_to_see, contact_id, host_target, visit_target \
         FROM visit_profiles WHERE team_id = $1";
    let row: Option<(bool, String, String, Option<UserId>, i64, i64)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_optional(p).await)?;
    Ok(match row {
        Some((accepts, region, what_to_see, contact, host, visit)) => Profile {
            accepts,
            region,
            what_to_see,
            contact,
            target: super::model::Target {
                host: u32::try_from(host).unwrap_or(0),
                visit: u32::try_from(visit).unwrap_or(0),
            },
        },
        None => Profile {
            accepts: true,
            region: String::new(),
            what_to_see: String::new(),
            contact: None,
            target: super::model::Target::default(),
        },
    })
}

/// Open requests from teams the viewer may see, newest first.
pub async fn open_requests(
    db: &Db,
    viewer: OrganisationId,
) -> Result<Vec<super::views::RequestCard>, AppError> {
    let sql = format!(
        "SELECT r.id, t.id, t.name, o.name, r.wish, \
         (SELECT COUNT(*) FROM visit_offers f WHERE f.request_id = r.id) \
         FROM visit_requests r JOIN teams t ON t.id = r.team_id JOIN organisations o ON o.id = t.organisation_id \
         WHERE r.closed_at IS NULL AND {VISIBLE_HOST} ORDER BY r.created_at DESC, r.id"
    );
    let rows: Vec<(RequestId, TeamId, String, String, String, i64)> =
        on_db!(db, p => sqlx::query_as(&sql).bind(viewer).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, team, team_name, organisation, wish, answers)| super::views::RequestCard {
                id,
                team,
                team_name,
                organisation,
                wish,
                answers: u32::try_from(answers).unwrap_or(0),
            },
        )
        .collect())
}

pub async fn insert_request(
    db: &Db,
    team: TeamId,
    wish: &str,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<RequestId, AppError> {
    const SQL: &str = "INSERT INTO visit_requests (team_id, wish, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id";
    let (id,): (RequestId,) = on_db!(db, p => sqlx::query_as(SQL)
        .bind(team).bind(wish).bind(by).bind(now).fetch_one(p).await)?;
    Ok(id)
}

/// What a calendar entry of a visit is made of.
#[derive(sqlx::FromRow)]
pub struct CalendarRow {
    pub id: BookingId,
    pub host: String,
    pub visitor: String,
    pub theme: String,
    pub location: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    pub status: String,
    pub updated_at: DateTime<Utc>,
}

const CALENDAR_ROW: &str = "SELECT b.id, ht.name AS host, vt.name AS visitor, o.theme, o.location, \
     s.starts_at, s.minutes, b.status, b.updated_at \
     FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id JOIN visit_offers o ON o.id = s.offer_id \
     JOIN teams ht ON ht.id = o.host_team_id JOIN teams vt ON vt.id = b.visiting_team_id";

/// A booking's calendar entry.
pub async fn calendar_row(db: &Db, booking: BookingId) -> Result<Option<CalendarRow>, AppError> {
    let sql = format!("{CALENDAR_ROW} WHERE b.id = $1");
    Ok(fetch_optional!(db, &sql, booking)?)
}

/// The visits `user` takes part in from `since` on: as booker or visitor, or as a member of
/// the host team.
pub async fn calendar_rows_for(
    db: &Db,
    user: UserId,
    since: DateTime<Utc>,
) -> Result<Vec<CalendarRow>, AppError> {
    let sql = format!(
        "{CALENDAR_ROW} WHERE s.starts_at >= $2 AND (b.created_by = $1 \
         OR b.id IN (SELECT booking_id FROM visit_visitors WHERE user_id = $1) \
         OR o.host_team_id IN (SELECT team_id FROM memberships WHERE user_id = $1))"
    );
    Ok(fetch_all!(db, &sql, user, since)?)
}

/// The people of one side of `booking`, each once, active accounts only.
pub async fn people_on(db: &Db, booking: BookingId, side: Side) -> Result<Vec<UserId>, AppError> {
    const HOST: &str = "SELECT m.user_id FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id \
         JOIN visit_offers o ON o.id = s.offer_id \
         JOIN memberships m ON m.team_id = o.host_team_id AND m.role = 'leader' WHERE b.id = $1 \
         UNION SELECT p.contact_id FROM visit_bookings b JOIN visit_slots s ON s.id = b.slot_id \
         JOIN visit_offers o ON o.id = s.offer_id JOIN visit_profiles p ON p.team_id = o.host_team_id \
         WHERE b.id = $1 AND p.contact_id IS NOT NULL";
    const VISITING: &str = "SELECT created_by FROM visit_bookings WHERE id = $1 \
         UNION SELECT user_id FROM visit_visitors WHERE booking_id = $1";
    let sql = match side {
        Side::Host => HOST,
        Side::Visitor => VISITING,
    };
    let rows: Vec<(UserId,)> = fetch_all!(db, sql, booking)?;
    let mut people: Vec<UserId> = rows.into_iter().map(|(id,)| id).collect();
    people.sort_unstable();
    people.dedup();
    Ok(people)
}
