//! SQL for requests for help. Callers have authorised; every read names the person reading,
//! so a request is only ever found by its two people.

use chrono::{DateTime, Utc};

use super::model::{HelpRequestId, HelpStatus, Initiative, MAX_OPEN_PER_SIGNAL, Side};
use super::views::{HelpItem, OfferableSignal};
use crate::auth::model::{OrganisationId, TeamId, UserId};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::shared::ids::ClientId;
use crate::signals::model::{SignalId, Visibility, kinds_from_text};
use crate::{execute, fetch_all, fetch_optional, on_db};

/// One's own signal as the help page shows it: no note.
#[derive(sqlx::FromRow)]
pub struct OwnSignalRow {
    pub team_id: TeamId,
    pub client_id: Option<ClientId>,
    pub created_at: DateTime<Utc>,
    pub code: Option<String>,
    pub intensity: i64,
    pub kinds: String,
    pub visibility: String,
}

pub async fn own_signal(
    db: &Db,
    signal: SignalId,
    author: UserId,
) -> Result<Option<OwnSignalRow>, AppError> {
    const SQL: &str = "SELECT s.team_id, s.client_id, s.created_at, c.code, s.intensity, s.kinds, s.visibility \
         FROM stuck_signals s LEFT JOIN clients c ON c.id = s.client_id WHERE s.id = $1 AND s.author_id = $2";
    Ok(fetch_optional!(db, SQL, signal, author)?)
}

/// Whether the author brought this signal in to intervision, and it still waits to be planned
/// or is planned.
pub async fn brought_in(db: &Db, signal: SignalId, author: UserId) -> Result<bool, AppError> {
    const SQL: &str = "SELECT COUNT(*) FROM proposals WHERE kind = $1 AND audience_user_id = $2 \
         AND status = 'accepted' AND evidence = $3";
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as(SQL)
        .bind(crate::limits::model::BROUGHT_IN).bind(author).bind(signal.to_string())
        .fetch_one(p).await)?;
    Ok(n > 0)
}

/// A colleague's signal as an offer needs it: its team, author and who may see it.
pub async fn signal_for_offer(
    db: &Db,
    signal: SignalId,
) -> Result<Option<(TeamId, UserId, String)>, AppError> {
    const SQL: &str = "SELECT team_id, author_id, visibility FROM stuck_signals WHERE id = $1";
    Ok(fetch_optional!(db, SQL, signal)?)
}

/// Whom one may ask: the active people of the signal's team and the organisation's facilitator
/// pool, without the author.
pub async fn colleagues(
    db: &Db,
    organisation: OrganisationId,
    team: TeamId,
    author: UserId,
) -> Result<Vec<(UserId, String)>, AppError> {
    const SQL: &str = "SELECT u.id, u.display_name FROM users u \
         WHERE u.active = TRUE AND u.organisation_id = $1 AND u.id <> $3 \
         AND (u.in_facilitator_pool = TRUE OR u.id IN (SELECT user_id FROM memberships WHERE team_id = $2)) \
         ORDER BY u.display_name, u.id";
    Ok(fetch_all!(db, SQL, organisation, team, author)?)
}

/// A new request or offer, checked.
pub struct NewRequest<'a> {
    pub signal: SignalId,
    pub team: TeamId,
    pub author: UserId,
    pub helper: UserId,
    pub initiative: Initiative,
    pub question: &'a str,
    pub minutes: u32,
}

/// Writes a request, unless the signal already has as many open ones as it may or this
/// colleague was asked (or offered) on it before. The count and the insert share one write
/// transaction, so requests racing each other cannot pass the limit together.
pub async fn insert(
    db: &Db,
    new: &NewRequest<'_>,
    now: DateTime<Utc>,
) -> Result<HelpRequestId, AppError> {
    const LOCK: &str = "SELECT id FROM stuck_signals WHERE id = $1 FOR UPDATE";
    const OPEN: &str =
        "SELECT COUNT(*) FROM help_requests WHERE signal_id = $1 AND status = 'open'";
    const INSERT: &str = "INSERT INTO help_requests \
         (signal_id, team_id, author_id, helper_id, initiative, status, question, minutes, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8) RETURNING id";
    let field = match new.initiative {
        Initiative::Asked => "helper",
        Initiative::Offered => "signal",
    };
    let postgres = matches!(db, Db::Postgres(_));
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        if postgres {
            sqlx::query(LOCK).bind(new.signal).execute(&mut *tx).await?;
        }
        let (open,): (i64,) = sqlx::query_as(OPEN).bind(new.signal).fetch_one(&mut *tx).await?;
        if open >= MAX_OPEN_PER_SIGNAL as i64 {
            return Err(AppError::invalid(field, FieldProblem::AskedEnough));
        }
        let (id,): (HelpRequestId,) = sqlx::query_as(INSERT)
            .bind(new.signal).bind(new.team).bind(new.author).bind(new.helper)
            .bind(new.initiative.as_str()).bind(new.question).bind(i64::from(new.minutes)).bind(now)
            .fetch_one(&mut *tx).await
            .map_err(AppError::unique_as(field, FieldProblem::AlreadyAsked))?;
        tx.commit().await?;
        Ok(id)
    })
}

/// A request as the rules of `model` need it.
#[derive(sqlx::FromRow)]
pub struct RequestRow {
    pub id: HelpRequestId,
    pub signal_id: SignalId,
    pub author_id: UserId,
    pub helper_id: UserId,
    pub initiative: String,
    pub status: String,
    pub starts_at: Option<DateTime<Utc>>,
    pub minutes: i64,
}

impl RequestRow {
    pub fn initiative(&self) -> Initiative {
        Initiative::parse(&self.initiative).unwrap_or(Initiative::Asked)
    }

    pub fn status(&self) -> HelpStatus {
        HelpStatus::parse(&self.status).unwrap_or(HelpStatus::Withdrawn)
    }

    pub fn person(&self, side: Side) -> UserId {
        match side {
            Side::Author => self.author_id,
            Side::Helper => self.helper_id,
        }
    }
}

/// The request, if `reader` is one of its two people; for anyone else it does not exist.
pub async fn request_of(
    db: &Db,
    id: HelpRequestId,
    reader: UserId,
) -> Result<Option<RequestRow>, AppError> {
    const SQL: &str = "SELECT id, signal_id, author_id, helper_id, initiative, status, starts_at, minutes \
         FROM help_requests WHERE id = $1 AND (author_id = $2 OR helper_id = $2)";
    Ok(fetch_optional!(db, SQL, id, reader)?)
}

/// Moves a request from `from` to `to`; `false` when it was no longer in `from` (the other
/// side got there first).
pub async fn change_status(
    db: &Db,
    id: HelpRequestId,
    from: HelpStatus,
    to: HelpStatus,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    const SQL: &str = "UPDATE help_requests SET status = $1, answered_at = COALESCE(answered_at, $2) \
         WHERE id = $3 AND status = $4";
    Ok(execute!(db, SQL, to.as_str(), now, id, from.as_str())? > 0)
}

/// Sets the one-to-one's time, while the request stands agreed.
pub async fn set_time(
    db: &Db,
    id: HelpRequestId,
    starts_at: DateTime<Utc>,
) -> Result<bool, AppError> {
    const SQL: &str =
        "UPDATE help_requests SET starts_at = $1 WHERE id = $2 AND status = 'accepted'";
    Ok(execute!(db, SQL, starts_at, id)? > 0)
}

#[derive(sqlx::FromRow)]
struct ItemRow {
    id: HelpRequestId,
    signal_id: SignalId,
    author_id: UserId,
    initiative: String,
    status: String,
    other: String,
    other_id: UserId,
    question: String,
    created_at: DateTime<Utc>,
    starts_at: Option<DateTime<Utc>>,
    minutes: i64,
}

impl ItemRow {
    /// The item as `reader` sees it, with the other person's id.
    fn item(self, reader: UserId) -> Option<(HelpItem, UserId)> {
        let other = self.other_id;
        let item = HelpItem {
            id: self.id,
            signal: self.signal_id,
            initiative: Initiative::parse(&self.initiative)?,
            status: HelpStatus::parse(&self.status)?,
            side: if self.author_id == reader {
                Side::Author
            } else {
                Side::Helper
            },
            other: self.other,
            question: self.question,
            created_at: self.created_at,
            starts_at: self.starts_at,
            minutes: u32::try_from(self.minutes).unwrap_or(super::model::MEETING_MINUTES),
            free_times: Vec::new(),
        };
        Some((item, other))
    }
}

/// The columns of an item; `o` is the other person.
const ITEM: &str = "SELECT h.id, h.signal_id, h.author_id, h.initiative, h.status, o.display_name AS other, \
     o.id AS other_id, h.question, h.created_at, h.starts_at, h.minutes FROM help_requests h";

/// The most requests a page lists, newest first.
const LIST_LIMIT: i64 = 100;

/// The requests `reader` is part of, on the side given, each with the other person's id.
pub async fn items_for(
    db: &Db,
    reader: UserId,
    side: Side,
) -> Result<Vec<(HelpItem, UserId)>, AppError> {
    let sql = match side {
        Side::Author => format!(
            "{ITEM} JOIN users o ON o.id = h.helper_id WHERE h.author_id = $1 \
             ORDER BY h.created_at DESC, h.id DESC LIMIT $2"
        ),
        Side::Helper => format!(
            "{ITEM} JOIN users o ON o.id = h.author_id WHERE h.helper_id = $1 \
             ORDER BY h.created_at DESC, h.id DESC LIMIT $2"
        ),
    };
    let rows: Vec<ItemRow> = fetch_all!(db, &sql, reader, LIST_LIMIT)?;
    Ok(rows.into_iter().filter_map(|r| r.item(reader)).collect())
}

/// The requests on one of the author's own signals.
pub async fn items_on_signal(
    db: &Db,
    signal: SignalId,
    author: UserId,
) -> Result<Vec<HelpItem>, AppError> {
    let sql = format!(
        "{ITEM} JOIN users o ON o.id = h.helper_id WHERE h.signal_id = $1 AND h.author_id = $2 \
         ORDER BY h.created_at DESC, h.id DESC"
    );
    let rows: Vec<ItemRow> = fetch_all!(db, &sql, signal, author)?;
    Ok(rows
        .into_iter()
        .filter_map(|r| r.item(author))
        .map(|(item, _)| item)
        .collect())
}

#[derive(sqlx::FromRow)]
struct OfferableRow {
    id: SignalId,
    author: String,
    created_at: DateTime<Utc>,
    intensity: i64,
    kinds: String,
    offered: bool,
}

/// Unresolved signals colleagues shared with the whole team, in the reader's teams, since
/// `since`: what the reader could offer to look along at.
pub async fn offerable(
    db: &Db,
    teams: &[TeamId],
    reader: UserId,
    since: DateTime<Utc>,
) -> Result<Vec<OfferableSignal>, AppError> {
    if teams.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT s.id, u.display_name AS author, s.created_at, s.intensity, s.kinds, \
         EXISTS (SELECT 1 FROM help_requests h WHERE h.signal_id = s.id AND h.helper_id = $1) AS offered \
         FROM stuck_signals s JOIN users u ON u.id = s.author_id \
         WHERE s.team_id IN ({}) AND s.visibility = $2 AND s.author_id <> $1 \
         AND s.resolved_at IS NULL AND s.created_at >= $3 AND u.active = TRUE \
         ORDER BY s.created_at DESC, s.id DESC LIMIT $4",
        crate::shared::sql::id_list(teams)
    );
    let rows: Vec<OfferableRow> = fetch_all!(
        db,
        &sql,
        reader,
        Visibility::Team.as_str(),
        since,
        LIST_LIMIT
    )?;
    Ok(rows
        .into_iter()
        .map(|r| OfferableSignal {
            signal: r.id,
            author: r.author,
            at: r.created_at,
            intensity: u8::try_from(r.intensity).unwrap_or(0),
            kinds: kinds_from_text(&r.kinds),
            offered: r.offered,
        })
        .collect())
}
