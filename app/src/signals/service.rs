//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::{Duration, Utc};

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, TeamRole};
use crate::caseload::balance::model::ClientId;
use crate::error::{AppError, FieldProblem};
use crate::shared::parse::parse_date;
use crate::signals::model::{HELPED_MAX, SignalForm, SignalId, parse_private_text};
use crate::signals::store;
use crate::signals::trends::{personal_history, repeated_clients, weekly_team_trend};
use crate::signals::views::{MySignalsOverview, SignalChoices, TeamSignalsOverview};
use crate::state::AppState;
use crate::ui::time::today;

const ANY_ROLE: &[TeamRole] = &[TeamRole::Leader, TeamRole::Member, TeamRole::Facilitator];
const LEADER: &[TeamRole] = &[TeamRole::Leader];
/// How far back the trends and shared lists look.
const TREND_WEEKS: u32 = 12;

/// The team the form starts with: the one asked for, or else the team where the person
/// carries the most clients (people often sit in a second team for a few hours).
async fn starting_team(
    state: &AppState,
    actor: &Actor,
    team: Option<TeamId>,
) -> Result<TeamId, AppError> {
    if let Some(team) = team {
        return Ok(team);
    }
    let mut best: Option<(usize, TeamId)> = None;
    for m in &actor.memberships {
        let clients = store::my_clients(&state.db, m.team_id, actor.user_id)
            .await?
            .len();
        if best.is_none_or(|(most, _)| clients > most) {
            best = Some((clients, m.team_id));
        }
    }
    best.map(|(_, team)| team).ok_or(AppError::Forbidden)
}

/// Runs the rules after a write. A failure there must not undo what the person saved,
/// so it is logged; the background job will catch up.
async fn after_write(state: &AppState, team: TeamId) {
    crate::limits::refresh::after_write(&state.db, team).await;
}

pub async fn form_options(team: Option<TeamId>) -> Result<SignalChoices, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let team = starting_team(&state, &actor, team).await?;
    // The same actor, checked for the team it turned out to be: no second trip through the
    // request's context, which a load that outlives its page instance no longer has.
    crate::auth::model::permits(&actor, Need::TeamRole(team, ANY_ROLE))?;
    Ok(SignalChoices {
        team,
        teams: actor
            .memberships
            .iter()
            .map(|m| (m.team_id, m.team_name.clone()))
            .collect(),
        clients: store::my_clients(&state.db, team, actor.user_id).await?,
    })
}

pub async fn log_signal(team: TeamId, form: SignalForm) -> Result<SignalId, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, ANY_ROLE)).await?;
    let mine: Vec<ClientId> = store::my_clients(&state.db, team, actor.user_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let signal = form.parse(&mine)?;
    let id = store::insert_signal(&state.db, team, actor.user_id, &signal, Utc::now()).await?;
    // The audit names the record, never its content.
    audit::by_actor(&state.db, &actor, "signal.log", &format!("signal:{id}")).await?;
    after_write(&state, team).await;
    Ok(id)
}

pub async fn my_signals() -> Result<MySignalsOverview, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let signals = store::own_signals(&state.db, actor.user_id, 500).await?;
    let facts: Vec<_> = signals
        .iter()
        .map(|s| crate::signals::model::SignalFact {
            id: s.id,
            author: actor.user_id,
            client: None,
            at: s.at,
            visibility: s.visibility,
            moral_dilemma: s.moral_dilemma,
            resolved: s.resolved_at.is_some(),
            kinds: s.kinds.clone(),
            strain: s.strain,
        })
        .collect();
    let history = personal_history(&facts, actor.user_id, TREND_WEEKS, today());
    let since = Utc::now() - Duration::weeks(i64::from(TREND_WEEKS));
    let mut shared_by_team = Vec::new();
    let mut clients = Vec::new();
    for m in &actor.memberships {
        let leader = m.role == TeamRole::Leader;
        shared_by_team.extend(
            store::shared_signals(&state.db, m.team_id, actor.user_id, leader, since).await?,
        );
        clients.extend(store::my_clients(&state.db, m.team_id, actor.user_id).await?);
    }
    Ok(MySignalsOverview {
        signals,
        history,
        shared_by_team,
        clients,
    })
}

pub async fn resolve_signal(signal: SignalId, helped: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let helped = parse_private_text("helped", &helped, HELPED_MAX)?;
    let team = store::resolve_signal(&state.db, actor.user_id, signal, &helped, Utc::now()).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "signal.resolve",
        &format!("signal:{signal}"),
    )
    .await?;
    after_write(&state, team).await;
    Ok(())
}

/// The author erases their own signal, note and all, at any time. The rules look again at
/// once, so no figure or proposal counts it any more.
pub async fn delete_signal(signal: SignalId) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let team = store::delete_own_signal(&state.db, actor.user_id, signal).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "signal.delete",
        &format!("signal:{signal}"),
    )
    .await?;
    after_write(&state, team).await;
    Ok(())
}

/// A member notes movement on a client of their own caseload; a leader on any client of
/// their team. Other clients look unknown.
pub async fn note_movement(client: ClientId, on: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let team = store::client_team(&state.db, client)
        .await?
        .ok_or(AppError::NotFound)?;
    let (state, actor) = match actor.role_in(team) {
        Some(TeamRole::Leader) => (state, actor),
        Some(_) => {
            let mine = store::my_clients(&state.db, team, actor.user_id).await?;
            if !mine.iter().any(|(id, _)| *id == client) {
                return Err(AppError::NotFound);
            }
            (state, actor)
        }
        None => return Err(AppError::NotFound),
    };
    let on = match on.trim() {
        "" => today(),
        raw => parse_date("on", raw)?,
    };
    if on > today() {
        return Err(AppError::invalid("on", FieldProblem::InvalidDate));
    }
    store::add_movement(&state.db, team, client, actor.user_id, on, Utc::now()).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "movement.note",
        &format!("client:{client}"),
    )
    .await?;
    after_write(&state, team).await;
    Ok(())
}

pub async fn team_signals(team: TeamId) -> Result<TeamSignalsOverview, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, LEADER)).await?;
    let since = Utc::now() - Duration::weeks(i64::from(TREND_WEEKS));
    // Only what was shared with the leader ever reaches the trend or the client list.
    let visible: Vec<_> = store::signal_facts(&state.db, team, since)
        .await?
        .into_iter()
        .filter(|s| s.visibility.leader_sees())
        .collect();
    let trend = weekly_team_trend(&visible, TREND_WEEKS, today());
    let codes = store::client_codes(&state.db, team).await?;
    let repeated = repeated_clients(&visible, since, 2)
        .into_iter()
        .map(|r| {
            let code = codes.get(&r.client).cloned().unwrap_or_default();
            (r, code)
        })
        .collect();
    let shared = store::shared_signals(&state.db, team, actor.user_id, true, since).await?;
    let team_name = actor
        .memberships
        .iter()
        .find(|m| m.team_id == team)
        .map(|m| m.team_name.clone())
        .unwrap_or_default();
    Ok(TeamSignalsOverview {
        team_name,
        trend,
        repeated,
        shared,
    })
}
