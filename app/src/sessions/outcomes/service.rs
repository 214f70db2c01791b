//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use crate::shared::ids::SignalId;
use chrono::Utc;

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need};
use crate::error::{AppError, FieldProblem};
use crate::sessions::model::{SessionId, SessionStatus};
use crate::sessions::outcomes::effect::{
    Reader, around, compare, countable, effect_for, summarise,
};
use crate::sessions::outcomes::model::{Evaluation, NewAction, Outcome};
use crate::sessions::outcomes::store;
use crate::sessions::plan::service::{planner, reader};
use crate::sessions::views::{OutcomeRecord, SessionRecord, TeamEffects};
use crate::state::AppState;

/// A session has been held once it is done, its time has come, or its runner was
/// started (a team may meet earlier than planned).
async fn held(state: &AppState, record: &SessionRecord) -> Result<bool, AppError> {
    Ok(match record.status {
        SessionStatus::Done => true,
        SessionStatus::Cancelled => false,
        SessionStatus::Planned => {
            record.starts_at.is_some_and(|t| t <= Utc::now())
                || crate::sessions::runner::store::load(&state.db, record.id)
                    .await?
                    .is_some()
        }
    })
}

/// Adds what the session left behind to its record, once it has begun.
pub async fn fill_outcome(
    state: &AppState,
    actor: &Actor,
    plans: bool,
    record: &mut SessionRecord,
) -> Result<(), AppError> {
    record.held = held(state, record).await?;
    if !record.held {
        return Ok(());
    }
    let (insights, follow_up_on) = store::outcome(&state.db, record.id).await?;
    let invited = record.invitees.iter().any(|i| i.user == actor.user_id);
    let effect = if (plans || record.presenting) && record.status == SessionStatus::Done {
        let signals = store::subject_signals(&state.db, record.id).await?;
        let reader = Reader {
            user: actor.user_id,
            leads_team: actor.role_in(record.team) == Some(crate::auth::model::TeamRole::Leader),
        };
        record
            .starts_at
            .and_then(|at| effect_for(at, &signals, reader, Utc::now()))
    } else {
        None
    };
    record.outcome = Some(OutcomeRecord {
        insights,
        follow_up_on,
        actions: store::actions(&state.db, record.id).await?,
        evaluations: store::evaluations(&state.db, record.id).await?.summary(),
        may_evaluate: invited && !store::has_evaluated(&state.db, record.id, actor.user_id).await?,
        effect,
    });
    Ok(())
}

pub async fn my_open_actions() -> Result<Vec<crate::sessions::outcomes::model::ActionItem>, AppError>
{
    let (state, actor) = authorize(Need::SignedIn).await?;
    store::open_actions_for(&state.db, actor.user_id).await
}

/// Whether each team's held sessions were followed by fewer signals on their subject.
pub async fn team_session_effects() -> Result<TeamEffects, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let now = Utc::now();
    let mut teams = Vec::new();
    for team in crate::sessions::plan::service::planning_teams(&actor) {
        let signals = store::team_subject_signals(&state.db, team).await?;
        let reader = Reader {
            user: actor.user_id,
            leads_team: actor.role_in(team) == Some(crate::auth::model::TeamRole::Leader),
        };
        // The floor holds for the team's figure as a whole: every signal it rests on.
        let mut counted = Vec::new();
        let mut held = Vec::new();
        for (session, at) in store::held_sessions(&state.db, team).await? {
            let mine: Vec<_> = signals
                .iter()
                .filter(|(s, _)| *s == session)
                .map(|(_, signal)| *signal)
                .collect();
            let near = around(at, &mine);
            counted.extend(near.iter().copied());
            held.push((at, near));
        }
        if countable(&counted, reader).is_none() {
            continue;
        }
        let effects: Vec<_> = held
            .iter()
            .map(|(at, near)| {
                let times: Vec<_> = near
                    .iter()
                    .filter(|s| reader.may_see(s))
                    .map(|s| s.at)
                    .collect();
                compare(*at, &times, now)
            })
            .collect();
        let name = crate::teams::directory::team_name(&state.db, team).await?;
        teams.push((team, name, summarise(&effects)));
    }
    Ok(TeamEffects { teams })
}

/// The session as its planner sees it, refusing changes to one that has not begun or
/// was cancelled.
async fn held_for_planner(
    session: SessionId,
) -> Result<(AppState, Actor, SessionRecord), AppError> {
    let (state, actor) = planner(session).await?;
    let record =
        crate::sessions::plan::store::session_detail(&state.db, session, actor.user_id, true)
            .await?;
    if !held(&state, &record).await? {
        return Err(AppError::invalid("session", FieldProblem::Stale));
    }
    Ok((state, actor, record))
}

pub async fn save_outcome(
    session: SessionId,
    insights: String,
    follow_up_on: String,
) -> Result<(), AppError> {
    let (state, actor, _) = held_for_planner(session).await?;
    let outcome = Outcome::parse(&insights, &follow_up_on)?;
    store::save_outcome(&state.db, session, &outcome, Utc::now()).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "session.outcome",
        &format!("session:{session}"),
    )
    .await
}

pub async fn add_action(
    session: SessionId,
    owner: String,
    description: String,
    due_on: String,
) -> Result<i64, AppError> {
    let (state, actor, record) = held_for_planner(session).await?;
    let people: Vec<_> = record.invitees.iter().map(|i| i.user).collect();
    let action = NewAction::parse(&owner, &description, &due_on, &people)?;
    let id = store::insert_action(&state.db, session, &action).await?;
    if action.owner != actor.user_id {
        use crate::notifications::{model::NotificationKind, notify::notify};
        // The action is saved either way; a missed notification is logged, not fatal.
        if let Err(err) = notify(
            &state.db,
            &[action.owner],
            NotificationKind::Action,
            session,
            Utc::now(),
        )
        .await
        {
            tracing::warn!(%err, "notifying an action's owner failed");
        }
    }
    audit::by_actor(&state.db, &actor, "session.action", &format!("action:{id}")).await?;
    Ok(id)
}

pub async fn tick_action(action: i64, done: bool) -> Result<(), AppError> {
    // An action nobody may see is not found, before or after its session is known.
    let (state, _) = authorize(Need::SignedIn).await?;
    let (session, owner) = store::action_owner(&state.db, action).await?;
    let (state, actor, plans) = reader(session).await?;
    if owner != actor.user_id && !plans {
        return Err(AppError::Forbidden);
    }
    store::set_action_done(&state.db, action, done, Utc::now()).await
}

pub async fn evaluate(
    session: SessionId,
    helped: String,
    felt_safe: String,
    word: String,
) -> Result<(), AppError> {
    let (state, actor, _) = reader(session).await?;
    let access = crate::sessions::plan::store::access(&state.db, session, actor.user_id).await?;
    if !access.invited {
        return Err(AppError::Forbidden);
    }
    let record =
        crate::sessions::plan::store::session_detail(&state.db, session, actor.user_id, false)
            .await?;
    if !held(&state, &record).await? {
        return Err(AppError::invalid("helped", FieldProblem::Stale));
    }
    let evaluation = Evaluation::parse(&helped, &felt_safe, &word)?;
    // Not audited: a trail of who evaluated when would undo the anonymity.
    store::evaluate(&state.db, session, actor.user_id, &evaluation).await
}

pub async fn finish(session: SessionId) -> Result<(), AppError> {
    let (state, actor, _) = held_for_planner(session).await?;
    let now = Utc::now();
    let started = crate::sessions::runner::store::load(&state.db, session).await?;
    let held_at = started.map_or(now, |run| run.started_at);
    store::mark_done(&state.db, session, held_at, now).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "session.done",
        &format!("session:{session}"),
    )
    .await
}

pub async fn resolve_linked(
    session: SessionId,
    signal: SignalId,
    helped: String,
) -> Result<(), AppError> {
    let (state, actor, _) = reader(session).await?;
    let access = crate::sessions::plan::store::access(&state.db, session, actor.user_id).await?;
    let linked = store::linked_signal_ids(&state.db, session).await?;
    if !access.presenter || !linked.contains(&signal) {
        return Err(AppError::NotFound);
    }
    // The signal's own path checks that it is the presenter's and refreshes the rules.
    crate::signals::api::resolve_signal(signal, helped).await
}
