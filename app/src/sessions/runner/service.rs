//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use crate::shared::ids::UserId;
use chrono::{SubsecRound, Utc};

use crate::error::{AppError, FieldProblem};
use crate::sessions::model::{SessionId, SessionStatus};
use crate::sessions::plan::service::{planner, reader};
use crate::sessions::runner::model::{RunCommand, RunState, apply};
use crate::sessions::runner::store;
use crate::sessions::views::RunnerScreen;
use crate::signals::model::parse_private_text;

/// Notes are the session's, shared with its people: long enough for a step, never a
/// client's identifying details.
const MAX_NOTES: usize = 4000;

pub async fn board(session: SessionId) -> Result<RunnerScreen, AppError> {
    let (state, actor, plans) = reader(session).await?;
    let record =
        crate::sessions::plan::store::session_detail(&state.db, session, actor.user_id, plans)
            .await?;
    let steps = store::steps(&state.db, session).await?;
    Ok(RunnerScreen {
        id: session,
        kind: record.kind,
        method_name_nl: record.method_name_nl,
        method_name_en: record.method_name_en,
        question: record.question,
        presenter: record.presenter.name,
        notes: store::notes(&state.db, session, steps.len()).await?,
        steps,
        state: store::load(&state.db, session).await?,
        status: record.status,
        server_now: Utc::now(),
        may_run: plans,
    })
}

pub async fn control(session: SessionId, command: String) -> Result<RunState, AppError> {
    let (state, _) = planner(session).await?;
    let command = RunCommand::parse(&command)?;
    let status = crate::sessions::plan::store::session_detail(&state.db, session, UserId(0), true)
        .await?
        .status;
    if status != SessionStatus::Planned {
        return Err(AppError::invalid("command", FieldProblem::Stale));
    }
    let steps = store::steps(&state.db, session).await?;
    let current = store::load(&state.db, session).await?;
    // Whole milliseconds: what PostgreSQL stores is then exactly what was answered.
    let now = Utc::now().trunc_subsecs(3);
    let next = apply(current, command, steps.len(), now)?;
    if Some(next) != current {
        store::save(&state.db, session, &next).await?;
    }
    Ok(next)
}

pub async fn save_notes(session: SessionId, position: u32, notes: String) -> Result<(), AppError> {
    let (state, _) = planner(session).await?;
    let steps = store::steps(&state.db, session).await?;
    let position = position as usize;
    if position >= steps.len() {
        return Err(AppError::invalid("notes", FieldProblem::OutOfRange));
    }
    let notes = parse_private_text("notes", &notes, MAX_NOTES)?;
    store::save_note(&state.db, session, position, &notes).await
}

/// Two screens may run one session. A move sent from a step the run has since left would
/// apply to wherever the run is now (skipping a step), so it is refused as stale.
async fn refuse_a_stale_screen(session: SessionId, position: u32) -> Result<(), AppError> {
    let (state, _) = planner(session).await?;
    // A position that is no step at all is a bad form, not a stale one.
    if position as usize >= store::steps(&state.db, session).await?.len() {
        return Err(AppError::invalid("notes", FieldProblem::OutOfRange));
    }
    match store::load(&state.db, session).await? {
        Some(run) if run.step != position as usize => {
            Err(AppError::invalid("command", FieldProblem::Stale))
        }
        _ => Ok(()),
    }
}

/// Notes first, then the move: a note typed just before pressing "next" belongs to the step
/// it was typed at. `finish` closes the session and sends the reader to its page.
pub async fn move_on(
    session: SessionId,
    position: u32,
    notes: String,
    command: String,
) -> Result<(), AppError> {
    if command.trim() != "save" {
        refuse_a_stale_screen(session, position).await?;
    }
    save_notes(session, position, notes).await?;
    match command.trim() {
        "save" => Ok(()),
        "finish" => {
            crate::sessions::outcomes::service::finish(session).await?;
            leptos_axum::redirect(&format!("/sessions/{session}"));
            Ok(())
        }
        other => control(session, other.to_owned()).await.map(|_| ()),
    }
}
