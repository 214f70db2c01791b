//! SQL for what a session leaves behind: insights, actions, evaluations and the signals that
//! tell whether it helped. Callers have already authorised.

use chrono::{DateTime, NaiveDate, Utc};

use super::model::SessionId;
use super::outcome::{ActionItem, Evaluation, NewAction, Outcome};
use crate::auth::model::{TeamId, UserId};
use crate::db::Db;
use crate::error::{AppError, FieldProblem};
use crate::{execute, on_db};

pub async fn outcome(db: &Db, session: SessionId) -> Result<(String, Option<NaiveDate>), AppError> {
    const SQL: &str = "SELECT insights, follow_up_on FROM sessions WHERE id = $1";
    let row: Option<(String, Option<NaiveDate>)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_optional(p).await)?;
    row.ok_or(AppError::NotFound)
}

pub async fn save_outcome(
    db: &Db,
    session: SessionId,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE sessions SET insights = $1, follow_up_on = $2, updated_at = $3 WHERE id = $4",
        &outcome.insights,
        outcome.follow_up_on,
        now,
        session
    )?;
    Ok(())
}

/// Marks a session done. One held without a planned time takes the time its runner started
/// (or now), so that its effect can be measured from when it happened.
pub async fn mark_done(
    db: &Db,
    session: SessionId,
    held_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE sessions SET status = 'done', starts_at = COALESCE(starts_at, $1), updated_at = $2 \
         WHERE id = $3 AND status = 'planned'",
        held_at,
        now,
        session
    )?;
    Ok(())
}

pub async fn insert_action(
    db: &Db,
    session: SessionId,
    action: &NewAction,
) -> Result<i64, AppError> {
    const SQL: &str = "INSERT INTO session_actions (session_id, owner_id, description, due_on) \
         VALUES ($1, $2, $3, $4) RETURNING id";
    let (id,): (i64,) = on_db!(db, p => sqlx::query_as(SQL)
        .bind(session).bind(action.owner).bind(&action.description).bind(action.due_on)
        .fetch_one(p).await)?;
    Ok(id)
}

/// The action's session and owner, to decide who may tick it off.
pub async fn action_owner(db: &Db, action: i64) -> Result<(SessionId, UserId), AppError> {
    const SQL: &str = "SELECT session_id, owner_id FROM session_actions WHERE id = $1";
    let row: Option<(i64, i64)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(action).fetch_optional(p).await)?;
    row.ok_or(AppError::NotFound)
}

/// Ticks an action off, or back on (`done` false) when it was ticked by mistake.
pub async fn set_action_done(
    db: &Db,
    action: i64,
    done: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    execute!(
        db,
        "UPDATE session_actions SET done_at = $1 WHERE id = $2",
        done.then_some(now),
        action
    )?;
    Ok(())
}

type ActionRow = (
    i64,
    i64,
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<DateTime<Utc>>,
);

const ACTIONS: &str = "SELECT a.id, a.session_id, a.owner_id, u.display_name, a.description, a.due_on, a.done_at \
     FROM session_actions a JOIN users u ON u.id = a.owner_id";

fn action_item(row: ActionRow) -> ActionItem {
    let (id, session, owner, owner_name, description, due_on, done_at) = row;
    ActionItem {
        id,
        session,
        owner,
        owner_name,
        description,
        due_on,
        done_at,
    }
}

pub async fn actions(db: &Db, session: SessionId) -> Result<Vec<ActionItem>, AppError> {
    let sql = format!("{ACTIONS} WHERE a.session_id = $1 ORDER BY a.id");
    let rows: Vec<ActionRow> =
        on_db!(db, p => sqlx::query_as(&sql).bind(session).fetch_all(p).await)?;
    Ok(rows.into_iter().map(action_item).collect())
}

/// My actions not yet done, soonest due first, from sessions that were not cancelled.
pub async fn open_actions_for(db: &Db, owner: UserId) -> Result<Vec<ActionItem>, AppError> {
    let sql = format!(
        "{ACTIONS} JOIN sessions s ON s.id = a.session_id \
         WHERE a.owner_id = $1 AND a.done_at IS NULL AND s.status <> 'cancelled' \
         ORDER BY a.due_on IS NULL, a.due_on, a.id"
    );
    let rows: Vec<ActionRow> =
        on_db!(db, p => sqlx::query_as(&sql).bind(owner).fetch_all(p).await)?;
    Ok(rows.into_iter().map(action_item).collect())
}

/// Records an evaluation once per person. Who evaluated and what they said go to separate
/// tables in one transaction: both or neither.
pub async fn evaluate(
    db: &Db,
    session: SessionId,
    user: UserId,
    evaluation: &Evaluation,
) -> Result<(), AppError> {
    on_db!(db, p => {
        let mut tx = p.begin().await?;
        let fresh = sqlx::query("INSERT INTO session_evaluators (session_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(session).bind(user).execute(&mut *tx).await?.rows_affected();
        if fresh == 0 {
            return Err(AppError::invalid("helped", FieldProblem::Stale));
        }
        sqlx::query("INSERT INTO session_evaluations (session_id, helped, felt_safe, word) VALUES ($1, $2, $3, $4)")
            .bind(session).bind(i64::from(evaluation.helped)).bind(i64::from(evaluation.felt_safe))
            .bind(&evaluation.word).execute(&mut *tx).await?;
        tx.commit().await?;
        Ok::<(), AppError>(())
    })
}

pub async fn has_evaluated(db: &Db, session: SessionId, user: UserId) -> Result<bool, AppError> {
    const SQL: &str =
        "SELECT COUNT(*) FROM session_evaluators WHERE session_id = $1 AND user_id = $2";
    let (n,): (i64,) =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).bind(user).fetch_one(p).await)?;
    Ok(n > 0)
}

pub async fn evaluations(db: &Db, session: SessionId) -> Result<Vec<Evaluation>, AppError> {
    const SQL: &str =
        "SELECT helped, felt_safe, word FROM session_evaluations WHERE session_id = $1";
    let rows: Vec<(i64, i64, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_all(p).await)?;
    Ok(rows
        .into_iter()
        .map(|(helped, felt_safe, word)| Evaluation {
            helped: u8::try_from(helped).unwrap_or(0),
            felt_safe: u8::try_from(felt_safe).unwrap_or(0),
            word,
        })
        .collect())
}

/// The shared signals on each held session's subject (its client, or else its presenter):
/// (session, held at, signal time). Sessions without any signal are missing here; see
/// `held_sessions`.
const SUBJECT_SIGNALS: &str = "SELECT s.id, s.starts_at, g.created_at FROM sessions s \
     JOIN stuck_signals g ON ((s.client_id IS NOT NULL AND g.client_id = s.client_id) \
       OR (s.client_id IS NULL AND g.author_id = s.presenter_id AND g.team_id = s.team_id)) \
     WHERE g.visibility <> 'private' AND s.status = 'done' AND s.starts_at IS NOT NULL";

pub async fn subject_signals(db: &Db, session: SessionId) -> Result<Vec<DateTime<Utc>>, AppError> {
    let sql = format!("{SUBJECT_SIGNALS} AND s.id = $1");
    let rows: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> =
        on_db!(db, p => sqlx::query_as(&sql).bind(session).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.2).collect())
}

/// A team's sessions that were held: (session, held at).
pub async fn held_sessions(
    db: &Db,
    team: TeamId,
) -> Result<Vec<(SessionId, DateTime<Utc>)>, AppError> {
    const SQL: &str = "SELECT id, starts_at FROM sessions \
         WHERE team_id = $1 AND status = 'done' AND starts_at IS NOT NULL ORDER BY starts_at";
    Ok(on_db!(db, p => sqlx::query_as(SQL).bind(team).fetch_all(p).await)?)
}

pub async fn team_subject_signals(
    db: &Db,
    team: TeamId,
) -> Result<Vec<(SessionId, DateTime<Utc>)>, AppError> {
    let sql = format!("{SUBJECT_SIGNALS} AND s.team_id = $1");
    let rows: Vec<(i64, DateTime<Utc>, DateTime<Utc>)> =
        on_db!(db, p => sqlx::query_as(&sql).bind(team).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|(s, _, at)| (s, at)).collect())
}

/// The presenter marks the session's linked signals that are theirs as resolved.
pub async fn linked_signal_ids(db: &Db, session: SessionId) -> Result<Vec<i64>, AppError> {
    const SQL: &str = "SELECT signal_id FROM session_signals WHERE session_id = $1";
    let rows: Vec<(i64,)> = on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}
