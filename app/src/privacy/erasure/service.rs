//! Erasure (AVG article 17). An admin erases the account of someone who left, after their
//! clients were handed over and the account was deactivated. A team's leader or an admin
//! erases a closed client. Both ask for an explicit confirmation, and both are logged.

use chrono::Utc;

use super::store;
use super::views::{AccountErasureView, ClientErasureView};
use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, UserId, permits};
use crate::error::{AppError, FieldProblem};
use crate::limits::refresh::after_write;
use crate::shared::ids::ClientId;
use crate::state::AppState;

/// An unticked confirmation box is not sent at all.
fn confirmed(confirm: Option<String>) -> Result<(), AppError> {
    match confirm {
        Some(_) => Ok(()),
        None => Err(AppError::invalid("confirm", FieldProblem::ConfirmFirst)),
    }
}

pub async fn account(user: UserId) -> Result<AccountErasureView, AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    store::account(&state.db, actor.organisation_id, user).await
}

pub async fn erase_account(user: UserId, confirm: Option<String>) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::OrganisationAdmin).await?;
    if user == actor.user_id {
        return Err(AppError::Forbidden);
    }
    confirmed(confirm)?;
    let teams = store::erase_account(&state.db, actor.organisation_id, user, Utc::now()).await?;
    audit::by_actor(&state.db, &actor, "account.erase", &format!("user:{user}")).await?;
    for team in teams {
        after_write(&state.db, team).await;
    }
    Ok(())
}

/// The client, for its team's leader or an admin of its organisation.
async fn client_access(client: ClientId) -> Result<(AppState, Actor, ClientErasureView), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let view = store::client(&state.db, actor.organisation_id, client).await?;
    permits(&actor, Need::LeaderOrAdmin(view.team))?;
    Ok((state, actor, view))
}

pub async fn client(client: ClientId) -> Result<ClientErasureView, AppError> {
    Ok(client_access(client).await?.2)
}

/// Yields the client's team, whose list shows the result.
pub async fn erase_client(client: ClientId, confirm: Option<String>) -> Result<TeamId, AppError> {
    let (state, actor, view) = client_access(client).await?;
    confirmed(confirm)?;
    store::erase_client(&state.db, actor.organisation_id, view.team, client).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "client.erase",
        &format!("client:{client}"),
    )
    .await?;
    after_write(&state.db, view.team).await;
    Ok(view.team)
}
