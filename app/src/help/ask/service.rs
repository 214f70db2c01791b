//! The server-side logic behind `api.rs`. Every function authorises first; a request is found
//! only by its two people, and a signal only by its author (or, to offer, by the team it was
//! shared with). For anyone else it does not exist.

use chrono::{DateTime, Duration, Utc};

use super::model::{
    HelpAnswer, HelpRequestId, HelpStatus, Initiative, MEETING_MINUTES, Side, may_answer,
    may_offer, may_pick_time, may_withdraw, parse_helper, parse_meeting_time, parse_question,
};
use super::store::{self, NewRequest, RequestRow};
use super::views::{HelpOverview, HelpWaiting, SignalHelp};
use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, UserId};
use crate::error::{AppError, FieldProblem};
use crate::notifications::model::NotificationKind;
use crate::signals::model::{SignalId, Visibility, kinds_from_text};
use crate::state::AppState;

/// How far back colleagues' shared moments are offered for looking along.
const OFFERABLE_WEEKS: i64 = 12;
/// The first time the finder proposes lies this far ahead: the same day, but not this minute.
const NOTICE_MINUTES: i64 = 30;
/// How far ahead it looks: help that waits longer than two weeks is not "now".
const HORIZON_DAYS: i64 = 14;
/// Times proposed per agreed request, and for how many requests on one page.
const FREE_TIMES: usize = 3;
const WITH_FREE_TIMES: usize = 10;

/// Tells `user`; a failure is logged, never returned: what it reports has been saved.
async fn tell(state: &AppState, user: UserId, kind: NotificationKind, request: HelpRequestId) {
    let told =
        crate::notifications::notify::notify_help(&state.db, user, kind, request, Utc::now()).await;
    if let Err(err) = told {
        tracing::warn!(error = %err, %request, kind = kind.as_str(), "telling about help failed");
    }
}

pub async fn signal_help(signal: SignalId) -> Result<SignalHelp, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let own = store::own_signal(&state.db, signal, actor.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let colleagues =
        store::colleagues(&state.db, actor.organisation_id, own.team_id, actor.user_id).await?;
    Ok(SignalHelp {
        signal,
        at: own.created_at,
        client_code: own.code,
        intensity: u8::try_from(own.intensity).unwrap_or(0),
        kinds: kinds_from_text(&own.kinds),
        visibility: Visibility::parse(&own.visibility).unwrap_or(Visibility::Private),
        colleagues,
        requests: store::items_on_signal(&state.db, signal, actor.user_id).await?,
        brought_in: store::brought_in(&state.db, signal, actor.user_id).await?,
    })
}

/// "Breng in bij intervisie": the case goes on the team's list of sessions to plan, as an
/// accepted proposal the leader and facilitators plan from, with the author presenting.
pub async fn bring_in(signal: SignalId) -> Result<crate::limits::model::ProposalId, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let own = store::own_signal(&state.db, signal, actor.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Someone who left the team keeps their signals, but brings nothing to its sessions.
    crate::auth::model::permits(
        &actor,
        Need::TeamRole(own.team_id, &crate::auth::model::TeamRole::ALL),
    )
    .map_err(|_| AppError::NotFound)?;
    let id = crate::limits::proposals::bring_in(
        &state.db,
        own.team_id,
        actor.user_id,
        own.client_id,
        signal,
        Utc::now(),
    )
    .await?;
    audit::by_actor(
        &state.db,
        &actor,
        "help.bring_in",
        &format!("proposal:{id}"),
    )
    .await?;
    Ok(id)
}

/// "Vraag iemand om mee te kijken" on one's own signal.
pub async fn ask(
    signal: SignalId,
    helper: String,
    question: String,
) -> Result<HelpRequestId, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let question = parse_question(&question)?;
    let own = store::own_signal(&state.db, signal, actor.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let colleagues: Vec<UserId> =
        store::colleagues(&state.db, actor.organisation_id, own.team_id, actor.user_id)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
    let helper = parse_helper(&helper, &colleagues, actor.user_id)?;
    let new = NewRequest {
        signal,
        team: own.team_id,
        author: actor.user_id,
        helper,
        initiative: Initiative::Asked,
        question: &question,
        minutes: MEETING_MINUTES,
    };
    let id = store::insert(&state.db, &new, Utc::now()).await?;
    tell(&state, helper, NotificationKind::HelpAsked, id).await;
    audit::by_actor(&state.db, &actor, "help.ask", &format!("help:{id}")).await?;
    Ok(id)
}

/// "Ik kijk graag mee" on a colleague's signal shared with the team.
pub async fn offer(signal: SignalId) -> Result<HelpRequestId, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let (team, author, visibility) = store::signal_for_offer(&state.db, signal)
        .await?
        .ok_or(AppError::NotFound)?;
    let visibility = Visibility::parse(&visibility).unwrap_or(Visibility::Private);
    // A signal not shared with the offerer's team does not exist for them.
    if actor.role_in(team).is_none() || !may_offer(visibility, author, actor.user_id) {
        return Err(AppError::NotFound);
    }
    let new = NewRequest {
        signal,
        team,
        author,
        helper: actor.user_id,
        initiative: Initiative::Offered,
        question: "",
        minutes: MEETING_MINUTES,
    };
    let id = store::insert(&state.db, &new, Utc::now()).await?;
    tell(&state, author, NotificationKind::HelpOffered, id).await;
    audit::by_actor(&state.db, &actor, "help.offer", &format!("help:{id}")).await?;
    Ok(id)
}

/// The request and the reader's side of it; for anyone but its two people it does not exist.
async fn request_and_side(
    state: &AppState,
    actor: &Actor,
    id: HelpRequestId,
) -> Result<(RequestRow, Side), AppError> {
    let row = store::request_of(&state.db, id, actor.user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let side = Side::of(actor.user_id, row.author_id, row.helper_id).ok_or(AppError::NotFound)?;
    Ok((row, side))
}

/// Yes or no. A no needs no reason, and there is nowhere to give one.
pub async fn answer(request: HelpRequestId, answer: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let answer = HelpAnswer::parse(&answer)?;
    let (row, side) = request_and_side(&state, &actor, request).await?;
    let not_now = || AppError::invalid("answer", FieldProblem::NotNow);
    if !may_answer(row.initiative(), row.status(), side) {
        return Err(not_now());
    }
    let to = answer.status();
    if !store::change_status(&state.db, request, HelpStatus::Open, to, Utc::now()).await? {
        return Err(not_now());
    }
    let told = match answer {
        HelpAnswer::Yes => NotificationKind::HelpAccepted,
        HelpAnswer::No => NotificationKind::HelpDeclined,
    };
    tell(&state, row.person(side.other()), told, request).await;
    audit::by_actor(&state.db, &actor, "help.answer", &format!("help:{request}")).await
}

/// Takes back an open request or offer, or calls off an agreed one-to-one.
pub async fn withdraw(request: HelpRequestId) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let (row, side) = request_and_side(&state, &actor, request).await?;
    let not_now = || AppError::invalid("request", FieldProblem::NotNow);
    let from = row.status();
    if !may_withdraw(row.initiative(), from, side) {
        return Err(not_now());
    }
    if !store::change_status(&state.db, request, from, HelpStatus::Withdrawn, Utc::now()).await? {
        return Err(not_now());
    }
    tell(
        &state,
        row.person(side.other()),
        NotificationKind::HelpWithdrawn,
        request,
    )
    .await;
    audit::by_actor(
        &state.db,
        &actor,
        "help.withdraw",
        &format!("help:{request}"),
    )
    .await
}

/// Picks (or moves) the one-to-one's time; either of the two may.
pub async fn pick_time(request: HelpRequestId, date: String, time: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let at = parse_meeting_time(&date, &time, Utc::now())?;
    let (row, side) = request_and_side(&state, &actor, request).await?;
    if !may_pick_time(row.status()) || !store::set_time(&state.db, request, at).await? {
        return Err(AppError::invalid("date", FieldProblem::NotNow));
    }
    tell(
        &state,
        row.person(side.other()),
        NotificationKind::HelpTimeSet,
        request,
    )
    .await;
    audit::by_actor(&state.db, &actor, "help.time", &format!("help:{request}")).await
}

pub async fn overview() -> Result<HelpOverview, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let now = Utc::now();
    let mut as_helper = store::items_for(&state.db, actor.user_id, Side::Helper).await?;
    let mut as_author = store::items_for(&state.db, actor.user_id, Side::Author).await?;
    let mut budget = WITH_FREE_TIMES;
    for (item, other) in as_helper.iter_mut().chain(as_author.iter_mut()) {
        if budget == 0 {
            break;
        }
        if item.may_pick_time() && item.starts_at.is_none_or(|at| at > now) {
            budget -= 1;
            item.free_times =
                free_times(&state, [actor.user_id, *other], item.minutes, now).await?;
        }
    }
    let teams: Vec<_> = actor.memberships.iter().map(|m| m.team_id).collect();
    Ok(HelpOverview {
        as_helper: as_helper.into_iter().map(|(item, _)| item).collect(),
        as_author: as_author.into_iter().map(|(item, _)| item).collect(),
        offerable: store::offerable(
            &state.db,
            &teams,
            actor.user_id,
            now - Duration::weeks(OFFERABLE_WEEKS),
        )
        .await?,
    })
}

pub async fn waiting() -> Result<HelpWaiting, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let now = Utc::now();
    let mut all = store::items_for(&state.db, actor.user_id, Side::Helper).await?;
    all.extend(store::items_for(&state.db, actor.user_id, Side::Author).await?);
    let to_answer = all.iter().filter(|(item, _)| item.may_answer()).count();
    let next = all
        .into_iter()
        .filter(|(item, _)| item.status == HelpStatus::Accepted)
        .filter_map(|(item, _)| {
            item.starts_at
                .filter(|at| *at > now)
                .map(|at| (item.other, at))
        })
        .min_by_key(|(_, at)| *at);
    Ok(HelpWaiting {
        to_answer: u32::try_from(to_answer).unwrap_or(u32::MAX),
        next,
    })
}

/// The first times both are free, from a little after now up to two weeks ahead.
async fn free_times(
    state: &AppState,
    mut people: [UserId; 2],
    minutes: u32,
    now: DateTime<Utc>,
) -> Result<Vec<DateTime<Utc>>, AppError> {
    people.sort_unstable();
    let from = now + Duration::minutes(NOTICE_MINUTES);
    crate::sessions::availability::finder::free_together(
        &state.db,
        &people,
        minutes,
        from,
        from + Duration::days(HORIZON_DAYS),
        FREE_TIMES,
    )
    .await
}
