//! SQL for the method library and sessions. Callers have already authorised.

use crate::shared::ids::ProposalId;
use crate::shared::ids::{MethodId, SignalId};
use chrono::{DateTime, Utc};

use crate::auth::model::{OrganisationId, TeamId, UserId};
use crate::db::{Db, WritePool};
use crate::error::AppError;
use crate::sessions::model::{Answer, NewSession, SessionId, SessionKind, SessionStatus};
use crate::sessions::views::{Invitee, PersonChoice, SessionRecord, SessionSummary};
use crate::shared::sql::id_list;
use crate::{execute, fetch_all, fetch_one, fetch_optional, on_db};

/// Creates a session with its invitations (all pending) and linked signals, all or nothing.
/// A proposal can be planned once; a second attempt is `Stale`.
pub async fn insert_session(
    db: &Db,
    team: TeamId,
    session: &NewSession,
    proposal: Option<ProposalId>,
    signals: &[SignalId],
    by: UserId,
    now: DateTime<Utc>,
) -> Result<SessionId, AppError> {
    const SESSION: &str = "INSERT INTO sessions (team_id, kind, method_id, facilitator_id, presenter_id, client_id, \
         question, place, starts_at, minutes, status, proposal_id, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'planned', $11, $12, $13, $13) RETURNING id";
    const TAKEN: &str = "SELECT COUNT(*) FROM sessions WHERE proposal_id = $1";
    const INVITE: &str =
        "INSERT INTO session_participants (session_id, user_id, answer) VALUES ($1, $2, 'pending')";
    const LINK: &str = "INSERT INTO session_signals (session_id, signal_id) VALUES ($1, $2)";
    let mut invited = vec![session.facilitator, session.presenter];
    invited.extend(&session.participants);
    invited.dedup();
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        if let Some(proposal) = proposal {
            let (taken,): (i64,) = sqlx::query_as(TAKEN).bind(proposal).fetch_one(&mut *tx).await?;
            if taken > 0 {
                return Err(AppError::invalid("proposal", crate::error::FieldProblem::Stale));
            }
        }
        let (id,): (SessionId,) = sqlx::query_as(SESSION)
            .bind(team).bind(session.kind.as_str()).bind(session.method)
            .bind(session.facilitator).bind(session.presenter).bind(session.client)
            .bind(&session.question).bind(&session.place).bind(session.starts_at)
            .bind(i64::from(session.minutes)).bind(proposal).bind(by).bind(now)
            .fetch_one(&mut *tx).await
            .map_err(AppError::unique_as("proposal", crate::error::FieldProblem::Stale))?;
        for user in &invited {
            sqlx::query(INVITE).bind(id).bind(user).execute(&mut *tx).await?;
        }
        for signal in signals {
            sqlx::query(LINK).bind(id).bind(signal).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<SessionId, AppError>(id)
    })
}

/// The team a session belongs to, whether `user` is invited, and whether they facilitate.
pub struct Access {
    pub team: TeamId,
    pub invited: bool,
    pub facilitator: bool,
    pub presenter: bool,
}

pub async fn access(db: &Db, session: SessionId, user: UserId) -> Result<Access, AppError> {
    const SQL: &str = "SELECT s.team_id, s.facilitator_id, s.presenter_id, \
         (SELECT COUNT(*) FROM session_participants p WHERE p.session_id = s.id AND p.user_id = $2) \
         FROM sessions s WHERE s.id = $1";
    let row: Option<(TeamId, UserId, UserId, i64)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).bind(user).fetch_optional(p).await)?;
    let (team, facilitator, presenter, invited) = row.ok_or(AppError::NotFound)?;
    Ok(Access {
        team,
        invited: invited > 0,
        facilitator: facilitator == user,
        presenter: presenter == user,
    })
}

#[derive(sqlx::FromRow)]
struct DetailRow {
    id: SessionId,
    team_id: TeamId,
    team_name: String,
    kind: String,
    method_id: MethodId,
    name_nl: String,
    name_en: String,
    facilitator_id: UserId,
    facilitator_name: String,
    presenter_id: UserId,
    presenter_name: String,
    code: Option<String>,
    question: String,
    place: String,
    starts_at: Option<DateTime<Utc>>,
    minutes: i64,
    status: String,
    proposal_id: Option<ProposalId>,
}

pub async fn session_detail(
    db: &Db,
    session: SessionId,
    reader: UserId,
    may_plan: bool,
) -> Result<SessionRecord, AppError> {
    const SQL: &str = "SELECT s.id, s.team_id, t.name AS team_name, s.kind, s.method_id, m.name_nl, m.name_en, \
         s.facilitator_id, f.display_name AS facilitator_name, s.presenter_id, pr.display_name AS presenter_name, \
         c.code, s.question, s.place, s.starts_at, s.minutes, s.status, s.proposal_id FROM sessions s \
         JOIN teams t ON t.id = s.team_id JOIN methods m ON m.id = s.method_id \
         JOIN users f ON f.id = s.facilitator_id JOIN users pr ON pr.id = s.presenter_id \
         LEFT JOIN clients c ON c.id = s.client_id WHERE s.id = $1";
    let row: Option<DetailRow> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_optional(p).await)?;
    let DetailRow {
        id,
        team_id: team,
        team_name,
        kind,
        method_id: method,
        name_nl: method_name_nl,
        name_en: method_name_en,
        facilitator_id: facilitator,
        facilitator_name,
        presenter_id: presenter,
        presenter_name,
        code: client_code,
        question,
        place,
        starts_at,
        minutes,
        status,
        proposal_id: proposal,
    } = row.ok_or(AppError::NotFound)?;
    let invitees = invitees(db, session).await?;
    let my_answer = invitees.iter().find(|i| i.user == reader).map(|i| i.answer);
    Ok(SessionRecord {
        id,
        team,
        team_name,
        kind: SessionKind::parse(&kind).ok_or(AppError::Internal)?,
        method,
        method_name_nl,
        method_name_en,
        facilitator: PersonChoice {
            id: facilitator,
            name: facilitator_name,
        },
        presenter: PersonChoice {
            id: presenter,
            name: presenter_name,
        },
        invitees,
        client_code,
        question,
        place,
        starts_at,
        minutes: u32::try_from(minutes).unwrap_or(0),
        status: SessionStatus::parse(&status).ok_or(AppError::Internal)?,
        proposal,
        my_answer,
        may_plan,
        presenting: presenter == reader,
        preparation: None,
        linked_signals: Vec::new(),
        held: false,
        outcome: None,
    })
}

pub async fn invitees(db: &Db, session: SessionId) -> Result<Vec<Invitee>, AppError> {
    const SQL: &str = "SELECT p.user_id, u.display_name, p.answer FROM session_participants p \
         JOIN users u ON u.id = p.user_id WHERE p.session_id = $1 ORDER BY u.display_name, p.user_id";
    let rows: Vec<(UserId, String, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(user, name, answer)| Invitee {
            user,
            name,
            answer: Answer::parse(&answer).unwrap_or(Answer::Pending),
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: SessionId,
    team_id: TeamId,
    team_name: String,
    kind: String,
    name_nl: String,
    name_en: String,
    starts_at: Option<DateTime<Utc>>,
    minutes: i64,
    status: String,
    my_answer: Option<String>,
}

const SUMMARY: &str = "SELECT s.id, s.team_id, t.name AS team_name, s.kind, m.name_nl, m.name_en, s.starts_at, s.minutes, s.status, \
     (SELECT p.answer FROM session_participants p WHERE p.session_id = s.id AND p.user_id = $1) AS my_answer \
     FROM sessions s JOIN teams t ON t.id = s.team_id JOIN methods m ON m.id = s.method_id";

fn summaries(rows: Vec<SummaryRow>) -> Vec<SessionSummary> {
    rows.into_iter()
        .filter_map(|row| {
            Some(SessionSummary {
                id: row.id,
                team: row.team_id,
                team_name: row.team_name,
                kind: SessionKind::parse(&row.kind)?,
                method_name_nl: row.name_nl,
                method_name_en: row.name_en,
                starts_at: row.starts_at,
                minutes: u32::try_from(row.minutes).unwrap_or(0),
                status: SessionStatus::parse(&row.status)?,
                my_answer: row.my_answer.as_deref().and_then(Answer::parse),
            })
        })
        .collect()
}

/// Sessions I am invited to, and every session of the teams I plan for.
pub async fn sessions_for(
    db: &Db,
    user: UserId,
    planning_teams: &[TeamId],
) -> Result<Vec<SessionSummary>, AppError> {
    let sql = format!(
        "{SUMMARY} WHERE s.id IN (SELECT session_id FROM session_participants WHERE user_id = $1) \
         OR s.team_id IN ({}) ORDER BY s.starts_at IS NULL, s.starts_at, s.id",
        id_list(planning_teams)
    );
    let rows: Vec<SummaryRow> = fetch_all!(db, &sql, user)?;
    Ok(summaries(rows))
}

/// Records an invitee's answer; someone not invited changes nothing and is told so.
pub async fn answer(
    db: &Db,
    session: SessionId,
    user: UserId,
    answer: Answer,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    // Only a planned session is answered; one held or cancelled keeps the answers it had.
    let changed = execute!(
        db,
        "UPDATE session_participants SET answer = $1, answered_at = $2 WHERE session_id = $3 AND user_id = $4 \
         AND session_id IN (SELECT id FROM sessions WHERE id = $3 AND status = 'planned')",
        answer.as_str(),
        now,
        session,
        user
    )?;
    if changed == 1 {
        return Ok(());
    }
    let invited: (i64,) = on_db!(db, p => sqlx::query_as(
        "SELECT COUNT(*) FROM session_participants WHERE session_id = $1 AND user_id = $2")
        .bind(session).bind(user).fetch_one(p).await)?;
    Err(if invited.0 == 0 {
        AppError::NotFound
    } else {
        AppError::invalid("answer", crate::error::FieldProblem::NotNow)
    })
}

/// Sets the start; everyone's answer is asked again, as the old one was for another time.
pub async fn reschedule(
    db: &Db,
    session: SessionId,
    starts_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let changed = sqlx::query("UPDATE sessions SET starts_at = $1, updated_at = $2 WHERE id = $3 AND status = 'planned'")
            .bind(starts_at).bind(now).bind(session)
            .execute(&mut *tx).await?.rows_affected();
        if changed == 0 {
            // Held or cancelled: a new time makes no sense any more.
            return Err(AppError::invalid("starts_at", crate::error::FieldProblem::NotNow));
        }
        sqlx::query("UPDATE session_participants SET answer = 'pending', answered_at = NULL WHERE session_id = $1")
            .bind(session).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

/// Calls off a planned session. A session that was held keeps its outcome and cannot be
/// cancelled; one already cancelled stays so.
pub async fn cancel(db: &Db, session: SessionId, now: DateTime<Utc>) -> Result<(), AppError> {
    debug_assert!(SessionStatus::Planned.may_become(SessionStatus::Cancelled));
    let changed = execute!(
        db,
        "UPDATE sessions SET status = 'cancelled', updated_at = $1 WHERE id = $2 AND status = 'planned'",
        now,
        session
    )?;
    if changed == 1 {
        Ok(())
    } else {
        Err(AppError::invalid(
            "status",
            crate::error::FieldProblem::NotNow,
        ))
    }
}

/// The people who facilitate for a team: its facilitators and leaders, and the
/// organisation's pool.
pub async fn facilitators(
    db: &Db,
    org: OrganisationId,
    team: TeamId,
) -> Result<Vec<PersonChoice>, AppError> {
    const SQL: &str = "SELECT u.id, u.display_name FROM users u WHERE u.active = TRUE AND u.organisation_id = $1 AND \
         (u.in_facilitator_pool = TRUE OR u.id IN (SELECT user_id FROM memberships WHERE team_id = $2)) \
         ORDER BY u.display_name, u.id";
    let rows: Vec<(UserId, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(org).bind(team).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(id, name)| PersonChoice { id, name })
        .collect())
}

/// The signals that made a proposal. They are linked to its session; who may see each one is
/// decided again wherever they are shown.
pub async fn proposal_evidence(db: &Db, proposal: ProposalId) -> Result<Vec<SignalId>, AppError> {
    let row: Option<(String,)> = on_db!(db, p => sqlx::query_as("SELECT evidence FROM proposals WHERE id = $1")
        .bind(proposal).fetch_optional(p).await)?;
    Ok(row
        .map(|(evidence,)| {
            evidence
                .split(',')
                .filter_map(|s| s.trim().parse().ok())
                .collect()
        })
        .unwrap_or_default())
}

/// The proposals of these teams that a session plans already.
pub async fn planned_proposals(
    db: &Db,
    teams: &[TeamId],
) -> Result<std::collections::HashSet<ProposalId>, AppError> {
    let planned: Vec<(ProposalId,)> = on_db!(db, p => sqlx::query_as(&format!(
        "SELECT proposal_id FROM sessions WHERE proposal_id IS NOT NULL AND team_id IN ({})",
        id_list(teams)))
        .fetch_all(p).await)?;
    Ok(planned.into_iter().map(|(id,)| id).collect())
}

/// Whether a session already plans this proposal.
pub async fn session_for_proposal(db: &Db, proposal: ProposalId) -> Result<bool, AppError> {
    let (n,): (i64,) = on_db!(db, p => sqlx::query_as("SELECT COUNT(*) FROM sessions WHERE proposal_id = $1")
        .bind(proposal).fetch_one(p).await)?;
    Ok(n > 0)
}

pub async fn preparation(db: &Db, session: SessionId) -> Result<Vec<(u8, String)>, AppError> {
    let rows: Vec<(i64, String)> = on_db!(db, p => sqlx::query_as(
        "SELECT prompt, answer FROM session_preparations WHERE session_id = $1 ORDER BY prompt")
        .bind(session).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .filter_map(|(n, a)| Some((u8::try_from(n).ok()?, a)))
        .collect())
}

/// Replaces the presenter's answers, all or nothing.
pub async fn save_preparation(
    db: &Db,
    session: SessionId,
    answers: &[(u8, String)],
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        sqlx::query("DELETE FROM session_preparations WHERE session_id = $1").bind(session).execute(&mut *tx).await?;
        for (prompt, answer) in answers {
            sqlx::query("INSERT INTO session_preparations (session_id, prompt, answer) VALUES ($1, $2, $3)")
                .bind(session).bind(i64::from(*prompt)).bind(answer).execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

#[derive(sqlx::FromRow)]
struct LinkedRow {
    id: SignalId,
    resolved: bool,
    created_at: DateTime<Utc>,
    intensity: i64,
    kinds: String,
    moral_dilemma: bool,
    visibility: String,
    author_id: UserId,
    code: Option<String>,
}

/// The session's linked signals with who wrote them and who may see them; no note column is
/// ever selected here.
pub async fn linked_signals(
    db: &Db,
    session: SessionId,
) -> Result<
    Vec<(
        crate::sessions::plan::preparation::LinkedSignal,
        crate::signals::model::Visibility,
        UserId,
    )>,
    AppError,
> {
    const SQL: &str = "SELECT s.id, s.resolved_at IS NOT NULL AS resolved, s.created_at, s.intensity, s.kinds, s.moral_dilemma, s.visibility, s.author_id, c.code \
         FROM session_signals ss JOIN stuck_signals s ON s.id = ss.signal_id LEFT JOIN clients c ON c.id = s.client_id \
         WHERE ss.session_id = $1 ORDER BY s.created_at, s.id";
    let rows: Vec<LinkedRow> = fetch_all!(db, SQL, session)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some((
                crate::sessions::plan::preparation::LinkedSignal {
                    id: row.id,
                    resolved: row.resolved,
                    mine: false,
                    at: row.created_at,
                    intensity: u8::try_from(row.intensity).ok()?,
                    kinds: crate::signals::model::kinds_from_text(&row.kinds),
                    moral_dilemma: row.moral_dilemma,
                    client_code: row.code,
                },
                crate::signals::model::Visibility::parse(&row.visibility)?,
                row.author_id,
            ))
        })
        .collect())
}

/// What a calendar entry of a session is made of.
#[derive(sqlx::FromRow)]
pub struct CalendarRow {
    pub id: SessionId,
    pub kind: String,
    pub name_nl: String,
    pub place: String,
    pub starts_at: DateTime<Utc>,
    pub minutes: i64,
    pub status: String,
    pub updated_at: DateTime<Utc>,
}

const CALENDAR_ROW: &str = "SELECT s.id, s.kind, m.name_nl, s.place, s.starts_at, s.minutes, s.status, s.updated_at \
     FROM sessions s JOIN methods m ON m.id = s.method_id";

/// A scheduled session's calendar entry.
pub async fn calendar_row(db: &Db, session: SessionId) -> Result<Option<CalendarRow>, AppError> {
    let sql = format!("{CALENDAR_ROW} WHERE s.id = $1 AND s.starts_at IS NOT NULL");
    Ok(fetch_optional!(db, &sql, session)?)
}

/// The scheduled sessions `user` is invited to and has not declined, from `since` on.
pub async fn calendar_rows_for(
    db: &Db,
    user: UserId,
    since: DateTime<Utc>,
) -> Result<Vec<CalendarRow>, AppError> {
    let sql = format!(
        "{CALENDAR_ROW} WHERE s.starts_at IS NOT NULL AND s.starts_at >= $2 AND s.id IN \
         (SELECT session_id FROM session_participants WHERE user_id = $1 AND answer <> 'no') ORDER BY s.starts_at"
    );
    Ok(fetch_all!(db, &sql, user, since)?)
}

/// What a team's intervision cadence is worked out from.
#[derive(sqlx::FromRow)]
pub struct CadenceRow {
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub every_weeks: Option<i64>,
    /// The latest intervision held or planned, cancelled ones aside.
    pub latest: Option<DateTime<Utc>>,
    /// Intervisions planned from `now` on, or planned without a time yet.
    pub planned_ahead: i64,
}

pub async fn cadence_row(
    db: &Db,
    team: TeamId,
    now: DateTime<Utc>,
) -> Result<CadenceRow, AppError> {
    const SQL: &str = "SELECT t.name, t.created_at, t.intervision_every_weeks AS every_weeks, \
         (SELECT MAX(s.starts_at) FROM sessions s WHERE s.team_id = t.id \
          AND s.kind = 'intervision' AND s.status <> 'cancelled') AS latest, \
         (SELECT COUNT(*) FROM sessions s WHERE s.team_id = t.id AND s.kind = 'intervision' \
          AND s.status = 'planned' AND (s.starts_at IS NULL OR s.starts_at >= $2)) AS planned_ahead \
         FROM teams t WHERE t.id = $1";
    Ok(fetch_one!(db, SQL, team, now)?)
}

pub async fn set_cadence(db: &Db, team: TeamId, weeks: Option<u32>) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE teams SET intervision_every_weeks = $1 WHERE id = $2",
        weeks.map(i64::from),
        team
    )?;
    Ok(())
}
