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
use crate::state::AppState;

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
    let steps = store::steps(&state.db, session).await?.len();
    run_command(&state, session, steps, command).await
}

/// Moves a planned session's run; a closed or cancelled session no longer runs.
async fn run_command(
    state: &AppState,
    session: SessionId,
    steps: usize,
    command: RunCommand,
) -> Result<RunState, AppError> {
    let status = crate::sessions::plan::store::session_detail(&state.db, session, UserId(0), true)
        .await?
        .status;
    if status != SessionStatus::Planned {
        return Err(AppError::invalid("command", FieldProblem::Stale));
    }
    let current = store::load(&state.db, session).await?;
    // Whole milliseconds: what PostgreSQL stores is then exactly what was answered.
    let now = Utc::now().trunc_subsecs(3);
    let next = apply(current, command, steps, now)?;
    if Some(next) != current {
        store::save(&state.db, session, &next).await?;
    }
    Ok(next)
}

pub async fn save_notes(session: SessionId, position: u32, notes: String) -> Result<(), AppError> {
    let (state, _) = planner(session).await?;
    let steps = store::steps(&state.db, session).await?.len();
    let (position, notes) = parse_notes(steps, position, &notes)?;
    store::save_note(&state.db, session, position, &notes).await
}

/// The step a note belongs to, and the note, or why not.
fn parse_notes(steps: usize, position: u32, notes: &str) -> Result<(usize, String), AppError> {
    let position = position as usize;
    // A position that is no step at all is a bad form, not a stale one.
    if position >= steps {
        return Err(AppError::invalid("notes", FieldProblem::OutOfRange));
    }
    Ok((position, parse_private_text("notes", notes, MAX_NOTES)?))
}

/// What the runner's form asks for after saving the notes.
enum Move {
    Stay,
    Finish,
    Run(RunCommand),
}

impl Move {
    fn parse(command: &str) -> Result<Move, AppError> {
        Ok(match command.trim() {
            "save" => Move::Stay,
            "finish" => Move::Finish,
            other => Move::Run(RunCommand::parse(other)?),
        })
    }
}

/// Two screens may run one session. A move sent from a step the run has since left would
/// apply to wherever the run is now (skipping a step), so it is refused as stale.
async fn refuse_a_stale_screen(
    state: &AppState,
    session: SessionId,
    position: usize,
) -> Result<(), AppError> {
    match store::load(&state.db, session).await? {
        Some(run) if run.step != position => Err(AppError::invalid("command", FieldProblem::Stale)),
        _ => Ok(()),
    }
}

/// Notes first, then the move: a note typed just before pressing "next" belongs to the step
/// it was typed at. `finish` closes the session and sends the reader to its page. The form is
/// read whole before anything is saved, so a bad command saves no notes either.
pub async fn move_on(
    session: SessionId,
    position: u32,
    notes: String,
    command: String,
) -> Result<(), AppError> {
    let (state, _) = planner(session).await?;
    let steps = store::steps(&state.db, session).await?.len();
    let (position, notes) = parse_notes(steps, position, &notes)?;
    let wanted = Move::parse(&command)?;
    if !matches!(wanted, Move::Stay) {
        refuse_a_stale_screen(&state, session, position).await?;
    }
    store::save_note(&state.db, session, position, &notes).await?;
    match wanted {
        Move::Stay => Ok(()),
        Move::Finish => {
            crate::sessions::outcomes::service::finish(session).await?;
            leptos_axum::redirect(&format!("/sessions/{session}"));
            Ok(())
        }
        Move::Run(command) => run_command(&state, session, steps, command)
            .await
            .map(|_| ()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_belongs_to_a_step_that_exists() {
        assert_eq!(parse_notes(3, 2, " ja ").map(|(at, _)| at), Ok(2));
        assert_eq!(
            parse_notes(3, 3, "ja"),
            Err(AppError::invalid("notes", FieldProblem::OutOfRange))
        );
    }

    #[test]
    fn the_form_asks_to_stay_finish_or_move_and_nothing_else() {
        assert!(matches!(Move::parse(" save "), Ok(Move::Stay)));
        assert!(matches!(Move::parse("finish"), Ok(Move::Finish)));
        assert!(matches!(
            Move::parse("next"),
            Ok(Move::Run(RunCommand::Next))
        ));
        assert!(Move::parse("jump:9").is_err());
    }
}
