//! SQL for the session runner: where a running session is, and the notes per step.

use chrono::{DateTime, Utc};

use crate::db::Db;
use crate::error::AppError;
use crate::sessions::methods::store::StepRow;
use crate::sessions::model::{MethodStep, SessionId};
use crate::sessions::runner::model::RunState;
use crate::{fetch_all, on_db};

/// The steps of the session's method, in order.
pub async fn steps(db: &Db, session: SessionId) -> Result<Vec<MethodStep>, AppError> {
    const SQL: &str = "SELECT st.name_nl, st.name_en, st.purpose_nl, st.purpose_en, st.minutes \
         FROM method_steps st JOIN sessions s ON s.method_id = st.method_id \
         WHERE s.id = $1 ORDER BY st.position";
    let rows: Vec<StepRow> = fetch_all!(db, SQL, session)?;
    Ok(rows.into_iter().map(StepRow::into_step).collect())
}

pub async fn load(db: &Db, session: SessionId) -> Result<Option<RunState>, AppError> {
    const SQL: &str = "SELECT step, step_started_at, extra_seconds, started_at FROM session_runs WHERE session_id = $1";
    let row: Option<(i64, DateTime<Utc>, i64, DateTime<Utc>)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_optional(p).await)?;
    Ok(row.map(
        |(step, step_started_at, extra_seconds, started_at)| RunState {
            step: usize::try_from(step).unwrap_or(0),
            step_started_at,
            extra_seconds,
            started_at,
        },
    ))
}

pub async fn save(db: &Db, session: SessionId, state: &RunState) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO session_runs (session_id, step, step_started_at, extra_seconds, started_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (session_id) DO UPDATE SET step = excluded.step, \
         step_started_at = excluded.step_started_at, extra_seconds = excluded.extra_seconds";
    crate::execute!(
        db,
        SQL,
        session,
        state.step as i64,
        state.step_started_at,
        state.extra_seconds,
        state.started_at
    )?;
    Ok(())
}

/// The notes per step, as many as the method has steps (empty where none were written).
pub async fn notes(db: &Db, session: SessionId, steps: usize) -> Result<Vec<String>, AppError> {
    const SQL: &str = "SELECT position, notes FROM session_step_notes WHERE session_id = $1";
    let rows: Vec<(i64, String)> =
        on_db!(db, p => sqlx::query_as(SQL).bind(session).fetch_all(p).await)?;
    let mut notes = vec![String::new(); steps];
    for (position, text) in rows {
        if let Some(slot) = usize::try_from(position)
            .ok()
            .and_then(|i| notes.get_mut(i))
        {
            *slot = text;
        }
    }
    Ok(notes)
}

pub async fn save_note(
    db: &Db,
    session: SessionId,
    position: usize,
    notes: &str,
) -> Result<(), AppError> {
    const SQL: &str = "INSERT INTO session_step_notes (session_id, position, notes) VALUES ($1, $2, $3) \
         ON CONFLICT (session_id, position) DO UPDATE SET notes = excluded.notes";
    crate::execute!(db, SQL, session, position as i64, notes)?;
    Ok(())
}
