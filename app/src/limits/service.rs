//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use crate::shared::ids::ProposalId;
use chrono::Utc;

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Need, TeamId, TeamRole};
use crate::caseload::directory::team_limits;
use crate::error::{AppError, FieldProblem};
use crate::limits::rules::{evaluate, longest_window};
use crate::limits::store::{self, refresh_team, rule_snapshot};
use crate::limits::views::{
    Decision, LimitInput, LimitsOverview, LimitsPreview, ProposalInbox, ProposalStatus,
    parse_limit_rows,
};
use crate::shared::parse::parse_date;
use crate::signals::model::parse_private_text;
use crate::teams::directory::team_name;
use crate::ui::time::today;

const LEADER: &[TeamRole] = &[TeamRole::Leader];
const REASON_MAX: usize = 280;

pub async fn inbox() -> Result<ProposalInbox, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let led: Vec<TeamId> = actor
        .memberships
        .iter()
        .filter(|m| m.role == TeamRole::Leader)
        .map(|m| m.team_id)
        .collect();
    let mut team = store::leader_proposals(&state.db, &led).await?;
    // A private proposal its person brought to the team shows the leader that it was
    // accepted, never why: the reason stays with its author.
    for row in team.iter_mut().filter(|row| row.private_to.is_some()) {
        for decision in &mut row.decisions {
            decision.reason.clear();
        }
    }
    Ok(ProposalInbox {
        mine: store::private_proposals(&state.db, actor.user_id).await?,
        team,
        leads_a_team: !led.is_empty(),
    })
}

pub async fn decide(
    proposal: ProposalId,
    decision: String,
    reason: String,
    until: String,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let row = store::proposal(&state.db, proposal).await?;
    let allowed = match row.private_to {
        Some(person) => person == actor.user_id,
        None => actor.role_in(row.team) == Some(TeamRole::Leader),
    };
    if !allowed {
        // Someone else's proposal looks the same as one that does not exist.
        return Err(AppError::NotFound);
    }
    let decision = Decision::parse(decision.trim())
        .ok_or_else(|| AppError::invalid("decision", FieldProblem::UnknownChoice))?;
    let reason = parse_private_text("reason", &reason, REASON_MAX)?;
    let until = match decision {
        Decision::Snooze => {
            let date = parse_date("until", &until)?;
            if date <= today() {
                return Err(AppError::invalid("until", FieldProblem::InvalidDate));
            }
            Some(date)
        }
        // Nobody has to justify saying no to an invitation meant for them alone.
        Decision::Decline if reason.is_empty() && row.private_to.is_none() => {
            return Err(AppError::invalid("reason", FieldProblem::Required));
        }
        _ => None,
    };
    if !matches!(row.status, ProposalStatus::Open | ProposalStatus::Snoozed) {
        return Err(AppError::invalid("decision", FieldProblem::Stale));
    }
    store::decide(
        &state.db,
        proposal,
        decision,
        &reason,
        until,
        actor.user_id,
        Utc::now(),
    )
    .await?;
    audit::by_actor(
        &state.db,
        &actor,
        &format!("proposal.{}", decision.as_str()),
        &format!("proposal:{proposal}"),
    )
    .await
}

pub async fn limits_editor(team: TeamId) -> Result<LimitsOverview, AppError> {
    let (state, _) = authorize(Need::TeamRole(team, LEADER)).await?;
    let limits = team_limits(&state.db, team).await?;
    let now = Utc::now();
    // The preview may look back as far as the longest window the leader could choose.
    let snapshot = rule_snapshot(&state.db, team, longest_window(&limits).max(52), now)
        .await?
        .as_seen_by_leader();
    Ok(LimitsOverview {
        team_name: team_name(&state.db, team).await?,
        limits,
        snapshot,
        now,
    })
}

/// The editor's preview: the rules run over what the leader may see, with the limits as typed.
pub async fn preview_limits(
    team: TeamId,
    rows: Vec<LimitInput>,
) -> Result<LimitsPreview, AppError> {
    let (state, _) = authorize(Need::TeamRole(team, LEADER)).await?;
    let limits = parse_limit_rows(&rows)?;
    let now = Utc::now();
    let snapshot = rule_snapshot(&state.db, team, longest_window(&limits).max(52), now)
        .await?
        .as_seen_by_leader();
    Ok(LimitsPreview::of(&evaluate(&snapshot, &limits, now)))
}

pub async fn save_limits(team: TeamId, rows: Vec<LimitInput>) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    let limits = parse_limit_rows(&rows)?;
    crate::caseload::directory::save_team_limits(&state.db, team, &limits, Utc::now()).await?;
    audit::by_actor(&state.db, &actor, "team.limits", &format!("team:{team}")).await?;
    crate::limits::refresh::after_write(&state.db, team).await;
    Ok(())
}

pub async fn evaluate_team(team: TeamId) -> Result<usize, AppError> {
    let (state, _) = authorize(Need::TeamRole(team, LEADER)).await?;
    refresh_team(&state.db, team, Utc::now()).await
}
