//! SQL for notifications. Callers have already authorised; every read and write names the
//! recipient, so nobody reaches another person's notifications through here.

use chrono::{DateTime, Duration, Utc};

use super::model::{
    About, EMAIL_CLAIM, MAX_EMAIL_ATTEMPTS, NotificationId, NotificationItem, NotificationKind,
    PendingEmail, ReadSelection, email_retry_delay,
};
use crate::auth::model::UserId;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::shared::ids::SessionId;
use crate::shared::ids::{BookingId, HelpRequestId};
use crate::shared::session_kind::SessionKind;
use crate::shared::sql::id_list;
use crate::{execute, fetch_all, on_db};

/// How far ahead a reminder is created: a day before the session.
pub const REMINDER_AHEAD: Duration = Duration::hours(24);

/// The newest notifications shown on the page; older ones stay in the database.
pub const LIST_LIMIT: i64 = 100;

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
        let mut tx = p.begin_write().await?;
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

/// Tells `user` that `kind` happened to a request for help they are part of.
pub async fn notify_help(
    db: &Db,
    user: UserId,
    kind: NotificationKind,
    request: HelpRequestId,
    now: DateTime<Utc>,
) -> Result<u64, AppError> {
    Ok(execute!(
        db,
        &insert_for("help_request_id", &[user]),
        kind.as_str(),
        request,
        now
    )?)
}

/// Everyone invited to `session` except `actor` (the person who made the change).
pub async fn invitees_except(
    db: &Db,
    session: SessionId,
    actor: UserId,
) -> Result<Vec<UserId>, AppError> {
    let rows: Vec<(UserId,)> = on_db!(db, p => sqlx::query_as(
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
        tracing::warn!(error = %err, %session, kind = kind.as_str(), "notifying invitees failed");
    }
}

pub async fn unread_count(db: &Db, user: UserId) -> Result<i64, AppError> {
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user).fetch_one(p).await)?;
    Ok(n)
}

/// One notification in the shape all three kinds of subject share (see [`SHAPES`]).
#[derive(sqlx::FromRow)]
struct ItemRow {
    id: NotificationId,
    kind: String,
    subject: i64,
    text_a: String,
    text_b: String,
    text_c: String,
    starts_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    read_at: Option<DateTime<Utc>>,
}

/// A notification with its recipient's email address and name.
#[derive(sqlx::FromRow)]
struct EmailRow {
    email: String,
    display_name: String,
    email_attempts: i64,
    #[sqlx(flatten)]
    item: ItemRow,
}

/// What a notification is about, in one shape for both: id, kind, subject id, three texts,
/// start, created and read. Sessions give their kind and method names.
const ON_SESSIONS: (&str, &str) = (
    "n.id, n.kind, s.id AS subject, s.kind AS text_a, m.name_nl AS text_b, m.name_en AS text_c, \
     s.starts_at, n.created_at, n.read_at",
    "notifications n JOIN sessions s ON s.id = n.session_id JOIN methods m ON m.id = s.method_id",
);

/// Visits give the host's and the visitors' team names and the offer's theme.
const ON_VISITS: (&str, &str) = (
    "n.id, n.kind, b.id AS subject, ht.name AS text_a, vt.name AS text_b, o.theme AS text_c, \
     sl.starts_at, n.created_at, n.read_at",
    "notifications n JOIN visit_bookings b ON b.id = n.visit_booking_id \
     JOIN visit_slots sl ON sl.id = b.slot_id JOIN visit_offers o ON o.id = sl.offer_id \
     JOIN teams ht ON ht.id = o.host_team_id JOIN teams vt ON vt.id = b.visiting_team_id",
);

/// Notifications about the recipient's own account: no session, no visit.
const ON_ACCOUNT: (&str, &str) = (
    "n.id, n.kind, n.user_id AS subject, '' AS text_a, '' AS text_b, '' AS text_c, \
     CAST(NULL AS TIMESTAMPTZ) AS starts_at, n.created_at, n.read_at",
    "(SELECT * FROM notifications WHERE session_id IS NULL AND visit_booking_id IS NULL \
     AND help_request_id IS NULL) n",
);

/// Requests for help give the other person's name and the one-to-one's time: never the
/// question, the signal or its client.
const ON_HELP: (&str, &str) = (
    "n.id, n.kind, h.id AS subject, o.display_name AS text_a, '' AS text_b, '' AS text_c, \
     h.starts_at, n.created_at, n.read_at",
    "notifications n JOIN help_requests h ON h.id = n.help_request_id \
     JOIN users o ON o.id = CASE WHEN n.user_id = h.author_id THEN h.helper_id ELSE h.author_id END",
);

/// Which of the three shapes a row has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Session,
    Visit,
    Account,
    Help,
}

const SHAPES: [((&str, &str), Shape); 4] = [
    (ON_SESSIONS, Shape::Session),
    (ON_VISITS, Shape::Visit),
    (ON_ACCOUNT, Shape::Account),
    (ON_HELP, Shape::Help),
];

fn item(row: ItemRow, shape: Shape) -> Option<NotificationItem> {
    let about = match shape {
        Shape::Visit => About::Visit {
            booking: BookingId(row.subject),
            host_team: row.text_a,
            visiting_team: row.text_b,
            theme: row.text_c,
        },
        Shape::Session => About::Session {
            id: SessionId(row.subject),
            kind: SessionKind::parse(&row.text_a)?,
            method_name_nl: row.text_b,
            method_name_en: row.text_c,
        },
        Shape::Account => About::Account,
        Shape::Help => About::Help {
            request: HelpRequestId(row.subject),
            other: row.text_a,
        },
    };
    Some(NotificationItem {
        id: row.id,
        kind: NotificationKind::parse(&row.kind)?,
        about,
        starts_at: row.starts_at,
        created_at: row.created_at,
        read: row.read_at.is_some(),
    })
}

/// Tells `user` something about their own account, in the app (and by email when email is
/// configured).
pub async fn notify_account(
    db: &Db,
    user: UserId,
    kind: NotificationKind,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    execute!(
        db,
        "INSERT INTO notifications (user_id, kind, created_at) VALUES ($1, $2, $3)",
        user,
        kind.as_str(),
        now
    )?;
    Ok(())
}

/// `user`'s newest notifications first, on sessions and visits alike.
pub async fn list_for(db: &Db, user: UserId) -> Result<Vec<NotificationItem>, AppError> {
    let mut items = Vec::new();
    for ((columns, from), shape) in SHAPES {
        let sql = format!(
            "SELECT {columns} FROM {from} WHERE n.user_id = $1 ORDER BY n.created_at DESC, n.id DESC LIMIT $2"
        );
        let rows: Vec<ItemRow> = fetch_all!(db, &sql, user, LIST_LIMIT)?;
        items.extend(rows.into_iter().filter_map(|row| item(row, shape)));
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
pub async fn unsent_emails(
    db: &Db,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Vec<PendingEmail>, AppError> {
    let mut pending = Vec::new();
    for ((columns, from), shape) in SHAPES {
        let sql = format!(
            "SELECT u.email, u.display_name, n.email_attempts, {columns} FROM {from} JOIN users u ON u.id = n.user_id \
             WHERE n.emailed_at IS NULL AND n.read_at IS NULL AND n.created_at >= $1 AND u.active = TRUE \
             AND n.email_attempts < $2 AND (n.email_retry_at IS NULL OR n.email_retry_at <= $3) \
             AND (n.email_claimed_at IS NULL OR n.email_claimed_at < $4)"
        );
        let rows: Vec<EmailRow> = fetch_all!(
            db,
            &sql,
            since,
            i64::from(MAX_EMAIL_ATTEMPTS),
            now,
            now - EMAIL_CLAIM
        )?;
        pending.extend(rows.into_iter().filter_map(|row| {
            let n = item(row.item, shape)?;
            let email = PendingEmail {
                id: n.id,
                email: row.email,
                display_name: row.display_name,
                kind: n.kind,
                about: n.about,
                starts_at: n.starts_at,
                attempts: u32::try_from(row.email_attempts).unwrap_or(0),
            };
            Some((n.created_at, email))
        }));
    }
    pending.sort_by_key(|(created_at, email)| (*created_at, email.id));
    Ok(pending.into_iter().map(|(_, email)| email).collect())
}

/// Claims a notification for emailing: `true` when this caller holds the claim (so with
/// several app servers exactly one sends it), `false` when another server does. A claim runs
/// out after [`EMAIL_CLAIM`], so a server that crashed while sending loses nothing.
pub async fn claim_email(
    db: &Db,
    id: NotificationId,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    Ok(execute!(
        db,
        "UPDATE notifications SET email_claimed_at = $1 WHERE id = $2 AND emailed_at IS NULL \
         AND (email_claimed_at IS NULL OR email_claimed_at < $3)",
        now,
        id,
        now - EMAIL_CLAIM
    )? == 1)
}

/// The email went out.
pub async fn email_sent(db: &Db, id: NotificationId, now: DateTime<Utc>) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE notifications SET emailed_at = $1, email_claimed_at = NULL WHERE id = $2",
        now,
        id
    )?;
    Ok(())
}

/// Sending failed: the claim is given back and the next attempt waits a little longer.
pub async fn email_failed(
    db: &Db,
    email: &PendingEmail,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let attempts = email.attempts + 1;
    execute!(
        db,
        "UPDATE notifications SET email_claimed_at = NULL, email_attempts = $1, email_retry_at = $2 WHERE id = $3",
        i64::from(attempts),
        now + email_retry_delay(attempts),
        email.id
    )?;
    Ok(())
}
