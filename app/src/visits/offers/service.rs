//! The server-side logic behind `api.rs`: each function authorises first, then parses,
//! calls the store and returns what the reader may see.

use chrono::Utc;

use super::store as offer_store;
use crate::audit;
use crate::auth::guard::authorize;
use crate::auth::model::{Actor, Need, TeamId, TeamRole};
use crate::error::AppError;
use crate::state::AppState;
use crate::visits::model::{NewSlot, OfferId, RequestId};
use crate::visits::store;

const ANY_MEMBER: &[TeamRole] = &[TeamRole::Leader, TeamRole::Member, TeamRole::Facilitator];

/// A member of `team`; anyone else learns nothing, not even that the offer exists.
async fn member_of(team: TeamId) -> Result<(AppState, Actor), AppError> {
    authorize(Need::TeamRole(team, ANY_MEMBER))
        .await
        .map_err(|err| match err {
            AppError::Forbidden => AppError::NotFound,
            other => other,
        })
}

pub async fn add_slot(
    offer: OfferId,
    [date, time, minutes, capacity]: [String; 4],
) -> Result<(), AppError> {
    let (state, _) = authorize(Need::SignedIn).await?;
    let team = offer_store::open_offer_host(&state.db, offer).await?;
    let (state, actor) = member_of(team).await?;
    let slot = NewSlot::parse(&date, &time, &minutes, &capacity, Utc::now())?;
    let slot = store::insert_slot(&state.db, offer, &slot).await?;
    audit::by_actor(&state.db, &actor, "visit.slot", &format!("slot:{slot}")).await
}

pub async fn close_offer(offer: OfferId) -> Result<(), AppError> {
    let (state, _) = authorize(Need::SignedIn).await?;
    let team = offer_store::open_offer_host(&state.db, offer).await?;
    let (state, actor) = member_of(team).await?;
    offer_store::close_offer(&state.db, offer, Utc::now()).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "visit.offer.close",
        &format!("offer:{offer}"),
    )
    .await
}

pub async fn close_request(request: RequestId) -> Result<(), AppError> {
    let (state, _) = authorize(Need::SignedIn).await?;
    let team = offer_store::open_request_team(&state.db, request).await?;
    let (state, actor) = member_of(team).await?;
    offer_store::close_request(&state.db, request, Utc::now()).await?;
    audit::by_actor(
        &state.db,
        &actor,
        "visit.request.close",
        &format!("request:{request}"),
    )
    .await
}
