//! What the caseload's services share: who may see a client, the audit trail, and looking
//! again at the rules after a write.

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, TeamRole, UserId, permits};
use crate::caseload::balance::model::ClientId;
use crate::caseload::store::{self};
use crate::caseload::views::*;
use crate::error::AppError;
use crate::shared::ids::DomainId;
use crate::state::AppState;

pub(crate) const LEADER: &[TeamRole] = &[TeamRole::Leader];

pub(crate) fn team_ref(actor: &Actor, team: TeamId) -> TeamRef {
    TeamRef {
        id: team,
        name: actor
            .memberships
            .iter()
            .find(|m| m.team_id == team)
            .map(|m| m.team_name.clone())
            .unwrap_or_default(),
    }
}

/// Caseload changes move load and avoidance figures: the rules look again at once.
pub(crate) async fn after_write(state: &AppState, team: TeamId) {
    crate::limits::refresh::after_write(&state.db, team).await;
}

pub(crate) async fn audit(
    state: &AppState,
    actor: &Actor,
    action: &str,
    subject: String,
) -> Result<(), AppError> {
    audit::record(
        &state.db,
        actor.organisation_id,
        Some(actor.user_id),
        action,
        &subject,
    )
    .await
}

/// The team of a client and whether the actor may see (any member assigned, or the leader)
/// or change it (leader only). Unknown clients and other teams' clients look the same.
pub(crate) async fn client_access(
    client: ClientId,
    leader_only: bool,
) -> Result<(AppState, Actor, TeamId, bool), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let team = crate::caseload::clients::store::client_team(&state.db, client)
        .await?
        .ok_or(AppError::Forbidden)?;
    let leads = permits(&actor, Need::TeamRole(team, LEADER)).is_ok();
    if leads {
        return Ok((state, actor, team, true));
    }
    if leader_only {
        return Err(AppError::Forbidden);
    }
    permits(&actor, Need::TeamRole(team, &TeamRole::ALL))?;
    if !crate::caseload::clients::store::is_assigned(&state.db, client, actor.user_id).await? {
        return Err(AppError::Forbidden);
    }
    Ok((state, actor, team, false))
}

pub(crate) async fn team_choices(
    state: &AppState,
    team: TeamId,
) -> Result<(Vec<DomainId>, Vec<UserId>), AppError> {
    let domains = store::domains(&state.db, team)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let members = store::caseload_members(&state.db, team)
        .await?
        .into_iter()
        .map(|m| m.person.id)
        .collect();
    Ok((domains, members))
}
