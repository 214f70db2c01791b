//! The server-side logic of the handover: the team's leader, or the organisation's admin,
//! sees the proposal and hands clients over. Each move is recorded in the client's assignment
//! history and in the audit trail.

use chrono::Utc;

use super::model::{propose_handover, secondary_roles};
use super::views::{HandoverPlan, HandoverRow};
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, UserId};
use crate::caseload::clients::store as clients;
use crate::caseload::model::AssignmentRole;
use crate::caseload::service::{after_write, audit};
use crate::caseload::store::{LoadedTeam, load_team};
use crate::caseload::views::TeamRef;
use crate::error::{AppError, FieldProblem};
use crate::shared::ids::ClientId;
use crate::state::AppState;
use crate::ui::time::today;

/// The team's leader, or an admin of the organisation the team belongs to. The leaving
/// colleague must be of that organisation too.
async fn allowed(team: TeamId, user: UserId) -> Result<(AppState, Actor), AppError> {
    let (state, actor) = authorize(Need::LeaderOrAdmin(team)).await?;
    let org = actor.organisation_id;
    if !crate::teams::directory::team_in_organisation(&state.db, org, team).await? {
        return Err(AppError::Forbidden);
    }
    crate::teams::directory::account_name(&state.db, org, user).await?;
    Ok((state, actor))
}

/// The team as the proposal sees it: only the personal limits their owners shared.
async fn loaded(state: &AppState, team: TeamId) -> Result<LoadedTeam, AppError> {
    let mut loaded = load_team(&state.db, team, today()).await?;
    loaded.snapshot.personal_limits.retain(|l| l.shared);
    Ok(loaded)
}

pub async fn plan(team: TeamId, user: UserId) -> Result<HandoverPlan, AppError> {
    let (state, _) = allowed(team, user).await?;
    let loaded = loaded(&state, team).await?;
    let rows = propose_handover(&loaded.snapshot, user)
        .into_iter()
        .map(|step| {
            let input = loaded.snapshot.clients.iter().find(|c| c.id == step.client);
            HandoverRow {
                client: step.client,
                code: loaded
                    .codes
                    .get(&step.client)
                    .map(|(code, _)| code.clone())
                    .unwrap_or_default(),
                weight: input.map_or(0, |c| c.weight.points()),
                avoider: input.is_some_and(|c| c.is_avoider()),
                to: step.to.map(|to| loaded.person(to)),
                fits: step.fits(),
                reasons: step
                    .advice
                    .into_iter()
                    .next()
                    .map(|a| a.reasons)
                    .unwrap_or_default(),
            }
        })
        .collect();
    let secondary = secondary_roles(&loaded.snapshot, user)
        .into_iter()
        .map(|c| {
            (
                c,
                loaded
                    .codes
                    .get(&c)
                    .map(|(code, _)| code.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let name = crate::teams::directory::team_name(&state.db, team).await?;
    Ok(HandoverPlan {
        team: TeamRef { id: team, name },
        leaving: loaded.person(user),
        rows,
        secondary,
        receivers: loaded
            .members
            .iter()
            .filter(|m| m.person.id != user)
            .map(|m| m.person.clone())
            .collect(),
        domains: loaded.domains.clone(),
    })
}

/// Hands one client over to the colleague the leader or admin chose.
pub async fn hand_over_client(
    team: TeamId,
    user: UserId,
    client: ClientId,
    to: String,
) -> Result<(), AppError> {
    let (state, actor) = allowed(team, user).await?;
    if clients::client_team(&state.db, client).await? != Some(team) {
        return Err(AppError::NotFound);
    }
    let to: UserId = to
        .trim()
        .parse()
        .map_err(|_| AppError::invalid("to", FieldProblem::UnknownChoice))?;
    let receivers = crate::caseload::store::caseload_members(&state.db, team).await?;
    if to == user || !receivers.iter().any(|m| m.person.id == to) {
        return Err(AppError::invalid("to", FieldProblem::UnknownChoice));
    }
    clients::apply_move(
        &state.db,
        client,
        user,
        to,
        actor.user_id,
        today(),
        Utc::now(),
    )
    .await?;
    audit(
        &state,
        &actor,
        "caseload.handover",
        format!("client:{client} from:{user} to:{to}"),
    )
    .await?;
    after_write(&state, team).await;
    Ok(())
}

/// Hands every client over as proposed, and ends the colleague's secondary roles. The
/// proposal is made again from what the team holds now, so a client someone else moved in
/// the meantime is simply no longer in it; one moved between the proposal and its own move
/// is left out (the move sees it is stale). Returns how many clients were handed over.
pub async fn hand_over_all(team: TeamId, user: UserId) -> Result<u32, AppError> {
    let (state, actor) = allowed(team, user).await?;
    let loaded = loaded(&state, team).await?;
    let steps = propose_handover(&loaded.snapshot, user);
    if steps.iter().any(|s| s.to.is_none()) {
        // Nobody in the team can take them: the leader adds a colleague first.
        return Err(AppError::invalid("to", FieldProblem::UnknownChoice));
    }
    let (today, now) = (today(), Utc::now());
    let mut handed = 0;
    for step in steps {
        let Some(to) = step.to else { continue };
        match clients::apply_move(&state.db, step.client, user, to, actor.user_id, today, now).await
        {
            Ok(()) => {
                handed += 1;
                let subject = format!("client:{} from:{user} to:{to}", step.client);
                audit(&state, &actor, "caseload.handover", subject).await?;
            }
            Err(AppError::Invalid {
                problem: FieldProblem::Stale,
                ..
            }) => {}
            Err(other) => return Err(other),
        }
    }
    for client in secondary_roles(&loaded.snapshot, user) {
        clients::assign(
            &state.db,
            client,
            AssignmentRole::Secondary,
            None,
            actor.user_id,
            today,
            now,
        )
        .await?;
        audit(
            &state,
            &actor,
            "caseload.handover",
            format!("client:{client} secondary_of:{user} ended"),
        )
        .await?;
    }
    after_write(&state, team).await;
    Ok(handed)
}
