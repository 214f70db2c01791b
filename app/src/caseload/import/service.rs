//! The server-side logic behind importing and exporting a caseload.

use chrono::Utc;

use crate::auth::guard::authorize;
use crate::auth::model::{Need, TeamId};
use crate::caseload::import::model::{ImportContext, parse_caseload_csv};
use crate::caseload::store::{self};
use crate::caseload::views::*;
use crate::error::{AppError, FieldProblem};
use crate::state::AppState;
use crate::ui::time::today;

use crate::caseload::service::{LEADER, after_write, audit};

pub async fn export_csv(
    state: &AppState,
    session: &tower_sessions::Session,
    team: TeamId,
) -> Result<String, AppError> {
    let actor =
        crate::auth::guard::authorize_session(state, session, Need::TeamRole(team, LEADER)).await?;
    let rows = crate::caseload::import::store::export_rows(&state.db, team, today()).await?;
    audit(state, &actor, "caseload.export", format!("team:{team}")).await?;
    Ok(crate::caseload::import::model::export_caseload_csv(&rows))
}

const IMPORT_MAX_BYTES: usize = 2_000_000;

async fn import_context(state: &AppState, team: TeamId) -> Result<ImportContext, AppError> {
    Ok(ImportContext {
        domains: store::domains(&state.db, team)
            .await?
            .into_iter()
            .map(|d| (d.id, d.name))
            .collect(),
        members: crate::caseload::import::store::import_members(&state.db, team).await?,
    })
}

pub async fn preview_import(team: TeamId, text: String) -> Result<ImportCheck, AppError> {
    let (state, _) = authorize(Need::TeamRole(team, LEADER)).await?;
    if text.len() > IMPORT_MAX_BYTES {
        return Err(AppError::invalid("file", FieldProblem::TooLong));
    }
    let context = import_context(&state, team).await?;
    let preview = parse_caseload_csv(&text, &context);
    Ok(ImportCheck {
        preview,
        applied: None,
    })
}

pub async fn apply_import(team: TeamId, text: String) -> Result<ImportCheck, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    if text.len() > IMPORT_MAX_BYTES {
        return Err(AppError::invalid("file", FieldProblem::TooLong));
    }
    let context = import_context(&state, team).await?;
    let preview = parse_caseload_csv(&text, &context);
    if !preview.is_clean() {
        return Ok(ImportCheck {
            preview,
            applied: None,
        });
    }
    let outcome = crate::caseload::import::store::import_clients(
        &state.db,
        team,
        &preview.clients(),
        actor.user_id,
        today(),
        Utc::now(),
    )
    .await?;
    audit(
        &state,
        &actor,
        "caseload.import",
        format!(
            "team:{team} created:{} updated:{}",
            outcome.created, outcome.updated
        ),
    )
    .await?;
    after_write(&state, team).await;
    Ok(ImportCheck {
        preview,
        applied: Some(outcome),
    })
}
