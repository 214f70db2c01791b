//! SQL for stuck signals and movement. Callers have already authorised. The note and what
//! helped are selected only by queries that filter on the author, so no other path can read
//! them.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{KindOfWork, NewSignal, SignalFact, SignalId, Strain, Visibility};
use super::views::{OwnSignal, SharedSignal};
use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::ClientId;
use crate::db::Db;
use crate::error::AppError;
use crate::{execute, on_db};

pub fn kinds_to_text(kinds: &[KindOfWork]) -> String {
    kinds
        .iter()
        .map(|k| k.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

pub async fn insert_signal(
    db: &Db,
    team: TeamId,
    author: UserId,
    signal: &NewSignal,
    now: DateTime<Utc>,
) -> Result<SignalId, AppError> {
    const SQL: &str = "INSERT INTO stuck_signals (team_id, author_id, client_id, intensity, kinds, strain, reaction, \
         moral_dilemma, note, visibility, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    let (id,): (i64,) = on_db!(db, p => sqlx::query_as(SQL)
        .bind(team)
        .bind(author)
        .bind(signal.client)
        .bind(i64::from(signal.intensity.value()))
        .bind(kinds_to_text(&signal.kinds))
        .bind(signal.strain.map(Strain::as_str))
        .bind(signal.reaction.map(|r| r.as_str()))
        .bind(signal.moral_dilemma)
        .bind(&signal.note)
        .bind(signal.visibility.as_str())
        .bind(now)
        .fetch_one(p)
        .await)?;
    Ok(id)
}

type OwnRow = (
    i64,
    i64,
    Option<String>,
    i64,
    String,
    Option<String>,
    Option<String>,
    bool,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    String,
);

/// The author's own signals, notes included: only ever called with the signed-in author.
pub async fn own_signals(db: &Db, author: UserId, limit: i64) -> Result<Vec<OwnSignal>, AppError> {
    const SQL: &str = "SELECT s.id, s.team_id, c.code, s.intensity, s.kinds, s.strain, s.reaction, s.moral_dilemma, \
         s.note, s.visibility, s.created_at, s.resolved_at, s.helped FROM stuck_signals s \
         LEFT JOIN clients c ON c.id = s.client_id WHERE s.author_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2";
    let rows: Vec<OwnRow> =
        on_db!(db, p => sqlx::query_as(SQL).bind(author).bind(limit).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                team,
                client,
                intensity,
                kinds,
                strain,
                reaction,
                moral,
                note,
                vis,
                at,
                resolved,
                helped,
            )| {
                OwnSignal {
                    id,
                    team,
                    client_code: client,
                    intensity: intensity as u8,
                    kinds: crate::signals::model::kinds_from_text(&kinds),
                    strain: strain.as_deref().and_then(Strain::parse),
                    reaction: reaction.as_deref().and_then(super::model::Reaction::parse),
                    moral_dilemma: moral,
                    note,
                    visibility: Visibility::parse(&vis).unwrap_or(Visibility::Private),
                    at,
                    resolved_at: resolved,
                    helped,
                }
            },
        )
        .collect())
}

/// Marks the author's own signal resolved. Another person's signal is simply not found.
pub async fn resolve_signal(
    db: &Db,
    author: UserId,
    signal: SignalId,
    helped: &str,
    now: DateTime<Utc>,
) -> Result<TeamId, AppError> {
    const SQL: &str = "UPDATE stuck_signals SET resolved_at = $1, helped = $2 \
         WHERE id = $3 AND author_id = $4 AND resolved_at IS NULL RETURNING team_id";
    let row: Option<(i64,)> = on_db!(db, p => sqlx::query_as(SQL)
        .bind(now).bind(helped).bind(signal).bind(author).fetch_optional(p).await)?;
    row.map(|(team,)| team).ok_or(AppError::NotFound)
}

/// Signals others shared, without note or what helped. `leader` widens the view from signals
/// shared with the team to those shared with the leader too. The viewer's own are left out.
pub async fn shared_signals(
    db: &Db,
    team: TeamId,
    viewer: UserId,
    leader: bool,
    since: DateTime<Utc>,
) -> Result<Vec<SharedSignal>, AppError> {
    const SQL: &str = "SELECT s.id, u.display_name, c.code, s.intensity, s.kinds, s.strain, s.moral_dilemma, \
         s.visibility, s.created_at, s.resolved_at IS NOT NULL FROM stuck_signals s JOIN users u ON u.id = s.author_id \
         LEFT JOIN clients c ON c.id = s.client_id WHERE s.team_id = $1 AND s.author_id <> $2 AND s.created_at >= $3 \
         AND (s.visibility = 'team' OR (s.visibility = 'leader' AND $4)) ORDER BY s.created_at DESC, s.id DESC LIMIT 200";
    type Row = (
        i64,
        String,
        Option<String>,
        i64,
        String,
        Option<String>,
        bool,
        String,
        DateTime<Utc>,
        bool,
    );
    let rows: Vec<Row> = on_db!(db, p => sqlx::query_as(SQL)
        .bind(team).bind(viewer).bind(since).bind(leader).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, author, client, intensity, kinds, strain, moral, vis, at, resolved)| {
                SharedSignal {
                    id,
                    author,
                    client_code: client,
                    intensity: intensity as u8,
                    kinds: crate::signals::model::kinds_from_text(&kinds),
                    strain: strain.as_deref().and_then(Strain::parse),
                    moral_dilemma: moral,
                    visibility: Visibility::parse(&vis).unwrap_or(Visibility::Team),
                    at,
                    resolved,
                }
            },
        )
        .collect())
}

/// The facts the rules and trends count, for one team since a moment. No free text.
pub async fn signal_facts(
    db: &Db,
    team: TeamId,
    since: DateTime<Utc>,
) -> Result<Vec<SignalFact>, AppError> {
    const SQL: &str = "SELECT id, author_id, client_id, created_at, visibility, moral_dilemma, resolved_at IS NOT NULL, \
         kinds, strain FROM stuck_signals WHERE team_id = $1 AND created_at >= $2 ORDER BY id";
    let rows: Vec<FactRow> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).bind(since).fetch_all(p).await)?;
    Ok(rows.into_iter().map(fact_from_row).collect())
}

type FactRow = (
    i64,
    i64,
    Option<i64>,
    DateTime<Utc>,
    String,
    bool,
    bool,
    String,
    Option<String>,
);

fn fact_from_row(
    (id, author, client, at, vis, moral, resolved, kinds, strain): FactRow,
) -> SignalFact {
    SignalFact {
        id,
        author,
        client,
        at,
        // An unreadable visibility is treated as the most private one.
        visibility: Visibility::parse(&vis).unwrap_or(Visibility::Private),
        moral_dilemma: moral,
        resolved,
        kinds: crate::signals::model::kinds_from_text(&kinds),
        strain: strain.as_deref().and_then(Strain::parse),
    }
}

/// The clients a member may attach a signal or movement to: their current assignments.
pub async fn my_clients(
    db: &Db,
    team: TeamId,
    user: UserId,
) -> Result<Vec<(ClientId, String)>, AppError> {
    const SQL: &str = "SELECT DISTINCT c.id, c.code FROM clients c JOIN assignments a ON a.client_id = c.id \
         WHERE c.team_id = $1 AND a.user_id = $2 AND a.to_date IS NULL AND c.status = 'active' ORDER BY c.code";
    let rows: Vec<(i64, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).bind(user).fetch_all(p).await)?;
    Ok(rows)
}

pub async fn add_movement(
    db: &Db,
    team: TeamId,
    client: ClientId,
    author: UserId,
    on: NaiveDate,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO movements (team_id, client_id, author_id, noted_on, created_at) VALUES ($1, $2, $3, $4, $5)";
    execute!(db, SQL, team, client, author, on, now)?;
    Ok(())
}

/// The last movement per active client of a team.
pub async fn last_movements(db: &Db, team: TeamId) -> Result<Vec<(ClientId, NaiveDate)>, AppError> {
    const SQL: &str =
        "SELECT client_id, MAX(noted_on) FROM movements WHERE team_id = $1 GROUP BY client_id";
    let rows: Vec<(i64, NaiveDate)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?;
    Ok(rows)
}
