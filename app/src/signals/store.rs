//! SQL for stuck signals and movement. Callers have already authorised. The note and what
//! helped are selected only by queries that filter on the author, so no other path can read
//! them.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::{KindOfWork, NewSignal, SignalFact, SignalId, Strain, Visibility};
use super::views::{OwnSignal, SharedSignal};
use crate::auth::model::{TeamId, UserId};
use crate::caseload::balance::model::ClientId;
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::{execute, fetch_all, fetch_optional, on_db};

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
    let (id,): (SignalId,) = on_db!(db, p => sqlx::query_as(SQL)
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

#[derive(sqlx::FromRow)]
struct OwnRow {
    id: SignalId,
    team_id: TeamId,
    code: Option<String>,
    intensity: i64,
    kinds: String,
    strain: Option<String>,
    reaction: Option<String>,
    moral_dilemma: bool,
    note: String,
    visibility: String,
    created_at: DateTime<Utc>,
    resolved_at: Option<DateTime<Utc>>,
    helped: String,
}

/// The author's own signals, notes included: only ever called with the signed-in author.
pub async fn own_signals(db: &Db, author: UserId, limit: i64) -> Result<Vec<OwnSignal>, AppError> {
    const SQL: &str = "SELECT s.id, s.team_id, c.code, s.intensity, s.kinds, s.strain, s.reaction, s.moral_dilemma, \
         s.note, s.visibility, s.created_at, s.resolved_at, s.helped FROM stuck_signals s \
         LEFT JOIN clients c ON c.id = s.client_id WHERE s.author_id = $1 ORDER BY s.created_at DESC, s.id DESC LIMIT $2";
    let rows: Vec<OwnRow> = fetch_all!(db, SQL, author, limit)?;
    Ok(rows
        .into_iter()
        .map(|row| OwnSignal {
            id: row.id,
            team: row.team_id,
            client_code: row.code,
            intensity: row.intensity as u8,
            kinds: crate::signals::model::kinds_from_text(&row.kinds),
            strain: row.strain.as_deref().and_then(Strain::parse),
            reaction: row
                .reaction
                .as_deref()
                .and_then(super::model::Reaction::parse),
            moral_dilemma: row.moral_dilemma,
            note: row.note,
            visibility: Visibility::parse(&row.visibility).unwrap_or(Visibility::Private),
            at: row.created_at,
            resolved_at: row.resolved_at,
            helped: row.helped,
        })
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
    let row: Option<(TeamId,)> = on_db!(db, p => sqlx::query_as(SQL)
        .bind(now).bind(helped).bind(signal).bind(author).fetch_optional(p).await)?;
    row.map(|(team,)| team).ok_or(AppError::NotFound)
}

/// Erases the author's own signal with its note, its place on any session's agenda, and every
/// mention of it in a proposal's evidence, in one transaction. An open proposal that counted it
/// goes; the rules, run again right after, make it anew if it still holds without this signal.
/// A snoozed or decided one stays, without the mention. Another person's signal is simply not
/// found.
pub async fn delete_own_signal(
    db: &Db,
    author: UserId,
    signal: SignalId,
) -> Result<TeamId, AppError> {
    const TEAM: &str = "SELECT team_id FROM stuck_signals WHERE id = $1 AND author_id = $2";
    const CITING: &str = "SELECT p.id, p.status, p.evidence, \
         (SELECT COUNT(*) FROM sessions s WHERE s.proposal_id = p.id) AS planned FROM proposals p \
         WHERE p.team_id = $1 AND (',' || p.evidence || ',') LIKE $2";
    const DROP_OPEN: &str = "DELETE FROM proposals WHERE id = $1";
    const DECISIONS: &str = "DELETE FROM proposal_decisions WHERE proposal_id = $1";
    const STRIP: &str = "UPDATE proposals SET evidence = $1 WHERE id = $2";
    const AGENDA: &str = "DELETE FROM session_signals WHERE signal_id = $1";
    const SIGNAL: &str = "DELETE FROM stuck_signals WHERE id = $1 AND author_id = $2";
    let mention = format!("%,{signal},%");
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let team: Option<(TeamId,)> = sqlx::query_as(TEAM).bind(signal).bind(author).fetch_optional(&mut *tx).await?;
        let Some((team,)) = team else { return Err(AppError::NotFound) };
        let citing: Vec<(i64, String, String, i64)> = sqlx::query_as(CITING).bind(team).bind(&mention).fetch_all(&mut *tx).await?;
        for (proposal, status, evidence, planned) in citing {
            if status == "open" && planned == 0 {
                sqlx::query(DECISIONS).bind(proposal).execute(&mut *tx).await?;
                sqlx::query(DROP_OPEN).bind(proposal).execute(&mut *tx).await?;
            } else {
                let kept = crate::signals::model::evidence_without(&evidence, &[signal.0]);
                sqlx::query(STRIP).bind(kept).bind(proposal).execute(&mut *tx).await?;
            }
        }
        sqlx::query(AGENDA).bind(signal).execute(&mut *tx).await?;
        sqlx::query(SIGNAL).bind(signal).bind(author).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(team)
    })
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
         s.visibility, s.created_at, s.resolved_at IS NOT NULL AS resolved FROM stuck_signals s JOIN users u ON u.id = s.author_id \
         LEFT JOIN clients c ON c.id = s.client_id WHERE s.team_id = $1 AND s.author_id <> $2 AND s.created_at >= $3 \
         AND (s.visibility = 'team' OR (s.visibility = 'leader' AND $4)) ORDER BY s.created_at DESC, s.id DESC LIMIT 200";
    #[derive(sqlx::FromRow)]
    struct Row {
        id: SignalId,
        display_name: String,
        code: Option<String>,
        intensity: i64,
        kinds: String,
        strain: Option<String>,
        moral_dilemma: bool,
        visibility: String,
        created_at: DateTime<Utc>,
        resolved: bool,
    }
    let rows: Vec<Row> = fetch_all!(db, SQL, team, viewer, since, leader)?;
    Ok(rows
        .into_iter()
        .map(|row| SharedSignal {
            id: row.id,
            author: row.display_name,
            client_code: row.code,
            intensity: row.intensity as u8,
            kinds: crate::signals::model::kinds_from_text(&row.kinds),
            strain: row.strain.as_deref().and_then(Strain::parse),
            moral_dilemma: row.moral_dilemma,
            visibility: Visibility::parse(&row.visibility).unwrap_or(Visibility::Team),
            at: row.created_at,
            resolved: row.resolved,
        })
        .collect())
}

/// The facts the rules and trends count, for one team since a moment. No free text.
pub async fn signal_facts(
    db: &Db,
    team: TeamId,
    since: DateTime<Utc>,
) -> Result<Vec<SignalFact>, AppError> {
    const SQL: &str = "SELECT id, author_id, client_id, created_at, visibility, moral_dilemma, resolved_at IS NOT NULL AS resolved, \
         kinds, strain FROM stuck_signals WHERE team_id = $1 AND created_at >= $2 ORDER BY id";
    let rows: Vec<FactRow> = fetch_all!(db, SQL, team, since)?;
    Ok(rows.into_iter().map(fact_from_row).collect())
}

#[derive(sqlx::FromRow)]
struct FactRow {
    id: SignalId,
    author_id: UserId,
    client_id: Option<ClientId>,
    created_at: DateTime<Utc>,
    visibility: String,
    moral_dilemma: bool,
    resolved: bool,
    kinds: String,
    strain: Option<String>,
}

fn fact_from_row(row: FactRow) -> SignalFact {
    SignalFact {
        id: row.id,
        author: row.author_id,
        client: row.client_id,
        at: row.created_at,
        // An unreadable visibility is treated as the most private one.
        visibility: Visibility::parse(&row.visibility).unwrap_or(Visibility::Private),
        moral_dilemma: row.moral_dilemma,
        resolved: row.resolved,
        kinds: crate::signals::model::kinds_from_text(&row.kinds),
        strain: row.strain.as_deref().and_then(Strain::parse),
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
    let rows: Vec<(ClientId, String)> =
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
    let rows: Vec<(ClientId, NaiveDate)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?;
    Ok(rows)
}

/// The team a client belongs to, if the client exists.
pub async fn client_team(db: &Db, client: ClientId) -> Result<Option<TeamId>, AppError> {
    let row: Option<(TeamId,)> =
        fetch_optional!(db, "SELECT team_id FROM clients WHERE id = $1", client)?;
    Ok(row.map(|(team,)| team))
}

/// Every client code of the team, closed clients too, as signals may name them.
pub async fn client_codes(
    db: &Db,
    team: TeamId,
) -> Result<std::collections::HashMap<ClientId, String>, AppError> {
    let rows: Vec<(ClientId, String)> =
        fetch_all!(db, "SELECT id, code FROM clients WHERE team_id = $1", team)?;
    Ok(rows.into_iter().collect())
}
