//! SQL for the rule engine: loading a team's snapshot, turning findings into proposals
//! without duplicates, and keeping every decision.

use crate::shared::ids::ProposalId;
use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::model::Proposes;
use super::rules::{Audience, ClientFacts, Finding, RuleSnapshot, Subject, evaluate, member_facts};
use super::views::{Decision, DecisionRow, ProposalRow, ProposalStatus};
use crate::auth::model::{TeamId, UserId};
use crate::caseload::directory::load_team;
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::shared::ids::ClientId;
use crate::signals::facts::{last_movements, signal_facts};
use crate::signals::model::SignalId;
use crate::{execute, fetch_all, on_db};

/// Everything the rules need about one team now. Private signals and private limits are in
/// it: the engine decides who may hear about them.
pub async fn rule_snapshot(
    db: &Db,
    team: TeamId,
    window_weeks: u32,
    now: DateTime<Utc>,
) -> Result<RuleSnapshot, AppError> {
    let today = now.date_naive();
    let loaded = load_team(db, team, today).await?;
    let members = member_facts(&loaded.snapshot);
    let moved: HashMap<_, _> = last_movements(db, team).await?.into_iter().collect();
    let clients = loaded
        .snapshot
        .clients
        .iter()
        .map(|c| {
            let start = loaded.codes.get(&c.id).map(|(_, s)| *s).unwrap_or(today);
            ClientFacts {
                id: c.id,
                primary: c.primary,
                last_movement: moved.get(&c.id).copied().unwrap_or(start).max(start),
            }
        })
        .collect();
    let since = now - Duration::weeks(i64::from(window_weeks));
    let signals = signal_facts(db, team, since).await?;
    Ok(RuleSnapshot {
        members,
        clients,
        signals,
        last_intervision: team_last_intervision(db, team, now).await?,
        last_neighbour_visit: team_last_neighbour_visit(db, team, now).await?,
    })
}

/// The latest intervision held or planned, or the day the team started.
async fn team_last_intervision(
    db: &Db,
    team: TeamId,
    now: DateTime<Utc>,
) -> Result<NaiveDate, AppError> {
    const SQL: &str = "SELECT created_at, (SELECT MAX(s.starts_at) FROM sessions s WHERE s.team_id = teams.id \
         AND s.kind = 'intervision' AND s.status <> 'cancelled') FROM teams WHERE id = $1";
    let (created, latest): (DateTime<Utc>, Option<DateTime<Utc>>) =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_one(p).await)?;
    Ok(super::rules::last_intervision(
        created.date_naive(),
        latest,
        now,
    ))
}

/// The latest neighbour visit hosted, made or booked, or the day the team started.
async fn team_last_neighbour_visit(
    db: &Db,
    team: TeamId,
    now: DateTime<Utc>,
) -> Result<NaiveDate, AppError> {
    const SQL: &str = "SELECT created_at, (SELECT MAX(vs.starts_at) FROM visit_bookings vb JOIN visit_slots vs ON vs.id = vb.slot_id JOIN visit_offers vf ON vf.id = vs.offer_id WHERE vb.status IN ('requested', 'confirmed') AND (vf.host_team_id = teams.id OR vb.visiting_team_id = teams.id)) FROM teams WHERE id = $1";
    let (created, latest): (DateTime<Utc>, Option<DateTime<Utc>>) =
        on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_one(p).await)?;
    Ok(super::rules::last_intervision(
        created.date_naive(),
        latest,
        now,
    ))
}

/// Evaluates one team and turns new findings into proposals. Returns how many were made.
/// Uses the bulk loader's single-team path (a handful of queries, a few ms), which a test
/// keeps equal to [`rule_snapshot`].
pub async fn refresh_team(db: &Db, team: TeamId, now: DateTime<Utc>) -> Result<usize, AppError> {
    let Some(rules) = super::bulk::load_team(db, team, now).await? else {
        return Ok(0);
    };
    let findings = evaluate(&rules.snapshot, &rules.limits, now);
    let mut made = 0;
    for finding in &findings {
        if propose(db, team, finding, now).await? {
            made += 1;
        }
    }
    Ok(made)
}

/// Runs the rules for every team (the background job for the time-based rules).
pub async fn refresh_all(db: &Db, now: DateTime<Utc>) -> Result<usize, AppError> {
    // One organisation-wide load instead of a dozen queries per team (see `bulk`).
    let teams = super::bulk::load_all(db, now).await?;
    let mut made = 0;
    for team in &teams {
        for finding in &evaluate(&team.snapshot, &team.limits, now) {
            if propose(db, team.team, finding, now).await? {
                made += 1;
            }
        }
    }
    Ok(made)
}

fn subject_columns(subject: Subject) -> (&'static str, i64) {
    match subject {
        Subject::Member(id) => ("member", id.get()),
        Subject::Client(id) => ("client", id.get()),
        Subject::Team => ("team", 0),
    }
}

fn audience_column(audience: Audience) -> i64 {
    match audience {
        Audience::Person(id) => id.get(),
        Audience::Leader => 0,
    }
}

fn evidence_text(ids: &[SignalId]) -> String {
    ids.iter()
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// Makes a proposal from a finding unless a live (open or snoozed) one covers the same subject,
/// reason and audience (then its figures are brought up to date), or one was decided within
/// the window, or was accepted and its session is still to come. A decided proposal is
/// finished: its figures stay as they were when its person decided, and when the situation
/// comes back later a new proposal is made.
async fn propose(
    db: &Db,
    team: TeamId,
    finding: &Finding,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    const LIVE: &str = "UPDATE proposals SET measured = $1, evidence = $2, updated_at = $3 \
         WHERE team_id = $4 AND kind = $5 AND subject_kind = $6 AND subject_id = $7 AND audience_user_id = $8 \
         AND status IN ('open', 'snoozed')";
    const DECIDED: &str = "SELECT COUNT(*) FROM proposals p WHERE team_id = $1 AND kind = $2 AND subject_kind = $3 \
         AND subject_id = $4 AND audience_user_id = $5 AND ((status IN ('declined', 'accepted') AND updated_at >= $6) \
         OR (status = 'accepted' AND EXISTS (SELECT 1 FROM sessions s WHERE s.proposal_id = p.id AND s.status = 'planned')))";
    const INSERT: &str = "INSERT INTO proposals (team_id, kind, proposes, subject_kind, subject_id, audience_user_id, \
         measured, threshold, window_weeks, evidence, status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $11)";
    let (subject_kind, subject_id) = subject_columns(finding.subject);
    let audience = audience_column(finding.audience);
    let kind = finding.kind.as_str();
    let evidence = evidence_text(&finding.evidence);
    let updated = execute!(
        db,
        LIVE,
        finding.measured,
        &evidence,
        now,
        team,
        kind,
        subject_kind,
        subject_id,
        audience
    )?;
    if updated > 0 {
        return Ok(false);
    }
    let respected_since =
        now - Duration::weeks(i64::from(finding.window_weeks.unwrap_or(4).max(4)));
    let (decided,): (i64,) = on_db!(db, p => sqlx::query_as(DECIDED)
        .bind(team).bind(kind).bind(subject_kind).bind(subject_id).bind(audience).bind(respected_since)
        .fetch_one(p).await)?;
    if decided > 0 {
        return Ok(false);
    }
    let window = finding.window_weeks.map(i64::from);
    let inserted = on_db!(db, p => sqlx::query(INSERT)
        .bind(team).bind(kind).bind(finding.proposes.as_str()).bind(subject_kind).bind(subject_id)
        .bind(audience).bind(finding.measured).bind(finding.threshold).bind(window).bind(&evidence).bind(now)
        .execute(p).await.map(|_| ()));
    match inserted {
        Ok(_) => Ok(true),
        // Someone else evaluated the same team at the same moment: theirs stands.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// A proposal as stored, with its team's name.
#[derive(sqlx::FromRow)]
struct StoredProposal {
    id: ProposalId,
    team_id: TeamId,
    team_name: String,
    kind: String,
    proposes: String,
    subject_kind: String,
    subject_id: i64,
    audience_user_id: i64,
    measured: f64,
    threshold: f64,
    window_weeks: Option<i64>,
    evidence: String,
    status: String,
    snoozed_until: Option<NaiveDate>,
    created_at: DateTime<Utc>,
}

const PROPOSAL_COLUMNS: &str = "p.id, p.team_id, t.name AS team_name, p.kind, p.proposes, p.subject_kind, p.subject_id, \
     p.audience_user_id, p.measured, p.threshold, p.window_weeks, p.evidence, p.status, p.snoozed_until, p.created_at";

/// Proposals addressed to this person privately, in any team.
pub async fn private_proposals(db: &Db, user: UserId) -> Result<Vec<ProposalRow>, AppError> {
    let sql = format!(
        "SELECT {PROPOSAL_COLUMNS} FROM proposals p JOIN teams t ON t.id = p.team_id \
         WHERE p.audience_user_id = $1 ORDER BY p.created_at DESC, p.id DESC LIMIT 200"
    );
    let rows: Vec<StoredProposal> =
        on_db!(db, p => sqlx::query_as(&sql).bind(user).fetch_all(p).await)?;
    proposal_rows(db, rows).await
}

/// Proposals for the leaders of these teams: team proposals, plus private ones that their
/// person accepted (accepting is choosing to bring it to the team).
pub async fn leader_proposals(db: &Db, teams: &[TeamId]) -> Result<Vec<ProposalRow>, AppError> {
    let mut all = Vec::new();
    for team in teams {
        let sql = format!(
            "SELECT {PROPOSAL_COLUMNS} FROM proposals p JOIN teams t ON t.id = p.team_id \
             WHERE p.team_id = $1 AND (p.audience_user_id = 0 OR p.status = 'accepted') \
             ORDER BY p.created_at DESC, p.id DESC LIMIT 200"
        );
        let rows: Vec<StoredProposal> =
            on_db!(db, p => sqlx::query_as(&sql).bind(*team).fetch_all(p).await)?;
        all.extend(proposal_rows(db, rows).await?);
    }
    Ok(all)
}

pub async fn proposal(db: &Db, id: ProposalId) -> Result<ProposalRow, AppError> {
    let sql = format!(
        "SELECT {PROPOSAL_COLUMNS} FROM proposals p JOIN teams t ON t.id = p.team_id WHERE p.id = $1"
    );
    let row: StoredProposal = on_db!(db, p => sqlx::query_as(&sql).bind(id).fetch_one(p).await)?;
    proposal_rows(db, vec![row])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Names the subject in words: a member's name or a client's code.
async fn proposal_rows(db: &Db, rows: Vec<StoredProposal>) -> Result<Vec<ProposalRow>, AppError> {
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let (Some(kind), Some(proposes), Some(status)) = (
            crate::limits::model::proposal_reason(&row.kind),
            Proposes::parse(&row.proposes),
            ProposalStatus::parse(&row.status),
        ) else {
            continue;
        };
        let subject = match row.subject_kind.as_str() {
            "member" => Subject::Member(UserId(row.subject_id)),
            "client" => Subject::Client(ClientId(row.subject_id)),
            _ => Subject::Team,
        };
        let subject_name = match subject {
            Subject::Member(id) => {
                let row: Option<(String,)> = on_db!(db, p => sqlx::query_as("SELECT display_name FROM users WHERE id = $1").bind(id).fetch_optional(p).await)?;
                row.map(|r| r.0)
            }
            Subject::Client(id) => {
                let row: Option<(String,)> = on_db!(db, p => sqlx::query_as("SELECT code FROM clients WHERE id = $1").bind(id).fetch_optional(p).await)?;
                row.map(|r| r.0)
            }
            Subject::Team => None,
        };
        out.push(ProposalRow {
            id: row.id,
            team: row.team_id,
            team_name: row.team_name,
            kind,
            proposes,
            subject,
            subject_name: subject_name.unwrap_or_default(),
            private_to: (row.audience_user_id != 0).then_some(UserId(row.audience_user_id)),
            measured: row.measured,
            threshold: row.threshold,
            window_weeks: row.window_weeks.and_then(|w| u32::try_from(w).ok()),
            evidence_count: row.evidence.split(',').filter(|s| !s.is_empty()).count() as u32,
            status,
            snoozed_until: row.snoozed_until,
            created_at: row.created_at,
            decisions: decisions(db, row.id).await?,
        });
    }
    Ok(out)
}

/// A case its person brings in to look at together: an intervision to plan, accepted by them
/// at once, which the leader and facilitators see like any accepted proposal. About the
/// client when the signal has one, else about the person; `signal` is its evidence. A signal
/// is brought in once: a second time is refused at `signal`, also when two race.
pub async fn bring_in(
    db: &Db,
    team: TeamId,
    author: UserId,
    client: Option<ClientId>,
    signal: SignalId,
    now: DateTime<Utc>,
) -> Result<ProposalId, AppError> {
    const INSERT: &str = "INSERT INTO proposals (team_id, kind, proposes, subject_kind, subject_id, audience_user_id, \
         measured, threshold, window_weeks, evidence, status, created_at, updated_at) \
         VALUES ($1, $2, 'intervision', $3, $4, $5, 1, 1, NULL, $6, 'accepted', $7, $7) RETURNING id";
    const LOCK: &str = "SELECT id FROM stuck_signals WHERE id = $1 FOR UPDATE";
    const ALREADY: &str = "SELECT COUNT(*) FROM proposals WHERE kind = $1 AND audience_user_id = $2 \
         AND evidence = $3 AND status = 'accepted'";
    const DECIDED: &str = "INSERT INTO proposal_decisions (proposal_id, decision, reason, snoozed_until, decided_by, decided_at) \
         VALUES ($1, 'accepted', '', NULL, $2, $3)";
    let subject = match client {
        Some(client) => Subject::Client(client),
        None => Subject::Member(author),
    };
    let (subject_kind, subject_id) = subject_columns(subject);
    let kind = crate::limits::model::BROUGHT_IN;
    let evidence = signal.to_string();
    let postgres = matches!(db, Db::Postgres(_));
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        if postgres {
            sqlx::query(LOCK).bind(signal).execute(&mut *tx).await?;
        }
        let (already,): (i64,) = sqlx::query_as(ALREADY)
            .bind(kind).bind(author).bind(&evidence).fetch_one(&mut *tx).await?;
        if already > 0 {
            return Err(AppError::invalid("signal", FieldProblem::AlreadyBroughtIn));
        }
        let (id,): (ProposalId,) = sqlx::query_as(INSERT)
            .bind(team).bind(kind).bind(subject_kind).bind(subject_id).bind(author)
            .bind(&evidence).bind(now)
            .fetch_one(&mut *tx).await?;
        sqlx::query(DECIDED).bind(id).bind(author).bind(now).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok(id)
    })
}

/// A decision on a proposal as stored, with who made it.
#[derive(sqlx::FromRow)]
struct StoredDecision {
    decision: String,
    reason: String,
    snoozed_until: Option<NaiveDate>,
    display_name: String,
    decided_at: DateTime<Utc>,
}

pub async fn decisions(db: &Db, proposal: ProposalId) -> Result<Vec<DecisionRow>, AppError> {
    const SQL: &str = "SELECT d.decision, d.reason, d.snoozed_until, u.display_name, d.decided_at \
         FROM proposal_decisions d JOIN users u ON u.id = d.decided_by WHERE d.proposal_id = $1 ORDER BY d.id";
    let rows: Vec<StoredDecision> = fetch_all!(db, SQL, proposal)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(DecisionRow {
                decision: Decision::parse(&row.decision)?,
                reason: row.reason,
                snoozed_until: row.snoozed_until,
                by: row.display_name,
                at: row.decided_at,
            })
        })
        .collect())
}

/// Records a decision and moves the proposal to its new status, together or not at all.
pub async fn decide(
    db: &Db,
    proposal: ProposalId,
    decision: Decision,
    reason: &str,
    until: Option<NaiveDate>,
    by: UserId,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    const STATUS: &str = "UPDATE proposals SET status = $1, snoozed_until = $2, updated_at = $3 \
         WHERE id = $4 AND status IN ('open', 'snoozed')";
    const LOG: &str = "INSERT INTO proposal_decisions (proposal_id, decision, reason, snoozed_until, decided_by, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6)";
    let status = decision.resulting_status();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let changed = sqlx::query(STATUS)
            .bind(status.as_str()).bind(until).bind(now).bind(proposal)
            .execute(&mut *tx).await?.rows_affected();
        if changed == 0 {
            // Already decided (by someone else, or in another tab).
            return Err(AppError::invalid("decision", crate::error::FieldProblem::Stale));
        }
        sqlx::query(LOG)
            .bind(proposal).bind(decision.as_str()).bind(reason).bind(until).bind(by).bind(now)
            .execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}
