//! Who hears about a visit. The host side is its leaders and its contact person: they decide
//! on bookings. The visiting side is whoever booked and the visitors named: they are going.

use chrono::{DateTime, Utc};

use super::model::{BookingId, Side};
use crate::auth::model::UserId;
use crate::db::Db;
use crate::error::AppError;
use crate::notifications::model::NotificationKind;
use crate::notifications::notify::notify_visit;
use crate::on_db;

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
    let rows: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(sql).bind(booking).fetch_all(p).await)?;
    let mut people: Vec<UserId> = rows.into_iter().map(|(id,)| id).collect();
    people.sort_unstable();
    people.dedup();
    Ok(people)
}

/// Tells one side of `booking`, but not `actor`, that `kind` happened. A failure is logged,
/// never returned: the change it reports has been made and stands.
pub async fn tell(
    db: &Db,
    booking: BookingId,
    side: Side,
    kind: NotificationKind,
    actor: UserId,
    now: DateTime<Utc>,
) {
    let result = match people_on(db, booking, side).await {
        Ok(mut people) => {
            people.retain(|p| *p != actor);
            notify_visit(db, &people, kind, booking, now).await
        }
        Err(err) => Err(err),
    };
    if let Err(err) = result {
        tracing::warn!(error = %err, booking, kind = kind.as_str(), "notifying a visit's side failed");
    }
}
