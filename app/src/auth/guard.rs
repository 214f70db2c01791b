//! The one authorisation helper. Every server function starts here: it establishes who is
//! asking and denies unless the need is met. There is no other way to obtain an [`Actor`].

use tower_sessions::Session;

use super::model::{Actor, Need, UserId, permits};
use super::store;
use crate::error::AppError;
use crate::state::AppState;

pub const SESSION_USER_KEY: &str = "user_id";

pub async fn session() -> Result<Session, AppError> {
    leptos_axum::extract::<Session>().await.map_err(|e| {
        tracing::error!(error = %e, "session layer missing");
        AppError::Internal
    })
}

/// The logged-in actor, if any, without requiring anything.
pub async fn current_actor(state: &AppState) -> Result<Option<Actor>, AppError> {
    actor_in_session(state, &session().await?).await
}

async fn actor_in_session(state: &AppState, session: &Session) -> Result<Option<Actor>, AppError> {
    let user: Option<UserId> = session
        .get(SESSION_USER_KEY)
        .await
        .map_err(|_| AppError::Internal)?;
    match user {
        Some(id) => store::load_actor(&state.db, id).await,
        None => Ok(None),
    }
}

/// Who is asking, provided they meet `need`. Denies by default.
pub async fn authorize(need: Need) -> Result<(AppState, Actor), AppError> {
    let state = AppState::current()?;
    let actor = authorize_session(&state, &session().await?, need).await?;
    Ok((state, actor))
}

/// The same decision for plain axum routes (downloads, feeds) that have the session at hand.
pub async fn authorize_session(
    state: &AppState,
    session: &Session,
    need: Need,
) -> Result<Actor, AppError> {
    let actor = actor_in_session(state, session)
        .await?
        .ok_or(AppError::Unauthenticated)?;
    permits(&actor, need)?;
    Ok(actor)
}
