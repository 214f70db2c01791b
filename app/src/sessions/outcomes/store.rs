//! SQL for what a session leaves behind: insights, actions, evaluations and the signals that
//! tell whether it helped. Callers have already authorised.

use chrono::{DateTime, NaiveDate, Utc};

use crate::auth::model::{TeamId, UserId};
use crate::db::{Db, WritePool};
use crate::error::{AppError, FieldProblem};
use crate::sessions::model::SessionId;
use crate::sessions::outcomes::effect::SubjectSignal;
use crate::sessions::outcomes::model::{
    ActionItem, Evaluation, EvaluationState, EvaluationTally, NewAction, Outcome,
};
use crate::shared::ids::SignalId;
use crate::signals::model::Visibility;
use crate::{execute, fetch_all, on_db};

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
    let row: Option<(SessionId, UserId)> =
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

#[derive(sqlx::FromRow)]
struct ActionRow {
    id: i64,
    session_id: SessionId,
    owner_id: UserId,
    display_name: String,
    description: String,
    due_on: Option<NaiveDate>,
    done_at: Option<DateTime<Utc>>,
}

const ACTIONS: &str = "SELECT a.id, a.session_id, a.owner_id, u.display_name, a.description, a.due_on, a.done_at \
     FROM session_actions a JOIN users u ON u.id = a.owner_id";

fn action_item(row: ActionRow) -> ActionItem {
    ActionItem {
        id: row.id,
        session: row.session_id,
        owner: row.owner_id,
        owner_name: row.display_name,
        description: row.description,
        due_on: row.due_on,
        done_at: row.done_at,
    }
}

pub async fn actions(db: &Db, session: SessionId) -> Result<Vec<ActionItem>, AppError> {
    let sql = format!("{ACTIONS} WHERE a.session_id = $1 ORDER BY a.id");
    let rows: Vec<ActionRow> = fetch_all!(db, &sql, session)?;
    Ok(rows.into_iter().map(action_item).collect())
}

/// My actions not yet done, soonest due first, from sessions that were not cancelled.
pub async fn open_actions_for(db: &Db, owner: UserId) -> Result<Vec<ActionItem>, AppError> {
    let sql = format!(
        "{ACTIONS} JOIN sessions s ON s.id = a.session_id \
         WHERE a.owner_id = $1 AND a.done_at IS NULL AND s.status <> 'cancelled' \
         ORDER BY a.due_on IS NULL, a.due_on, a.id"
    );
    let rows: Vec<ActionRow> = fetch_all!(db, &sql, owner)?;
    Ok(rows.into_iter().map(action_item).collect())
}

#[derive(sqlx::FromRow)]
struct TallyRow {
    given_count: i64,
    helped_sum: i64,
    felt_safe_sum: i64,
    words: String,
    published_count: i64,
    published_helped_sum: i64,
    published_felt_safe_sum: i64,
    published_words: String,
}

fn tally(count: i64, helped: i64, felt_safe: i64, words: &str) -> EvaluationTally {
    EvaluationTally {
        count: u32::try_from(count).unwrap_or(0),
        helped_sum: u32::try_from(helped).unwrap_or(0),
        felt_safe_sum: u32::try_from(felt_safe).unwrap_or(0),
        words: serde_json::from_str(words).unwrap_or_default(),
    }
}

impl From<TallyRow> for EvaluationState {
    fn from(row: TallyRow) -> EvaluationState {
        EvaluationState {
            given: tally(
                row.given_count,
                row.helped_sum,
                row.felt_safe_sum,
                &row.words,
            ),
            published: tally(
                row.published_count,
                row.published_helped_sum,
                row.published_felt_safe_sum,
                &row.published_words,
            ),
        }
    }
}

const TALLY_COLUMNS: &str = "given_count, helped_sum, felt_safe_sum, words, published_count, \
     published_helped_sum, published_felt_safe_sum, published_words";

/// Records an evaluation once per person. Only the session's sums change: who evaluated is a
/// row of its own, what they said is added to the totals and kept nowhere else, so the two can
/// never be linked. Both happen in one transaction, or neither.
pub async fn evaluate(
    db: &Db,
    session: SessionId,
    user: UserId,
    evaluation: &Evaluation,
) -> Result<(), AppError> {
    const EVALUATOR: &str = "INSERT INTO session_evaluators (session_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    const START: &str =
        "INSERT INTO session_evaluation_tallies (session_id) VALUES ($1) ON CONFLICT DO NOTHING";
    // PostgreSQL locks the row so that two evaluations at once add up; SQLite's write lock,
    // taken at BEGIN, already does.
    let read = match db {
        Db::Postgres(_) => format!(
            "SELECT {TALLY_COLUMNS} FROM session_evaluation_tallies WHERE session_id = $1 FOR UPDATE"
        ),
        Db::Sqlite(_) => {
            format!("SELECT {TALLY_COLUMNS} FROM session_evaluation_tallies WHERE session_id = $1")
        }
    };
    const SAVE: &str = "UPDATE session_evaluation_tallies SET given_count = $1, helped_sum = $2, felt_safe_sum = $3, \
         words = $4, published_count = $5, published_helped_sum = $6, published_felt_safe_sum = $7, published_words = $8 \
         WHERE session_id = $9";
    on_db!(db, p => {
        let mut tx = p.begin_write().await?;
        let fresh = sqlx::query(EVALUATOR).bind(session).bind(user).execute(&mut *tx).await?.rows_affected();
        if fresh == 0 {
            return Err(AppError::invalid("helped", FieldProblem::Stale));
        }
        sqlx::query(START).bind(session).execute(&mut *tx).await?;
        let row: TallyRow = sqlx::query_as(&read).bind(session).fetch_one(&mut *tx).await?;
        let mut state = EvaluationState::from(row);
        state.record(evaluation);
        let (given, published) = (&state.given, &state.published);
        sqlx::query(SAVE)
            .bind(i64::from(given.count)).bind(i64::from(given.helped_sum)).bind(i64::from(given.felt_safe_sum))
            .bind(serde_json::to_string(&given.words).unwrap_or_default())
            .bind(i64::from(published.count)).bind(i64::from(published.helped_sum)).bind(i64::from(published.felt_safe_sum))
            .bind(serde_json::to_string(&published.words).unwrap_or_default())
            .bind(session)
            .execute(&mut *tx).await?;
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

pub async fn evaluations(db: &Db, session: SessionId) -> Result<EvaluationState, AppError> {
    let sql =
        format!("SELECT {TALLY_COLUMNS} FROM session_evaluation_tallies WHERE session_id = $1");
    let row: Option<TallyRow> =
        on_db!(db, p => sqlx::query_as(&sql).bind(session).fetch_optional(p).await)?;
    Ok(row.map(EvaluationState::from).unwrap_or_default())
}

/// The signals on each held session's subject (its client, or else its presenter):
/// (session, held at, signal time, author, visibility). Private ones too: the effect counts
/// each only for whom may see it (see `effect::countable`). Sessions without any signal are
/// missing here; see `held_sessions`.
const SUBJECT_SIGNALS: &str = "SELECT s.id AS session_id, g.created_at, g.author_id, g.visibility FROM sessions s \
     JOIN stuck_signals g ON ((s.client_id IS NOT NULL AND g.client_id = s.client_id) \
       OR (s.client_id IS NULL AND g.author_id = s.presenter_id AND g.team_id = s.team_id)) \
     WHERE s.status = 'done' AND s.starts_at IS NOT NULL";

/// A signal on a held session's subject (its client, or else its presenter), with the session.
#[derive(sqlx::FromRow)]
struct SubjectRow {
    session_id: SessionId,
    created_at: DateTime<Utc>,
    author_id: UserId,
    visibility: String,
}

fn subject_signal(row: &SubjectRow) -> Option<SubjectSignal> {
    Some(SubjectSignal {
        at: row.created_at,
        author: row.author_id,
        visibility: Visibility::parse(&row.visibility)?,
    })
}

pub async fn subject_signals(db: &Db, session: SessionId) -> Result<Vec<SubjectSignal>, AppError> {
    let sql = format!("{SUBJECT_SIGNALS} AND s.id = $1");
    let rows: Vec<SubjectRow> = fetch_all!(db, &sql, session)?;
    Ok(rows.iter().filter_map(subject_signal).collect())
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
) -> Result<Vec<(SessionId, SubjectSignal)>, AppError> {
    let sql = format!("{SUBJECT_SIGNALS} AND s.team_id = $1");
    let rows: Vec<SubjectRow> = fetch_all!(db, &sql, team)?;
    Ok(rows
        .iter()
        .filter_map(|row| Some((row.session_id, subject_signal(row)?)))
        .collect())
}

/// The presenter marks the session's linked signals that are theirs as resolved.
pub async fn linked_signal_ids(db: &Db, session: SessionId) -> Result<Vec<SignalId>, AppError> {
    const SQL: &str = "SELECT signal_id FROM session_signals WHERE session_id = $1";
    let rows: Vec<(SignalId,)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_all(p).await)?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}
