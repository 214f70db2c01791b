//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use crate::shared::ids::ProposalId;
use chrono::{Duration, Utc};

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, TeamRole};
use crate::caseload::directory::active_clients;
use crate::error::{AppError, FieldProblem};
use crate::limits::rules::Subject;
use crate::limits::views::ProposalStatus;
use crate::sessions::availability::model::{parse_absence, parse_windows};
use crate::sessions::availability::store as availability;
use crate::sessions::model::{
    Answer, SessionChoices, SessionForm, SessionId, SessionKind, SessionStatus, parse_local_start,
};
use crate::sessions::plan::preparation::{LinkedSignal, parse_answers, signal_visible_to};
use crate::sessions::plan::store;
use crate::sessions::views::{
    AbsenceRow, AvailabilityDiary, ClientChoice, PlanningOptions, ProposalSeed, SessionRecord,
    SessionsBoard, SlotChoice, WindowRow,
};
use crate::state::AppState;
use crate::teams::directory::{team_name, team_people};

pub(crate) const PLANNERS: &[TeamRole] = &[TeamRole::Leader, TeamRole::Facilitator];

fn plans_for(actor: &Actor) -> Vec<TeamId> {
    actor
        .memberships
        .iter()
        .filter(|m| PLANNERS.contains(&m.role))
        .map(|m| m.team_id)
        .collect()
}

/// Accepted intervision and moreel beraad proposals of these teams that no session plans yet.
async fn proposals_to_plan(
    db: &crate::db::Db,
    teams: &[TeamId],
) -> Result<Vec<crate::sessions::views::ProposalToPlan>, AppError> {
    use crate::limits::rules::Subject;
    let planned = store::planned_proposals(db, teams).await?;
    Ok(crate::limits::proposals::leader_proposals(db, teams)
        .await?
        .into_iter()
        .filter(|row| {
            row.status == crate::limits::views::ProposalStatus::Accepted
                && !planned.contains(&row.id)
        })
        .filter_map(|row| {
            Some(crate::sessions::views::ProposalToPlan {
                proposal: row.id,
                team: row.team,
                kind: SessionKind::for_proposal(row.proposes)?,
                reason_kind: row
                    .kind
                    .map_or(crate::limits::model::BROUGHT_IN, |k| k.as_str())
                    .to_owned(),
                subject_label: match row.subject {
                    Subject::Team => row.team_name.clone(),
                    _ => row.subject_name.clone(),
                },
            })
        })
        .collect())
}

pub async fn overview() -> Result<SessionsBoard, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let planning = plans_for(&actor);
    let all = store::sessions_for(&state.db, actor.user_id, &planning).await?;
    let now = Utc::now();
    let (past, upcoming) = all.into_iter().partition(|s| {
        s.status != SessionStatus::Planned
            || s.starts_at
                .is_some_and(|t| t + Duration::minutes(i64::from(s.minutes)) < now)
    });
    let mut past: Vec<_> = past;
    past.reverse();
    let mut teams = Vec::new();
    for team in &planning {
        teams.push((*team, team_name(&state.db, *team).await?));
    }
    Ok(SessionsBoard {
        upcoming,
        past,
        to_plan: proposals_to_plan(&state.db, &planning).await?,
        planning_teams: teams,
        cadences: crate::sessions::plan::cadence_service::cadences(&state, &actor, &planning, now)
            .await?,
    })
}

pub async fn planner_choices(
    team: TeamId,
    proposal: Option<ProposalId>,
) -> Result<PlanningOptions, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, PLANNERS)).await?;
    let from_proposal = match proposal {
        Some(id) => Some(proposal_seed(&state, team, id).await?),
        None => None,
    };
    Ok(PlanningOptions {
        team,
        team_name: team_name(&state.db, team).await?,
        methods: crate::sessions::methods::store::methods_for_team(
            &state.db,
            actor.organisation_id,
            team,
        )
        .await?,
        members: team_people(&state.db, team).await?,
        facilitators: store::facilitators(&state.db, actor.organisation_id, team).await?,
        clients: active_clients(&state.db, team)
            .await?
            .into_iter()
            .map(|(id, code)| ClientChoice { id, code })
            .collect(),
        from_proposal,
    })
}

/// What an accepted proposal of this team brings; anything else is not found.
async fn proposal_seed(
    state: &AppState,
    team: TeamId,
    id: ProposalId,
) -> Result<ProposalSeed, AppError> {
    let row = crate::limits::proposals::proposal(&state.db, id).await?;
    if row.team != team {
        return Err(AppError::NotFound);
    }
    if row.status != ProposalStatus::Accepted || store::session_for_proposal(&state.db, id).await? {
        return Err(AppError::invalid("proposal", FieldProblem::Stale));
    }
    let kind = SessionKind::for_proposal(row.proposes)
        .ok_or_else(|| AppError::invalid("proposal", FieldProblem::UnknownChoice))?;
    let (presenter, client) = match row.subject {
        Subject::Member(user) => (Some(user), None),
        Subject::Client(client) => (row.private_to, Some(client)),
        Subject::Team => (row.private_to, None),
    };
    Ok(ProposalSeed {
        proposal: id,
        kind,
        presenter,
        client,
        signals: store::proposal_evidence(&state.db, id).await?,
    })
}

pub async fn create(
    team: TeamId,
    proposal: String,
    mut form: SessionForm,
) -> Result<SessionId, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, PLANNERS)).await?;
    let proposal = match proposal.trim() {
        "" => None,
        raw => Some(raw.parse::<i64>().map_err(|_| AppError::NotFound)?),
    };
    let seed = match proposal {
        Some(id) => Some(proposal_seed(&state, team, ProposalId(id)).await?),
        None => None,
    };
    let methods: Vec<_> =
        crate::sessions::methods::store::methods_for_team(&state.db, actor.organisation_id, team)
            .await?
            .into_iter()
            .map(|m| (m.id, m.kind))
            .collect();
    // The plain planner form names only the method; its kind follows from it.
    if form.kind.trim().is_empty()
        && let Some((_, kind)) = methods
            .iter()
            .find(|(id, _)| id.to_string() == form.method.trim())
    {
        form.kind = kind.as_str().to_owned();
    }
    let members: Vec<_> = team_people(&state.db, team)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let facilitators: Vec<_> = store::facilitators(&state.db, actor.organisation_id, team)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let clients: Vec<_> = active_clients(&state.db, team)
        .await?
        .into_iter()
        .map(|c| c.0)
        .collect();
    let session = form.parse(&SessionChoices {
        methods: &methods,
        members: &members,
        facilitators: &facilitators,
        clients: &clients,
    })?;
    let signals = seed.as_ref().map(|s| s.signals.clone()).unwrap_or_default();
    let id = store::insert_session(
        &state.db,
        team,
        &session,
        proposal.map(ProposalId),
        &signals,
        actor.user_id,
        Utc::now(),
    )
    .await?;
    crate::notifications::notify::notify_invitees(
        &state.db,
        id,
        actor.user_id,
        crate::notifications::model::NotificationKind::Invitation,
        Utc::now(),
    )
    .await;
    audit::by_actor(
        &state.db,
        &actor,
        "session.create",
        &format!("session:{id}"),
    )
    .await?;
    Ok(id)
}

/// The reader's standing: planners of the team and invitees see the session; for anyone
/// else it does not exist.
pub fn planning_teams(actor: &Actor) -> Vec<TeamId> {
    plans_for(actor)
}

pub(crate) async fn reader(session: SessionId) -> Result<(AppState, Actor, bool), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let access = store::access(&state.db, session, actor.user_id).await?;
    let plans = access.facilitator
        || actor
            .role_in(access.team)
            .is_some_and(|r| PLANNERS.contains(&r));
    if !plans && !access.invited {
        return Err(AppError::NotFound);
    }
    Ok((state, actor, plans))
}

pub(crate) async fn planner(session: SessionId) -> Result<(AppState, Actor), AppError> {
    match reader(session).await? {
        (state, actor, true) => Ok((state, actor)),
        _ => Err(AppError::Forbidden),
    }
}

pub async fn detail(session: SessionId) -> Result<SessionRecord, AppError> {
    let (state, actor, plans) = reader(session).await?;
    let mut record = store::session_detail(&state.db, session, actor.user_id, plans).await?;
    let role = actor.role_in(record.team);
    if record.presenting || record.facilitator.id == actor.user_id {
        record.preparation = Some(store::preparation(&state.db, session).await?);
    }
    record.linked_signals = store::linked_signals(&state.db, session)
        .await?
        .into_iter()
        .filter(|(_, visibility, author)| {
            signal_visible_to(*visibility, *author, actor.user_id, role)
        })
        .map(|(signal, _, author)| LinkedSignal {
            mine: author == actor.user_id,
            ..signal
        })
        .collect();
    crate::sessions::outcomes::service::fill_outcome(&state, &actor, plans, &mut record).await?;
    Ok(record)
}

pub async fn save_preparation(session: SessionId, answers: Vec<String>) -> Result<(), AppError> {
    let (state, actor, _) = reader(session).await?;
    let access = store::access(&state.db, session, actor.user_id).await?;
    if !access.presenter {
        return Err(AppError::Forbidden);
    }
    let answers = parse_answers(&answers)?;
    store::save_preparation(&state.db, session, &answers).await
}

pub async fn answer(session: SessionId, answer: String) -> Result<(), AppError> {
    let (state, actor, _) = reader(session).await?;
    let answer = Answer::parse(answer.trim())
        .filter(|a| *a != Answer::Pending)
        .ok_or_else(|| AppError::invalid("answer", FieldProblem::UnknownChoice))?;
    store::answer(&state.db, session, actor.user_id, answer, Utc::now()).await
}

pub async fn suggest_slots(session: SessionId) -> Result<Vec<SlotChoice>, AppError> {
    let (state, _) = planner(session).await?;
    availability::suggest(&state.db, session, Utc::now()).await
}

pub async fn schedule(session: SessionId, date: String, time: String) -> Result<(), AppError> {
    let (state, actor) = planner(session).await?;
    let starts_at = parse_local_start(&date, &time)?
        .ok_or_else(|| AppError::invalid("date", FieldProblem::Required))?;
    if starts_at < Utc::now() {
        return Err(AppError::invalid("date", FieldProblem::InvalidDate));
    }
    store::reschedule(&state.db, session, starts_at, Utc::now()).await?;
    crate::notifications::notify::notify_invitees(
        &state.db,
        session,
        actor.user_id,
        crate::notifications::model::NotificationKind::Changed,
        Utc::now(),
    )
    .await;
    audit::by_actor(
        &state.db,
        &actor,
        "session.schedule",
        &format!("session:{session}"),
    )
    .await
}

pub async fn cancel(session: SessionId) -> Result<(), AppError> {
    let (state, actor) = planner(session).await?;
    store::cancel(&state.db, session, Utc::now()).await?;
    crate::notifications::notify::notify_invitees(
        &state.db,
        session,
        actor.user_id,
        crate::notifications::model::NotificationKind::Cancelled,
        Utc::now(),
    )
    .await;
    audit::by_actor(
        &state.db,
        &actor,
        "session.cancel",
        &format!("session:{session}"),
    )
    .await
}

pub async fn my_availability() -> Result<AvailabilityDiary, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    availability::load_own(&state.db, actor.user_id).await
}

pub async fn save_windows(rows: Vec<WindowRow>) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let windows = parse_windows(&rows)?;
    availability::replace_windows(&state.db, actor.user_id, &windows).await
}

pub async fn add_absence(
    first_day: String,
    last_day: String,
    reason: String,
) -> Result<AbsenceRow, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let absence = parse_absence(&first_day, &last_day, &reason)?;
    availability::insert_absence(&state.db, actor.user_id, &absence).await
}

pub async fn remove_absence(id: i64) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    availability::delete_absence(&state.db, actor.user_id, id).await
}

pub async fn method_library() -> Result<Vec<crate::sessions::model::Method>, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let mut all = Vec::new();
    // Team 0 matches no team: the seeded and organisation-wide methods.
    let teams = std::iter::once(TeamId(0)).chain(actor.memberships.iter().map(|m| m.team_id));
    for team in teams {
        for method in crate::sessions::methods::store::methods_for_team(
            &state.db,
            actor.organisation_id,
            team,
        )
        .await?
        {
            if !all
                .iter()
                .any(|m: &crate::sessions::model::Method| m.id == method.id)
            {
                all.push(method);
            }
        }
    }
    Ok(all)
}
