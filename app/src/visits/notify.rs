//! Who hears about a visit. The host side is its leaders and its contact person: they decide
//! on bookings. The visiting side is whoever booked and the visitors named: they are going.

use chrono::{DateTime, Utc};

use super::model::{BookingId, Side};
use crate::auth::model::UserId;
use crate::db::Db;
use crate::notifications::model::NotificationKind;
use crate::notifications::notify::notify_visit;

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
    let result = match super::store::people_on(db, booking, side).await {
        Ok(mut people) => {
            people.retain(|p| *p != actor);
            notify_visit(db, &people, kind, booking, now).await
        }
        Err(err) => Err(err),
    };
    if let Err(err) = result {
        tracing::warn!(error = %err, %booking, kind = kind.as_str(), "notifying a visit's side failed");
    }
}
