//! SQL for notifications. Callers have already authorised; every read and write names the
//! recipient, so nobody reaches another person's notifications through here.

use chrono::{DateTime, Duration, Utc};

use super::model::{
    About, NotificationId, NotificationItem, NotificationKind, PendingEmail, ReadSelection,
};
use crate::auth::model::UserId;
use crate::db::Db;
use crate::error::AppError;
use crate::sessions::model::{SessionId, SessionKind};
use crate::visits::model::BookingId;
use crate::{execute, on_db};

/// How far ahead a reminder is created: a day before the session.
pub const REMINDER_AHEAD: Duration = Duration::hours(24);

/// The newest notifications shown on the page; older ones stay in the database.
pub const LIST_LIMIT: i64 = 100;

/// Trusted integer ids (never user text) for an `IN (…)` list; `-1` matches nothing.
fn id_list(ids: &[i64]) -> String {
    if ids.is_empty() {
        "-1".to_owned()
    } else {
        ids.iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Notifies `users` (active accounts only, each once) that `kind` happened to `session`, in
/// one statement. A new time (`Changed`) also clears the session's earlier reminders, so a
/// reminder comes again for the new time. Yields how many notifications were written.
pub async fn notify(
    db: &Db,
    users: &[UserId],
    kind: NotificationKind,
    session: SessionId,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    const OLD_REMINDERS: &str =
        "DELETE FROM notifications WHERE session_id = $1 AND kind = 'reminder'";
    let insert = insert_for("session_id", users);
    on_db!(db, p => {
        let mut tx = p.begin().await?;
        if kind == NotificationKind::Changed {
            sqlx::query(OLD_REMINDERS).bind(session).execute(&mut *tx).await?;
        }
        let written = if users.is_empty() {
            0
        } else {
            sqlx::query(&insert)
                .bind(kind.as_str()).bind(session).bind(now)
                .execute(&mut *tx).await?.rows_affected()
        };
        tx.commit().await?;
        Ok::<u64, AppError>(written)
    })
}

/// Notifies `users` (active accounts only) that `kind` happened to a visit `booking`.
pub async fn notify_visit(
    db: &Db,
    users: &[UserId],
    kind: NotificationKind,
    booking: BookingId,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    if users.is_empty() {
        return Ok(0);
    }
    Ok(execute!(
        db,
        &insert_for("visit_booking_id", users),
        kind.as_str(),
        booking,
        now
    )?)
}

/// One INSERT of a notification per active user in `users`; `column` is a trusted column name.
fn insert_for(column: &str, users: &[UserId]) -> String {
    format!(
        "INSERT INTO notifications (user_id, kind, {column}, created_at) \
         SELECT u.id, $1, $2, $3 FROM users u WHERE u.active = TRUE AND u.id IN ({}) \
         ON CONFLICT DO NOTHING",
        id_list(users)
    )
}

/// Everyone invited to `session` except `actor` (the person who made the change).
pub async fn invitees_except(
    db: &Db,
    session: SessionId,
    actor: UserId,
) -> Result<Vec<UserId>, AppError> {
    let rows: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(
        "SELECT user_id FROM session_participants WHERE session_id = $1 AND user_id <> $2 ORDER BY user_id")
        .bind(session).bind(actor).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Notifies everyone invited to `session` but `actor`: the one call each session hook makes.
/// A failure is logged, never returned: the change it reports has been made and stands.
pub async fn notify_invitees(
    db: &Db,
    session: SessionId,
    actor: UserId,
    kind: NotificationKind,
    now: DateTime<Utc>,
) {
    let result = match invitees_except(db, session, actor).await {
        Ok(users) => notify(db, &users, kind, session, now).await,
        Err(err) => Err(err),
    };
    if let Err(err) = result {
        tracing::warn!(error = %err, session, kind = kind.as_str(), "notifying invitees failed");
    }
}

pub async fn unread_count(db: &Db, user: UserId) -> Result<i64, AppError> {
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user).fetch_one(p).await)?;
    Ok(n)
}

type ItemRow = (
    i64,
    String,
    i64,
    String,
    String,
    String,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// A notification's recipient's email and name, then the columns of [`ItemRow`].
type EmailRow = (
    String,
    String,
    i64,
    String,
    i64,
    String,
    String,
    String,
    Option<DateTime<Utc>>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

/// What a notification is about, in one shape for both: id, kind, subject id, three texts,
/// start, created and read. Sessions give their kind and method names.
const ON_SESSIONS: (&str, &str) = (
    "n.id, n.kind, s.id, s.kind, m.name_nl, m.name_en, s.starts_at, n.created_at, n.read_at",
    "notifications n JOIN sessions s ON s.id = n.session_id JOIN methods m ON m.id = s.method_id",
);

/// Visits give the host's and the visitors' team names and the offer's theme.
const ON_VISITS: (&str, &str) = (
    "n.id, n.kind, b.id, ht.name, vt.name, o.theme, sl.starts_at, n.created_at, n.read_at",
    "notifications n JOIN visit_bookings b ON b.id = n.visit_booking_id \
     JOIN visit_slots sl ON sl.id = b.slot_id JOIN visit_offers o ON o.id = sl.offer_id \
     JOIN teams ht ON ht.id = o.host_team_id JOIN teams vt ON vt.id = b.visiting_team_id",
);

fn item(row: ItemRow, on_visit: bool) -> Option<NotificationItem> {
    let (id, kind, subject, a, b, c, starts_at, created_at, read_at) = row;
    let about = if on_visit {
        About::Visit {
            booking: subject,
            host_team: a,
            visiting_team: b,
            theme: c,
        }
    } else {
        About::Session {
            id: subject,
            kind: SessionKind::parse(&a)?,
            method_name_nl: b,
            method_name_en: c,
        }
    };
    Some(NotificationItem {
        id,
        kind: NotificationKind::parse(&kind)?,
        about,
        starts_at,
        created_at,
        read: read_at.is_some(),
    })
}

/// `user`'s newest notifications first, on sessions and visits alike.
pub async fn list_for(db: &Db, user: UserId) -> Result<Vec<NotificationItem>, AppError> {
    let mut items = Vec::new();
    for ((columns, from), on_visit) in [(ON_SESSIONS, false), (ON_VISITS, true)] {
        let sql = format!(
            "SELECT {columns} FROM {from} WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2"
        );
        let rows: Vec<ItemRow> =
            on_db!(db, p => sqlx::query_as(&sql).bind(user).bind(LIST_LIMIT).fetch_all(p).await)?;
        items.extend(rows.into_iter().filter_map(|row| item(row, on_visit)));
    }
    items.sort_by_key(|n| std::cmp::Reverse((n.created_at, n.id)));
    items.truncate(usize::try_from(LIST_LIMIT).unwrap_or(100));
    Ok(items)
}

/// Marks `user`'s own notifications read; ids of someone else's change nothing. Yields how
/// many changed.
pub async fn mark_read(
    db: &Db,
    user: UserId,
    which: &ReadSelection,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    match which {
        ReadSelection::All => Ok(execute!(
            db,
            "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL",
            now,
            user
        )?),
        ReadSelection::Only(ids) if ids.is_empty() => Ok(0),
        ReadSelection::Only(ids) => {
            let sql = format!(
                "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL AND id IN ({})",
                id_list(ids)
            );
            Ok(execute!(db, &sql, now, user)?)
        }
    }
}

/// Writes a reminder for everyone invited (who has not said no, with an active account) to a
/// planned session starting within a day. Each person gets one reminder per session however
/// often this runs (a unique index). Yields how many were written.
pub async fn due_reminders(db: &Db, now: DateTime<Utc>) -> Result<u64, AppError> {
    const SQL: &str = "INSERT INTO notifications (user_id, kind, session_id, created_at) \
         SELECT p.user_id, 'reminder', s.id, $1 FROM session_participants p \
         JOIN sessions s ON s.id = p.session_id JOIN users u ON u.id = p.user_id \
         WHERE s.status = 'planned' AND s.starts_at IS NOT NULL AND s.starts_at > $1 AND s.starts_at <= $2 \
         AND p.answer <> 'no' AND u.active = TRUE \
         ON CONFLICT DO NOTHING";
    Ok(execute!(db, SQL, now, now + REMINDER_AHEAD)?)
}

/// Unread notifications created at or after `since` that no email went out for yet, oldest
/// first, for active accounts. The bound keeps a newly configured mail server from receiving
/// the whole history.
pub async fn unsent_emails(db: &Db, since: DateTime<Utc>) -> Result<Vec<PendingEmail>, AppError> {
    let mut pending = Vec::new();
    for ((columns, from), on_visit) in [(ON_SESSIONS, false), (ON_VISITS, true)] {
        let sql = format!(
            "SELECT u.email, u.display_name, {columns} FROM {from} JOIN users u ON u.id = n.user_id \
             WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at >= $1 AND u.active = TRUE"
        );
        let rows: Vec<EmailRow> =
            on_db!(db, p => sqlx::query_as(&sql).bind(since).fetch_all(p).await)?;
        pending.extend(rows.into_iter().filter_map(|row| {
            let (email, display_name, id, kind, subject, a, b, c, starts, created, read) = row;
            let n = item(
                (id, kind, subject, a, b, c, starts, created, read),
                on_visit,
            )?;
            let email = PendingEmail {
                id: n.id,
                email,
                display_name,
                kind: n.kind,
                about: n.about,
                starts_at: n.starts_at,
            };
            Some((n.created_at, email))
        }));
    }
    pending.sort_by_key(|(created_at, email)| (*created_at, email.id));
    Ok(pending.into_iter().map(|(_, email)| email).collect())
}

/// Claims a notification for emailing: `true` when this caller set `emailed_at` (so with
/// several app servers exactly one sends it), `false` when it was already claimed.
pub async fn mark_emailed(
    db: &Db,
    id: NotificationId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(execute!(
        db,
        "UPDATE notifications SET emailed_at = $1 WHERE id = $2 AND emailed_at IS NULL",
        now,
        id
    )? == 1)
}

/// Gives a claim back after sending failed, so the next run tries again.
pub async fn unmark_emailed(db: &Db, id: NotificationId) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE notifications SET emailed_at = NULL WHERE id = $1",
        id
    )?;
    Ok(())
}
