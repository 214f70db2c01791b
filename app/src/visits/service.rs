//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use crate::shared::ids::{RequestId, SlotId};
use chrono::Utc;

use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Need, TeamId, TeamRole};
use crate::error::{AppError, FieldProblem};
use crate::notifications::model::NotificationKind;
use crate::visits::model::{
    BookingId, BookingStatus, NewBooking, NewOffer, NewSlot, OfferId, Side, visit_text,
};
use crate::visits::notify::tell;
use crate::visits::store;
use crate::visits::views::{Neighbour, OfferCard};

/// Anyone in the team acts for it: looking along is meant to be low-threshold.
const ANY_MEMBER: &[TeamRole] = &[TeamRole::Leader, TeamRole::Member, TeamRole::Facilitator];

pub async fn neighbours() -> Result<Vec<Neighbour>, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    store::neighbours(&state.db, actor.organisation_id).await
}

pub async fn offers() -> Result<Vec<OfferCard>, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    store::offers(&state.db, actor.organisation_id, Utc::now()).await
}

/// The codes of the team's clients: free text on a visit may not name any of them.
async fn client_codes(
    state: &crate::state::AppState,
    team: TeamId,
) -> Result<Vec<String>, AppError> {
    Ok(crate::caseload::directory::active_clients(&state.db, team)
        .await?
        .into_iter()
        .map(|(_, code)| code)
        .collect())
}

pub async fn post_request(team: TeamId, wish: String) -> Result<RequestId, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, ANY_MEMBER)).await?;
    let codes = client_codes(&state, team).await?;
    let wish = visit_text("wish", &wish, 1000, true, &codes)?;
    let id = store::insert_request(&state.db, team, &wish, actor.user_id, Utc::now()).await?;
    audit::by_actor(&state.db, &actor, "visit.request", &format!("request:{id}")).await?;
    Ok(id)
}

pub async fn publish(
    team: TeamId,
    request: String,
    [theme, what_to_see, location, language]: [String; 4],
    [date, time, minutes, capacity]: [String; 4],
) -> Result<OfferId, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, ANY_MEMBER)).await?;
    let codes = client_codes(&state, team).await?;
    let offer = NewOffer::parse(&theme, &what_to_see, &location, &language, &codes)?;
    let slot = NewSlot::parse(&date, &time, &minutes, &capacity, Utc::now())?;
    let request = match request.trim() {
        "" => None,
        raw => Some(raw.parse::<RequestId>().map_err(|_| AppError::NotFound)?),
    };
    if let Some(request) = request {
        let open = store::open_requests(&state.db, actor.organisation_id).await?;
        if !open.iter().any(|r| r.id == request && r.team != team) {
            return Err(AppError::NotFound);
        }
    }
    let id =
        store::insert_offer(&state.db, team, &offer, request, actor.user_id, Utc::now()).await?;
    store::insert_slot(&state.db, id, &slot).await?;
    audit::by_actor(&state.db, &actor, "visit.offer", &format!("offer:{id}")).await?;
    Ok(id)
}

pub async fn book(
    slot: SlotId,
    team: TeamId,
    visitors: String,
    question: String,
) -> Result<BookingId, AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, ANY_MEMBER)).await?;
    let (host, _) = store::slot_host(&state.db, actor.organisation_id, slot).await?;
    if host == team {
        return Err(AppError::invalid("team", FieldProblem::UnknownChoice));
    }
    let members: Vec<_> = crate::teams::directory::team_people(&state.db, team)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let codes = client_codes(&state, team).await?;
    let raw: Vec<String> = visitors.split(',').map(str::to_owned).collect();
    let booking = NewBooking::parse(&raw, &question, &members, &codes)?;
    let now = Utc::now();
    let id = store::book(&state.db, slot, team, &booking, actor.user_id, now).await?;
    audit::by_actor(&state.db, &actor, "visit.book", &format!("booking:{id}")).await?;
    tell(
        &state.db,
        id,
        Side::Host,
        NotificationKind::VisitBooked,
        actor.user_id,
        now,
    )
    .await;
    Ok(id)
}

pub async fn board() -> Result<crate::visits::views::VisitsBoard, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let now = Utc::now();
    let mut teams = Vec::new();
    for m in &actor.memberships {
        let profile = store::profile(&state.db, m.team_id).await?;
        teams.push(crate::visits::views::MyTeam {
            team: m.team_id,
            name: m.team_name.clone(),
            people: crate::teams::directory::team_people(&state.db, m.team_id).await?,
            ledger: store::ledger(&state.db, m.team_id, now).await?,
            target: profile.target,
            leads: m.role == TeamRole::Leader,
            accepts_visits: profile.accepts,
            region: profile.region,
            what_to_see: profile.what_to_see,
        });
    }
    let ids: Vec<TeamId> = actor.memberships.iter().map(|m| m.team_id).collect();
    let organisation = if actor.is_admin {
        let org = actor.organisation_id;
        Some(crate::visits::offers::store::organisation_ledgers(&state.db, org, now).await?)
    } else {
        None
    };
    Ok(crate::visits::views::VisitsBoard {
        teams,
        bookings: store::bookings_for(&state.db, &ids).await?,
        requests: store::open_requests(&state.db, actor.organisation_id).await?,
        organisation,
    })
}

pub async fn reflect(
    booking: BookingId,
    struck: String,
    take_away: String,
    share_wider: bool,
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let parties = store::parties(&state.db, booking).await?;
    let side = if actor.role_in(parties.host).is_some() {
        Side::Host
    } else if actor.role_in(parties.visitor).is_some() {
        Side::Visitor
    } else {
        return Err(AppError::NotFound);
    };
    if parties.status != BookingStatus::Confirmed || parties.starts_at > Utc::now() {
        return Err(AppError::invalid("struck", FieldProblem::Stale));
    }
    let struck = visit_text("struck", &struck, 1000, true, &[])?;
    let take_away = visit_text("take_away", &take_away, 1000, true, &[])?;
    store::write_reflection(
        &state.db,
        booking,
        side,
        &struck,
        &take_away,
        share_wider,
        actor.user_id,
        Utc::now(),
    )
    .await?;
    audit::by_actor(
        &state.db,
        &actor,
        "visit.reflect",
        &format!("booking:{booking}"),
    )
    .await
}

pub async fn library(query: String) -> Result<Vec<crate::visits::views::ReflectionCard>, AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let teams: Vec<TeamId> = actor.memberships.iter().map(|m| m.team_id).collect();
    let query: String = query.chars().take(100).collect();
    store::library(&state.db, actor.organisation_id, &teams, &query).await
}

pub async fn save_profile(
    team: TeamId,
    accepts: bool,
    region: String,
    what_to_see: String,
    [host_target, visit_target]: [String; 2],
) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::TeamRole(team, &[TeamRole::Leader])).await?;
    let target = |field: &str, raw: &str| {
        raw.trim()
            .parse::<u32>()
            .ok()
            .filter(|n| *n <= 24)
            .ok_or_else(|| AppError::invalid(field, FieldProblem::OutOfRange))
    };
    let profile = store::Profile {
        accepts,
        region: visit_text("region", &region, 120, false, &[])?,
        what_to_see: visit_text("shown_to_visitors", &what_to_see, 1000, false, &[])?,
        contact: Some(actor.user_id),
        target: crate::visits::model::Target {
            host: target("host_target", &host_target)?,
            visit: target("visit_target", &visit_target)?,
        },
    };
    store::save_profile(&state.db, team, &profile).await?;
    audit::by_actor(&state.db, &actor, "visit.profile", &format!("team:{team}")).await
}

pub async fn decide(booking: BookingId, decision: String, reason: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let parties = store::parties(&state.db, booking).await?;
    if actor.role_in(parties.host).is_none() {
        return Err(AppError::NotFound);
    }
    let (to, news) = match decision.trim() {
        "confirm" => (BookingStatus::Confirmed, NotificationKind::VisitConfirmed),
        "decline" => (BookingStatus::Declined, NotificationKind::VisitDeclined),
        _ => return Err(AppError::invalid("decision", FieldProblem::UnknownChoice)),
    };
    let reason = visit_text("reason", &reason, 500, to == BookingStatus::Declined, &[])?;
    let now = Utc::now();
    store::change_status(
        &state.db,
        booking,
        &[BookingStatus::Requested],
        to,
        &reason,
        now,
    )
    .await?;
    audit::by_actor(
        &state.db,
        &actor,
        "visit.decide",
        &format!("booking:{booking}"),
    )
    .await?;
    tell(&state.db, booking, Side::Visitor, news, actor.user_id, now).await;
    Ok(())
}

pub async fn cancel(booking: BookingId, reason: String) -> Result<(), AppError> {
    let (state, actor) = authorize(Need::SignedIn).await?;
    let parties = store::parties(&state.db, booking).await?;
    if actor.role_in(parties.host).is_none() && actor.role_in(parties.visitor).is_none() {
        return Err(AppError::NotFound);
    }
    let reason = visit_text("reason", &reason, 500, true, &[])?;
    let now = Utc::now();
    store::change_status(
        &state.db,
        booking,
        &[BookingStatus::Requested, BookingStatus::Confirmed],
        BookingStatus::Cancelled,
        &reason,
        now,
    )
    .await?;
    audit::by_actor(
        &state.db,
        &actor,
        "visit.cancel",
        &format!("booking:{booking}"),
    )
    .await?;
    // The other side hears of it; a host cancelling tells the visitors, and vice versa.
    let other = if actor.role_in(parties.host).is_some() {
        Side::Visitor
    } else {
        Side::Host
    };
    let kind = NotificationKind::VisitCancelled;
    tell(&state.db, booking, other, kind, actor.user_id, now).await;
    Ok(())
}
